/**
 * Evaluates the generated policy.csv with Argo CD's own Casbin model and built-in policy
 * (scripts/data/argo-cd-rbac, see the README there), the way Argo CD v3 enforces it
 * (argoproj/argo-cd util/rbac/rbac.go): glob matching for `globOrRegexMatch`, the built-in policy
 * loaded beside policy.csv, `policy.default` tried first, then every value of the `scopes`
 * claims (groups, email) as a subject.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { newEnforcer, newModelFromString, StringAdapter } from "casbin";
import { fakeGuid } from "../support/capture";
import { GROUP_IDS, group, groupIdOf, runSample, valuesOf, type SampleOptions } from "./argo-sample";

const FIXTURES = path.join(__dirname, "..", "..", "scripts", "data", "argo-cd-rbac");
const MODEL = fs.readFileSync(path.join(FIXTURES, "model.conf"), "utf8");
const BUILTIN = fs.readFileSync(path.join(FIXTURES, "builtin-policy.csv"), "utf8");

/** gobwas/glob without separators, as Argo CD compiles RBAC patterns: `*` is any run of characters. */
function globMatch(value: string, pattern: string): boolean {
  const source = pattern
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`).test(value);
}

interface Claims {
  readonly groups: readonly string[];
  readonly email?: string;
}

/** An enforcer loaded from the release values of a sample run, answering like Argo CD. */
async function argoCdRbac(options: SampleOptions = {}) {
  const run = await runSample(options);
  const rbac = valuesOf(run, "argocd-release").configs.rbac;
  const enforcer = await newEnforcer(
    newModelFromString(MODEL),
    new StringAdapter(`${BUILTIN}\n${String(rbac["policy.csv"])}`),
  );
  await enforcer.addFunction("globOrRegexMatch", (value: string, pattern: string) =>
    globMatch(value, pattern),
  );
  const defaultRole = String(rbac["policy.default"]);
  return async (claims: Claims, resource: string, action: string, object: string): Promise<boolean> => {
    const subjects = [
      ...(defaultRole ? [defaultRole] : []),
      ...claims.groups,
      ...(claims.email ? [claims.email] : []),
    ];
    for (const subject of subjects) {
      if (await enforcer.enforce(subject, resource, action, object)) return true;
    }
    return false;
  };
}

const ADMIN = { groups: [GROUP_IDS["platform-admins"]], email: "alice@example.com" };
const READER = { groups: [GROUP_IDS.developers], email: "bob@example.com" };
const STRANGER = { groups: [fakeGuid("group:strangers")], email: "eve@example.com" };
const APP = "default/guestbook";

describe("contract: Argo CD RBAC with Argo CD's Casbin model", () => {
  it("matches globs the way Argo CD does", () => {
    expect([
      globMatch("default/guestbook", "*/*"),
      globMatch("delete/apps/Deployment/ns/x", "delete/*"),
    ]).to.deep.equal([true, true]);
    expect(globMatch("sync", "get")).to.equal(false);
  });

  it("lets an admin group sync an application", async () => {
    const can = await argoCdRbac();
    expect(await can(ADMIN, "applications", "sync", APP)).to.equal(true);
  });

  it("lets an admin group delete an application's resources", async () => {
    const can = await argoCdRbac();
    expect(await can(ADMIN, "applications", "delete/apps/Deployment/default/web", APP)).to.equal(true);
  });

  it("lets a readonly group get an application and its logs", async () => {
    const can = await argoCdRbac();
    expect([
      await can(READER, "applications", "get", APP),
      await can(READER, "logs", "get", APP),
    ]).to.deep.equal([true, true]);
  });

  it("does not let a readonly group sync", async () => {
    const can = await argoCdRbac();
    expect(await can(READER, "applications", "sync", APP)).to.equal(false);
  });

  it("gives an unknown group nothing when policy.default is empty", async () => {
    const can = await argoCdRbac();
    expect(await can(STRANGER, "applications", "get", APP)).to.equal(false);
  });

  it("lets an unknown group read, and only read, when policy.default is role:readonly", async () => {
    const can = await argoCdRbac({ argocd: { defaultRole: "role:readonly" } });
    expect([
      await can(STRANGER, "applications", "get", APP),
      await can(STRANGER, "applications", "sync", APP),
    ]).to.deep.equal([true, false]);
  });

  it("gives nothing to a claim that carries the group's name instead of its ID", async () => {
    const can = await argoCdRbac();
    expect(await can({ groups: ["platform-admins"] }, "applications", "get", APP)).to.equal(false);
  });

  it("applies a custom role from the config to the group bound to it", async () => {
    const can = await argoCdRbac({
      argocd: { roles: { deployer: ["applications, get, */*, allow", "applications, sync, */*, allow"] } },
      groups: { deployers: group("deployers", { argocd: "role:deployer" }) },
    });
    const deployer = { groups: [groupIdOf("deployers")] };
    expect([
      await can(deployer, "applications", "sync", APP),
      await can(deployer, "applications", "delete", APP),
    ]).to.deep.equal([true, false]);
  });
});
