/**
 * policy.csv injection: every field that reaches `policy.csv` is one well-formed CSV field as
 * Argo CD v3.4.4 reads it (./argocd-policy-loader.ts), checked over generated field values with
 * fast-check and loaded into Casbin with Argo CD's model (scripts/data/argo-cd-rbac).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import * as fc from "fast-check";
import { newEnforcer, newModelFromString } from "casbin";
import { buildPolicyCsv } from "../../components/argocd-policy";
import { devRuntimeConfig, load, withPath } from "../support/configs";
import { argoCdPolicyRecords } from "./argocd-policy-loader";

const MODEL = fs.readFileSync(
  path.join(__dirname, "..", "..", "scripts", "data", "argo-cd-rbac", "model.conf"),
  "utf8",
);
const ROLE_KEY = "argo-sso:argocd.roles.deployer[0]";
/** Characters that mean something to a CSV or line reader, and some that only look harmless. */
const HOSTILE = [
  ..."ab/*-_.:",
  ",",
  '"',
  "\n",
  "\r",
  "\t",
  " ",
  "#",
  "\u2028",
  "\u0000",
  "\u202e",
  "é",
  "p",
  "g",
];

/** dev's config with role:deployer's first line replaced. */
function withFirstLine(line: string) {
  const base = devRuntimeConfig();
  const roles = (JSON.parse(base["argo-sso:argocd"]) as { roles: Record<string, string[]> }).roles;
  return withPath(base, "argo-sso:argocd", ["roles", "deployer"], [line, ...roles.deployer.slice(1)]);
}

/** The records Argo CD loads from the policy.csv argo-sso builds for a config, with fixed group IDs. */
function loadedRecords(config: ReturnType<typeof withFirstLine>) {
  const result = load(config);
  if (!result.ok || !result.config) return { problems: result.problems };
  const { groups, argocd } = result.config;
  const groupIds = Object.fromEntries(
    Object.keys(groups).map((k, i) => [k, `0000000${i}-1111-2222-3333-444444444444`]),
  );
  return { records: argoCdPolicyRecords(buildPolicyCsv({ groups, groupIds, roles: argocd.roles })), argocd };
}

describe("contract: no policy.csv injection", () => {
  it("refuses the issue's example, a newline that comments out the effect, naming the key", () => {
    const { problems } = loadedRecords(withFirstLine("applications, delete, prod/*\n#, deny"));
    expect(problems).to.deep.equal([
      `${ROLE_KEY}: the object field must not contain a line break (it would start a new policy.csv line), got "prod/*\\n#"`,
    ]);
  });

  it("refuses a double quote and a bare g line hidden in a field", () => {
    expect(loadedRecords(withFirstLine('applications, get, "x", allow')).problems).to.deep.equal([
      `${ROLE_KEY}: the object field must not contain a double quote (policy.csv would read a quoted field), got "\\"x\\""`,
    ]);
    expect(
      loadedRecords(withFirstLine("applications, get, x\ng, evil, role:admin\n#, allow")).problems,
    ).to.have.length(1);
  });

  it("shows that Argo CD's reader would have taken a newline in a field as a new line", () => {
    // The text the old builder wrote for the example: the effect is cut off, so Argo CD
    // refuses the whole policy (6 fields needed), and a g line after it would have been loaded.
    expect(argoCdPolicyRecords("p, role:x, applications, delete, prod/*\n#, deny")).to.deep.equal({
      error: "invalid RBAC policy: p, role:x, applications, delete, prod/*",
    });
    expect(argoCdPolicyRecords("p, role:x, a, get, o\ng, evil, role:admin\n#, allow")).to.deep.equal({
      error: "invalid RBAC policy: p, role:x, a, get, o",
    });
  });

  it("any object field is either refused with its key or loaded by Argo CD as exactly that field", async () => {
    const field = fc.oneof(
      fc.string({ unit: fc.constantFrom(...HOSTILE), maxLength: 12 }),
      fc.string({ maxLength: 12 }),
    );
    const checked: string[] = [];
    fc.assert(
      fc.property(field, (object) => {
        const out = loadedRecords(withFirstLine(`applications, delete, ${object}, deny`));
        if (out.problems) {
          expect(
            out.problems.every((p) => p.startsWith(`${ROLE_KEY}: `)),
            out.problems.join("\n"),
          ).to.equal(true);
          return;
        }
        expect(Array.isArray(out.records), JSON.stringify(out.records)).to.equal(true);
        const records = out.records as string[][];
        // Exactly the configured lines, field for field, and one g line per group with a role.
        const expected = Object.entries(out.argocd?.roles ?? {}).flatMap(([role, lines]) =>
          lines.map((l) => ["p", `role:${role}`, ...l.split(",").map((f) => f.trim())]),
        );
        expect(records.filter((r) => r[0] === "p")).to.deep.equal(expected);
        expect(records.filter((r) => r[0] === "p")[0][4]).to.equal(object.trim());
        expect(records.filter((r) => r[0] === "g").every((r) => r.length === 3)).to.equal(true);
        checked.push(object);
      }),
      { seed: 14, numRuns: 300 },
    );
    // The property saw accepted fields too, and Casbin with Argo CD's model takes one as is.
    expect(checked.length).to.be.greaterThan(20);
    const out = loadedRecords(withFirstLine(`applications, delete, ${checked[checked.length - 1]}, deny`));
    const enforcer = await newEnforcer(newModelFromString(MODEL));
    for (const r of out.records as string[][]) {
      if (r[0] === "p") await enforcer.addPolicy(...r.slice(1));
      else await enforcer.addGroupingPolicy(...r.slice(1));
    }
    const policies = await enforcer.getPolicy();
    expect(policies[0]).to.deep.equal([
      "role:deployer",
      "applications",
      "delete",
      checked[checked.length - 1].trim(),
      "deny",
    ]);
  });
});
