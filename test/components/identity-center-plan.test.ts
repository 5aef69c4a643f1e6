import { expect } from "chai";
import {
  argoGroupKeys,
  awsCliGrants,
  identityCenterProblems,
  planAccountAssignments,
  planUserAssignments,
} from "../../components/identity-center-plan";
import { exampleArgs, group, permissionSet, SANDBOX, user, WORKLOADS } from "./identity-center.fixture";

describe("components/identity-center-plan", () => {
  describe("planAccountAssignments", () => {
    it("lists every (group, permission set, account) the groups grant, sorted by permission set", () => {
      expect(planAccountAssignments(exampleArgs().groups)).to.deep.equal([
        { groupKey: "platform-admins", permissionSet: "Admin", accountId: SANDBOX },
        { groupKey: "platform-admins", permissionSet: "Admin", accountId: WORKLOADS },
        { groupKey: "auditors", permissionSet: "Developer", accountId: SANDBOX },
        { groupKey: "developers", permissionSet: "Developer", accountId: WORKLOADS },
      ]);
    });

    it("lists a triple granted twice once", () => {
      const groups = {
        a: group("a", {
          aws: [
            { permissionSet: "Admin", accountIds: [SANDBOX] },
            { permissionSet: "Admin", accountIds: [SANDBOX, WORKLOADS] },
          ],
        }),
      };
      expect(planAccountAssignments(groups)).to.have.length(2);
    });
  });

  describe("planUserAssignments", () => {
    it("lists each user's grants with principal type USER and the adoption flag", () => {
      const users = {
        "carol@example.com": user("carol@example.com", {
          source: "existing",
          aws: [{ permissionSet: "Developer", accountIds: [WORKLOADS, SANDBOX], adopt: true }],
        }),
        "dan@example.com": user("dan@example.com"),
      };
      expect(planUserAssignments(users)).to.deep.equal([
        {
          groupKey: "carol@example.com",
          permissionSet: "Developer",
          accountId: SANDBOX,
          principalType: "USER",
          adopt: true,
        },
        {
          groupKey: "carol@example.com",
          permissionSet: "Developer",
          accountId: WORKLOADS,
          principalType: "USER",
          adopt: true,
        },
      ]);
    });

    it("reports a user's grant of an unknown permission set with its key", () => {
      const args = exampleArgs({
        users: {
          ...exampleArgs().users,
          "carol@example.com": user("carol@example.com", {
            aws: [{ permissionSet: "Ops", accountIds: [SANDBOX] }],
          }),
        },
      });
      expect(identityCenterProblems(args)).to.deep.equal([
        'argo-sso:users.carol@example.com.aws[0].permissionSet: unknown permission set "Ops"; known: Admin, Developer',
      ]);
    });
  });

  describe("argoGroupKeys", () => {
    it("selects the groups with an Argo CD or Argo Workflows role", () => {
      const groups = {
        cd: group("cd", { argocd: "role:readonly" }),
        wf: group("wf", { workflows: "view" }),
        aws: group("aws"),
        blank: group("blank", { argocd: "" }),
      };
      expect(argoGroupKeys(groups)).to.deep.equal(["cd", "wf"]);
    });
  });

  describe("awsCliGrants", () => {
    it("labels each account with its friendly name, one entry per (account, permission set)", () => {
      expect(awsCliGrants(exampleArgs().groups, { sandbox: SANDBOX, workloads: WORKLOADS })).to.deep.equal([
        { accountId: SANDBOX, permissionSet: "Admin", accountName: "sandbox" },
        { accountId: WORKLOADS, permissionSet: "Admin", accountName: "workloads" },
        { accountId: SANDBOX, permissionSet: "Developer", accountName: "sandbox" },
        { accountId: WORKLOADS, permissionSet: "Developer", accountName: "workloads" },
      ]);
    });

    it("uses the alphabetically first name of an account that has several", () => {
      const groups = { a: group("a", { aws: [{ permissionSet: "Admin", accountIds: [SANDBOX] }] }) };
      expect(awsCliGrants(groups, { zeta: SANDBOX, alpha: SANDBOX })[0]?.accountName).to.equal("alpha");
    });

    it("leaves the name out for an account without one", () => {
      const groups = { a: group("a", { aws: [{ permissionSet: "Admin", accountIds: [SANDBOX] }] }) };
      expect(awsCliGrants(groups, {})[0]).to.deep.equal({ accountId: SANDBOX, permissionSet: "Admin" });
    });
  });

  describe("identityCenterProblems", () => {
    it("finds nothing wrong with the example", () => {
      expect(identityCenterProblems(exampleArgs())).to.deep.equal([]);
    });

    it("names an unknown permission set with its key and the known ones", () => {
      const args = exampleArgs();
      const groups = {
        ...args.groups,
        ops: group("ops", { aws: [{ permissionSet: "Dev", accountIds: [SANDBOX] }] }),
      };
      expect(identityCenterProblems({ ...args, groups })).to.deep.equal([
        'argo-sso:groups.ops.aws[0].permissionSet: unknown permission set "Dev"; known: Admin, Developer',
      ]);
    });

    it("names a bad Argo CD URL with its config key", () => {
      expect(identityCenterProblems(exampleArgs({ argocdUrl: "https://argocd.example.com/" }))).to.deep.equal(
        [
          'argo-sso:argocd.url: argocdUrl must not end with "/" (Argo CD appends /api/dex to it), got "https://argocd.example.com/"',
        ],
      );
    });

    it("reports every problem, not only the first", () => {
      const args = exampleArgs();
      const groups = {
        ops: group("ops", {
          members: ["bob@example.com"],
          aws: [{ permissionSet: "Admin", accountIds: ["12345"] }],
        }),
        ext: group("ext", { displayName: "ops", source: "external", members: ["alice@example.com"] }),
      };
      expect(
        identityCenterProblems({ ...args, groups, samlApplicationArn: "arn:aws:sso:::app" }),
      ).to.deep.equal([
        'argo-sso:identityCenter.samlApplication.arn: must be an Identity Center application ARN, got "arn:aws:sso:::app"',
        'argo-sso:groups.ops.members[0]: unknown user "bob@example.com"; known: alice@example.com',
        'argo-sso:groups.ops.aws[0].accounts[0]: must be a 12-digit account ID, got "12345"',
        'argo-sso:groups.ext.displayName: "ops" is also the display name of group "ops"',
        "argo-sso:groups.ext.members: external groups are synced by SCIM; members can only be set on managed groups",
      ]);
    });
  });
  describe("orders and identifiers written out by hand", () => {
    const ps = (name: string) => permissionSet(name);

    it("sorts the plan by permission set, then group, then account, whatever the config order", () => {
      const groups = {
        z: group("z", { aws: [{ permissionSet: "Admin", accountIds: [WORKLOADS, SANDBOX] }] }),
        a: group("a", {
          aws: [
            { permissionSet: "Audit", accountIds: [SANDBOX] },
            { permissionSet: "Admin", accountIds: [WORKLOADS] },
          ],
        }),
      };
      expect(planAccountAssignments(groups)).to.deep.equal([
        { groupKey: "a", permissionSet: "Admin", accountId: WORKLOADS },
        { groupKey: "z", permissionSet: "Admin", accountId: SANDBOX },
        { groupKey: "z", permissionSet: "Admin", accountId: WORKLOADS },
        { groupKey: "a", permissionSet: "Audit", accountId: SANDBOX },
      ]);
    });

    it("sorts the Argo group keys", () => {
      const groups = {
        z: group("z", { argocd: "role:readonly" }),
        m: group("m"),
        a: group("a", { workflows: "view" }),
      };
      expect(argoGroupKeys(groups)).to.deep.equal(["a", "z"]);
    });

    it("lists CLI grants of groups and users by permission set, each (account, set) once", () => {
      const groups = { g: group("g", { aws: [{ permissionSet: "Zed", accountIds: [WORKLOADS, SANDBOX] }] }) };
      const users = {
        u: user("u", {
          aws: [
            { permissionSet: "Zed", accountIds: [SANDBOX] },
            { permissionSet: "Alpha", accountIds: [WORKLOADS] },
          ],
        }),
      };
      expect(awsCliGrants(groups, { sandbox: SANDBOX }, users)).to.deep.equal([
        { accountId: WORKLOADS, permissionSet: "Alpha" },
        { accountId: SANDBOX, permissionSet: "Zed", accountName: "sandbox" },
        { accountId: WORKLOADS, permissionSet: "Zed" },
      ]);
    });

    it("lists the known permission sets and users sorted, or none", () => {
      const args = exampleArgs();
      const problems = identityCenterProblems({
        ...args,
        permissionSets: { Zed: ps("Zed"), Alpha: ps("Alpha") },
        users: { zoe: user("zoe"), al: user("al") },
        groups: {
          ops: group("ops", { members: ["bob"], aws: [{ permissionSet: "Nope", accountIds: [SANDBOX] }] }),
        },
      });
      expect(problems).to.deep.equal([
        'argo-sso:groups.ops.members[0]: unknown user "bob"; known: al, zoe',
        'argo-sso:groups.ops.aws[0].permissionSet: unknown permission set "Nope"; known: Alpha, Zed',
      ]);
      const none = identityCenterProblems({
        ...args,
        permissionSets: {},
        users: { u: user("u", { aws: [{ permissionSet: "Nope", accountIds: [SANDBOX] }] }) },
        groups: { ops: group("ops", { members: ["u", "bob"] }) },
      });
      expect(none).to.deep.equal([
        'argo-sso:users.u.aws[0].permissionSet: unknown permission set "Nope"; known: none',
        'argo-sso:groups.ops.members[1]: unknown user "bob"; known: u',
      ]);
      const noUsers = identityCenterProblems({
        ...args,
        users: {},
        groups: { ops: group("ops", { members: ["bob"] }) },
      });
      expect(noUsers).to.deep.equal(['argo-sso:groups.ops.members[0]: unknown user "bob"; known: none']);
    });

    it("accepts a user's grant of a known permission set, and says none known for a group's unknown one", () => {
      const args = exampleArgs();
      expect(
        identityCenterProblems({
          ...args,
          users: {
            ...args.users,
            u: user("u", { aws: [{ permissionSet: "Admin", accountIds: [SANDBOX] }] }),
          },
        }),
      ).to.deep.equal([]);
      expect(
        identityCenterProblems({
          ...args,
          permissionSets: {},
          users: {},
          groups: { ops: group("ops", { aws: [{ permissionSet: "Nope", accountIds: [SANDBOX] }] }) },
        }),
      ).to.deep.equal([
        'argo-sso:groups.ops.aws[0].permissionSet: unknown permission set "Nope"; known: none',
      ]);
    });

    it("takes exactly 12 digits as an account ID", () => {
      const args = exampleArgs();
      const problems = identityCenterProblems({
        ...args,
        groups: {
          ops: group("ops", {
            aws: [{ permissionSet: "Admin", accountIds: ["x123456789012", "1234567890123", SANDBOX] }],
          }),
        },
      });
      expect(problems).to.deep.equal([
        'argo-sso:groups.ops.aws[0].accounts[0]: must be a 12-digit account ID, got "x123456789012"',
        'argo-sso:groups.ops.aws[0].accounts[1]: must be a 12-digit account ID, got "1234567890123"',
      ]);
    });

    it("takes an application ARN of any partition and either instance-ID form, anchored at both ends", () => {
      // Instance IDs are (sso)?ins-[a-zA-Z0-9-.]{16} (SSO Admin API reference, InstanceArn pattern).
      const ok = [
        "arn:aws:sso::123456789012:application/ssoins-1111222233334444/apl-5555666677778888",
        "arn:aws-cn:sso::123456789012:application/ssoins-1111222233334444/apl-5555666677778888",
        "arn:aws:sso::123456789012:application/ins-1111222233334444/apl-5555666677778888",
      ];
      for (const arn of ok) {
        expect(identityCenterProblems(exampleArgs({ samlApplicationArn: arn })), arn).to.deep.equal([]);
      }
      const bad = [
        "xarn:aws:sso::123456789012:application/ssoins-1111222233334444/apl-5555666677778888",
        "arn:aws:sso::123456789012:application/ssoins-1111222233334444/apl-5555666677778888/x",
        "arn:aws1:sso::123456789012:application/ssoins-1111222233334444/apl-5555666677778888",
      ];
      for (const arn of bad) {
        expect(identityCenterProblems(exampleArgs({ samlApplicationArn: arn })), arn).to.deep.equal([
          `argo-sso:identityCenter.samlApplication.arn: must be an Identity Center application ARN, got "${arn}"`,
        ]);
      }
    });
  });
});
