import { expect } from "chai";
import {
  requireGroupId,
  serviceAccountTokenName,
  usedLevels,
  WORKFLOWS_LEVEL_RULES,
  workflowsLevelRules,
  WORKFLOWS_PRECEDENCE,
  workflowsClusterRoleName,
  workflowsGrants,
  workflowsRbacRule,
  workflowsServiceAccountName,
  type PolicyRule,
} from "../../components/workflows-rules";
import { group } from "../contract/argo-sample";
import { ADMIN_EXTRA, VIEW_RULES, WORKFLOW_RUN } from "../support/workflows-levels";

/** Whether `rules` allow `verb` on `resource` of `apiGroup`. */
function allows(rules: readonly PolicyRule[], apiGroup: string, resource: string, verb: string): boolean {
  return rules.some(
    (r) => r.apiGroups.includes(apiGroup) && r.resources.includes(resource) && r.verbs.includes(verb),
  );
}

describe("workflows-rules", () => {
  it("gives each level exactly the rules written out here", () => {
    expect(WORKFLOWS_LEVEL_RULES).to.deep.equal({
      view: VIEW_RULES,
      edit: [...VIEW_RULES, WORKFLOW_RUN],
      admin: [...VIEW_RULES, ...ADMIN_EXTRA],
    });
  });

  it("writes the rule with $env?.groups ?? [], which is false, not an error, without a groups claim", () => {
    expect(workflowsRbacRule("1c3b6906-8a04-141f-ff32-11a38d577291")).to.equal(
      "'1c3b6906-8a04-141f-ff32-11a38d577291' in ($env?.groups ?? [])",
    );
  });

  it("refuses an ID that would escape the quotes", () => {
    expect(() => workflowsRbacRule("x' || true || '")).to.throw(
      "cannot be quoted in an Argo Workflows rbac-rule",
    );
  });

  it("refuses an ID that breaks out of the quotes at its start", () => {
    expect(() => workflowsRbacRule("' in groups || true || 'abc")).to.throw(
      "cannot be quoted in an Argo Workflows rbac-rule",
    );
  });

  it("finds a group's ID", () => {
    expect(requireGroupId({ devs: "1234" }, "devs")).to.equal("1234");
  });

  it("fails naming the group when it has no ID", () => {
    expect(() => requireGroupId({}, "ghosts")).to.throw(
      "group ghosts: no Identity Store group ID for its Argo Workflows rule",
    );
  });

  it("names the ServiceAccount sso-<group key> when the key is a valid name", () => {
    expect(workflowsServiceAccountName("platform-admins")).to.equal("sso-platform-admins");
  });

  it("adds a hash when the key had to be changed, so keys differing in case stay apart", () => {
    const upper = workflowsServiceAccountName("Platform_Admins");
    const lower = workflowsServiceAccountName("platform-admins");
    expect(upper).to.match(/^sso-platform-admins-[0-9a-f]{8}$/);
    expect(upper).to.not.equal(lower);
  });

  it("keeps long names within 63 characters", () => {
    const name = workflowsServiceAccountName("a".repeat(100));
    expect(name.length).to.be.at.most(63);
    expect(name).to.match(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });

  it("names the token Secret <sa>.service-account-token", () => {
    expect(serviceAccountTokenName("sso-devs")).to.equal("sso-devs.service-account-token");
  });

  it("names the ClusterRole after the release and level", () => {
    expect(workflowsClusterRoleName("argo-workflows", "view")).to.equal("argo-workflows-sso-view");
  });

  it("ranks admin above edit above view", () => {
    expect(WORKFLOWS_PRECEDENCE.admin).to.be.greaterThan(WORKFLOWS_PRECEDENCE.edit);
    expect(WORKFLOWS_PRECEDENCE.edit).to.be.greaterThan(WORKFLOWS_PRECEDENCE.view);
  });

  it("makes one grant per group with a Workflows role, sorted by key", () => {
    const grants = workflowsGrants({
      b: group("b", { workflows: "view" }),
      a: group("a", { workflows: "admin" }),
      c: group("c", { argocd: "role:admin" }),
    });
    expect(grants).to.deep.equal([
      { groupKey: "a", level: "admin", serviceAccount: "sso-a", precedence: WORKFLOWS_PRECEDENCE.admin },
      { groupKey: "b", level: "view", serviceAccount: "sso-b", precedence: WORKFLOWS_PRECEDENCE.view },
    ]);
  });

  it("lists only the levels in use, strongest first", () => {
    const grants = workflowsGrants({
      b: group("b", { workflows: "view" }),
      a: group("a", { workflows: "admin" }),
    });
    expect(usedLevels(grants)).to.deep.equal(["admin", "view"]);
  });

  it("lets view read workflows, templates and logs", () => {
    const view = WORKFLOWS_LEVEL_RULES.view;
    for (const resource of ["workflows", "workflowtemplates", "cronworkflows", "clusterworkflowtemplates"]) {
      expect(allows(view, "argoproj.io", resource, "list"), resource).to.equal(true);
    }
    expect(allows(view, "", "pods/log", "get")).to.equal(true);
  });

  it("gives view no verb that changes anything", () => {
    const verbs = WORKFLOWS_LEVEL_RULES.view.flatMap((r) => r.verbs);
    expect(verbs.filter((v) => !["get", "list", "watch"].includes(v))).to.deep.equal([]);
  });

  it("lets edit submit and stop workflows but not delete them or change templates", () => {
    const edit = WORKFLOWS_LEVEL_RULES.edit;
    expect(allows(edit, "argoproj.io", "workflows", "create")).to.equal(true);
    expect(allows(edit, "argoproj.io", "workflows", "patch")).to.equal(true);
    expect(allows(edit, "argoproj.io", "workflows", "delete")).to.equal(false);
    expect(allows(edit, "argoproj.io", "workflowtemplates", "update")).to.equal(false);
  });

  it("lets admin delete workflows and manage cluster templates", () => {
    const admin = WORKFLOWS_LEVEL_RULES.admin;
    expect(allows(admin, "argoproj.io", "workflows", "delete")).to.equal(true);
    expect(allows(admin, "argoproj.io", "clusterworkflowtemplates", "create")).to.equal(true);
  });

  it("grants no eventbus and no deletecollection, which argo-server v4.0.6 never uses", () => {
    for (const rules of Object.values(WORKFLOWS_LEVEL_RULES)) {
      expect(rules.flatMap((r) => r.resources)).to.not.include("eventbus");
      expect(rules.flatMap((r) => r.verbs)).to.not.include("deletecollection");
    }
  });

  it("adds a get-by-name Secret rule for artifact Secrets, and nothing without them", () => {
    expect(workflowsLevelRules("view", [])).to.deep.equal([...WORKFLOWS_LEVEL_RULES.view]);
    expect(workflowsLevelRules("edit", ["art"]).at(-1)).to.deep.equal({
      apiGroups: [""],
      resources: ["secrets"],
      resourceNames: ["art"],
      verbs: ["get"],
    });
  });

  it("never grants access to Secrets at any level", () => {
    for (const rules of Object.values(WORKFLOWS_LEVEL_RULES)) {
      expect(rules.flatMap((r) => r.resources)).to.not.include("secrets");
    }
  });

  it("includes everything of the level below in each level", () => {
    const triples = (rules: readonly PolicyRule[]) =>
      rules.flatMap((r) =>
        r.apiGroups.flatMap((g) => r.resources.flatMap((res) => r.verbs.map((v) => `${g}/${res}/${v}`))),
      );
    expect(triples(WORKFLOWS_LEVEL_RULES.edit)).to.include.members(triples(WORKFLOWS_LEVEL_RULES.view));
    expect(triples(WORKFLOWS_LEVEL_RULES.admin)).to.include.members(triples(WORKFLOWS_LEVEL_RULES.edit));
  });
});
