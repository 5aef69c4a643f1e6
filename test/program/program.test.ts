/**
 * The whole program (index.ts) over both stack files, under the capture mock: what a real
 * `pulumi up` would be asked to create, how values flow between the halves, and what bad input
 * does.
 */
import { expect } from "chai";
import * as fc from "fast-check";
import { propertyRuns } from "../support/property";
import {
  fakeGuid,
  findCreated,
  ofType,
  runProgram,
  SECRET_PLACEHOLDER,
  type ProgramRun,
} from "../support/capture";
import {
  devRuntimeConfig,
  prodRuntimeConfig,
  parseValue,
  withConfig,
  type RuntimeConfig,
} from "../support/configs";
import { StackConfigError } from "../../stacks/config-error";
import { runProgramOnce } from "../support/runs";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const PROVIDER_PREFIX = "pulumi:providers:";

function run(stack: "dev" | "prod", config: RuntimeConfig, mocks = {}): Promise<ProgramRun> {
  return runProgramOnce({ stack, config, mocks });
}

function release(r: ProgramRun, chart: string) {
  const found = ofType(r, RELEASE).find((x) => x.inputs.chart === chart);
  if (!found) throw new Error(`no ${chart} release`);
  return found;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function groupsOf(config: RuntimeConfig): Record<string, any> {
  return parseValue(config["argo-sso:groups"]) as Record<string, unknown>;
}

for (const stack of ["dev", "prod"] as const) {
  describe(`the program over Pulumi.${stack}.yaml`, function () {
    this.timeout(60000);
    const config = stack === "dev" ? devRuntimeConfig() : prodRuntimeConfig();
    let result: ProgramRun;

    before(async () => {
      result = await run(stack, config);
    });

    it("gives every resource an explicit provider: nothing lands on a default provider", () => {
      const custom = result.resources.filter((r) => r.custom && !r.type.startsWith(PROVIDER_PREFIX));
      expect(custom.length).to.be.greaterThan(20);
      const expected: Record<string, string> = {
        aws: "pulumi:providers:aws::aws",
        kubernetes: "pulumi:providers:kubernetes::cluster",
        random: "pulumi:providers:random::random",
      };
      for (const r of custom) {
        expect(r.provider, `${r.type} ${r.name}`).to.equal(expected[r.type.split(":")[0]]);
      }
    });

    it("exports every documented stack output", () => {
      expect(result.outputs).to.include.keys(
        "groupIds",
        "permissionSetArns",
        "accessPortalUrl",
        "awsCliConfig",
        "samlApplicationSetup",
        "argocdUrl",
        "workflowsUrl",
        "dexIssuer",
      );
      const argocd = parseValue(config["argo-sso:argocd"]) as { url: string };
      expect(result.outputs.argocdUrl).to.equal(argocd.url);
      expect(result.outputs.dexIssuer).to.equal(`${argocd.url}/api/dex`);
      expect(result.outputs.samlApplicationSetup).to.deep.include({
        acsUrl: `${argocd.url}/api/dex/callback`,
        audience: `${argocd.url}/api/dex/callback`,
      });
    });

    it("carries each managed group's created ID, and each external group's looked-up ID, into groupIds", () => {
      const groupIds = result.outputs.groupIds as Record<string, string>;
      const groups = groupsOf(config);
      expect(Object.keys(groupIds).sort()).to.deep.equal(Object.keys(groups).sort());
      for (const [key, group] of Object.entries(groups)) {
        if ((group.source ?? "managed") === "managed") {
          const created = ofType(result, "aws:identitystore/group:Group").find(
            (g) => g.inputs.displayName === (group.displayName ?? key),
          );
          expect(created, key).to.not.equal(undefined);
          expect(groupIds[key]).to.equal(created?.outputs.groupId);
        } else {
          // The ID the (mocked) SCIM lookup by display name returns, not one made up elsewhere.
          expect(groupIds[key], key).to.equal(fakeGuid(`external-group:${group.displayName ?? key}`));
        }
      }
    });

    it("binds each Argo CD group by its ID (never its name) in policy.csv", () => {
      const groupIds = result.outputs.groupIds as Record<string, string>;
      const values = release(result, "argo-cd").inputs.values as {
        configs: { rbac: Record<string, string> };
      };
      const csv = values.configs.rbac["policy.csv"];
      for (const [key, group] of Object.entries(groupsOf(config))) {
        if (group.argocd) expect(csv, key).to.include(`g, ${groupIds[key]}, ${group.argocd}`);
        expect(csv).not.to.match(new RegExp(`^g, ${key},`, "m"));
      }
    });

    it("writes each Workflows group's ID into its ServiceAccount's RBAC rule", () => {
      const groupIds = result.outputs.groupIds as Record<string, string>;
      const rules = ofType(result, "kubernetes:core/v1:ServiceAccount").map(
        (sa) => (sa.inputs.metadata as { annotations: Record<string, string> }).annotations,
      );
      for (const [key, group] of Object.entries(groupsOf(config))) {
        if (!group.workflows) continue;
        const rule = `'${groupIds[key]}' in ($env?.groups ?? [])`;
        expect(
          rules.some((a) => a["workflows.argoproj.io/rbac-rule"] === rule),
          key,
        ).to.equal(true);
      }
    });

    it("keeps the client secret out of both releases and masks it in both Secrets", () => {
      const all = JSON.stringify(result);
      expect(all).not.to.match(/mock-[0-9a-f]{48}/);
      for (const chart of ["argo-cd", "argo-workflows"]) {
        expect(JSON.stringify(release(result, chart).inputs.values)).not.to.include(SECRET_PLACEHOLDER);
      }
      // The Kubernetes SDK marks all of stringData secret, client-id included.
      const secretName =
        (parseValue(config["argo-sso:clientSecret"]) as { secretName?: string } | undefined)?.secretName ??
        "argo-workflows-sso";
      const clientSecrets = ofType(result, "kubernetes:core/v1:Secret").filter(
        (s) => (s.inputs.metadata as { name: string }).name === secretName,
      );
      const namespaces = clientSecrets.map((s) => (s.inputs.metadata as { namespace: string }).namespace);
      expect(new Set(namespaces).size).to.equal(2);
      for (const s of clientSecrets) expect(s.inputs.stringData).to.equal(SECRET_PLACEHOLDER);
    });

    it(`protects groups, permission sets, assignments and namespaces only when argo-sso:protect is true (${stack})`, () => {
      const protect = parseValue(config["argo-sso:protect"]) === true;
      for (const type of [
        "aws:identitystore/group:Group",
        "aws:ssoadmin/permissionSet:PermissionSet",
        "aws:ssoadmin/accountAssignment:AccountAssignment",
        "kubernetes:core/v1:Namespace",
      ]) {
        const found = ofType(result, type);
        if (type === "aws:identitystore/group:Group" && found.length === 0) continue;
        expect(found.length, type).to.be.greaterThan(0);
        for (const r of found) expect(r.protect, `${type} ${r.name}`).to.equal(protect);
      }
    });
  });
}

describe("the program on bad input", function () {
  this.timeout(60000);

  it("reports every problem with its key and declares nothing", async () => {
    let config = withConfig(devRuntimeConfig(), "argo-sso:argocd", (v) => ({
      ...v,
      url: "https://argocd.example.com/",
    }));
    config = withConfig(config, "argo-sso:clientSecret", () => ({ rotation: "1", clientId: "argo-cd" }));
    config = { ...config, "argo-sso:grups": "{}" };
    const error = await runProgram({ stack: "dev", config }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).to.be.instanceOf(StackConfigError);
    const problems = (error as StackConfigError).problems;
    expect(problems.some((p) => p.startsWith("argo-sso:argocd.url: "))).to.equal(true);
    expect(problems.some((p) => p.startsWith("argo-sso:clientSecret.clientId: "))).to.equal(true);
    expect(problems.some((p) => p.startsWith("argo-sso:grups: ") && p.includes("groups"))).to.equal(true);
  });

  it("names a missing external group and its config key", async () => {
    const config = devRuntimeConfig();
    const [key, group] = Object.entries(groupsOf(config)).find(([, g]) => g.source === "external") ?? [];
    expect(key, "the dev stack has an external group").to.be.a("string");
    const displayName = group.displayName ?? key;
    const error = await run("dev", config, { missingExternalGroups: [displayName] }).then(
      () => undefined,
      (err: unknown) => err as Error,
    );
    expect(error?.message).to.include(`argo-sso:groups.${key}`);
    expect(error?.message).to.include(JSON.stringify(displayName));
  });
});

describe("the program under generated configs", function () {
  this.timeout(180000);

  it("either renders or rejects with key-named problems, never crashes", async () => {
    const base = devRuntimeConfig();
    const keys = Object.keys(base).filter((k) => k.startsWith("argo-sso:"));
    const junk = fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.string({ maxLength: 12 }),
      fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), {
        maxKeys: 3,
      }),
    );
    // Replace one nested value (found by walking a path of generated indexes) with junk.
    const mutation = fc.record({
      key: fc.constantFrom(...keys),
      path: fc.array(fc.nat(), { maxLength: 4 }),
      value: junk,
    });
    await fc.assert(
      fc.asyncProperty(mutation, async ({ key, path, value }) => {
        const config = withConfig(base, key, (root) => replaceAt(root, path, value));
        try {
          await runProgram({ stack: "dev", config });
        } catch (err) {
          if (!(err instanceof StackConfigError)) throw err;
          for (const p of err.problems) expect(p).to.match(/^(argo-sso|aws):[^\s:]+: \S/);
        }
      }),
      propertyRuns(60),
    );
  });
});

/** Walks `path` (indexes into the keys of each map or list) and replaces the value found there. */
function replaceAt(root: unknown, path: readonly number[], value: unknown): unknown {
  if (path.length === 0 || root === null || typeof root !== "object") return value;
  const keys = Object.keys(root as object);
  if (keys.length === 0) return value;
  const key = keys[path[0] % keys.length];
  const container = root as Record<string, unknown>;
  container[key] = replaceAt(container[key], path.slice(1), value);
  return root;
}

describe("the program's dependency order", function () {
  this.timeout(60000);

  it("starts Argo Workflows only after the Argo CD release (argo-server discovers Dex at start-up)", async () => {
    const result = await run("dev", devRuntimeConfig());
    const workflows = release(result, "argo-workflows");
    const argocd = release(result, "argo-cd");
    expect(workflows.dependsOn).to.include(`${argocd.type}::${argocd.name}`);
    expect(findCreated(result, argocd.type, argocd.name).inputs.atomic).to.equal(true);
  });
});
