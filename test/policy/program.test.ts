import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { runProgramOnce } from "../support/runs";
import { readStackFile } from "../../scripts/lib/stack-file";
import type { PackConfig } from "../../policy/pack-config";
import { fromRun, FakeResource, runPack } from "./harness";

const POLICY_DIR = path.resolve(__dirname, "..", "..", "policy");

function packConfig(stack: string): PackConfig {
  return JSON.parse(fs.readFileSync(path.join(POLICY_DIR, `config.${stack}.json`), "utf8"));
}

/** The stack's resources as the pack sees them, rendered from its stack file with `changes` applied. */
async function render(
  stack: string,
  changes: Record<string, (value: unknown) => unknown> = {},
): Promise<FakeResource[]> {
  const file = readStackFile(stack);
  const config = { ...file.config };
  for (const [key, change] of Object.entries(changes)) {
    const before = config[key] === undefined ? undefined : JSON.parse(config[key]);
    config[key] = JSON.stringify(change(before));
  }
  return fromRun(await runProgramOnce({ stack, config, secretKeys: file.secretKeys }));
}

describe("policy pack on the rendered program", function () {
  this.timeout(60000);

  for (const stack of ["dev", "prod"]) {
    it(`reports nothing for the ${stack} stack under config.${stack}.json`, async () => {
      const resources = await render(stack);
      expect(resources.length).to.be.greaterThan(20);
      expect(await runPack(resources, packConfig(stack))).to.deep.equal([]);
    });
  }

  it("blocks prod rendered without protect: the groups, permission sets and namespaces, mandatory", async () => {
    const violations = await runPack(
      // prod's groups all come from Okta; one managed group shows groups are covered too.
      await render("prod", {
        "argo-sso:protect": () => false,
        "argo-sso:groups": (groups) => ({ ...(groups as object), oncall: { description: "On-call" } }),
      }),
      packConfig("prod"),
    );
    expect(violations.length).to.be.greaterThan(3);
    expect(new Set(violations.map((v) => `${v.policy} ${v.enforcementLevel}`))).to.deep.equal(
      new Set(["protected-resources mandatory"]),
    );
    const kinds = new Set(violations.map((v) => v.message.split(" ")[0]));
    expect(kinds).to.deep.equal(new Set(["Group", "PermissionSet", "Namespace"]));
  });

  it("blocks prod rendered with Dex at debug level", async () => {
    const violations = await runPack(
      await render("prod", {
        "argo-sso:argocd": (argocd) => ({ ...(argocd as object), dexLogLevel: "debug" }),
      }),
      packConfig("prod"),
    );
    expect(violations.map((v) => [v.policy, v.enforcementLevel])).to.deep.equal([
      ["dex-log-level-not-debug", "mandatory"],
    ]);
  });

  it("only advises in dev, where the same settings are allowed", async () => {
    const resources = await render("dev", {
      "argo-sso:argocd": (argocd) => ({ ...(argocd as object), dexLogLevel: "debug" }),
      "argo-sso:protect": () => false,
    });
    expect(await runPack(resources, packConfig("dev"))).to.deep.equal([]);
  });

  it("blocks prod rendered with a 12-hour session", async () => {
    const longer = (hours: number) => (sets: unknown) => {
      const out = { ...(sets as Record<string, Record<string, unknown>>) };
      out.Admin = { ...out.Admin, sessionDuration: `PT${hours}H` };
      return out;
    };
    const prod = await runPack(
      await render("prod", { "argo-sso:permissionSets": longer(12) }),
      packConfig("prod"),
    );
    expect(prod.map((v) => [v.policy, v.enforcementLevel])).to.deep.equal([
      ["session-duration-limit", "mandatory"],
    ]);
    expect(prod[0].message).to.equal(
      'permission set "Admin" sessionDuration must be at most PT8H, got PT12H',
    );
  });
});
