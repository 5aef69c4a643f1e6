import { expect } from "chai";
import { argoCdGroupKeys, buildPolicyCsv } from "../../components/argocd-policy";
import { group } from "../contract/argo-sample";

const IDS = { admins: "1111-aaaa", readers: "2222-bbbb", others: "3333-cccc" };
const GROUPS = {
  readers: group("readers", { argocd: "role:readonly" }),
  admins: group("admins", { argocd: "role:admin" }),
  others: group("others", { workflows: "view" }),
};

function policyLines(csv: string): string[] {
  return csv.split("\n").filter((l) => l !== "" && !l.startsWith("#"));
}

describe("argocd-policy", () => {
  it("binds each group's ID, never its name, to its role", () => {
    expect(policyLines(buildPolicyCsv({ groups: GROUPS, groupIds: IDS }))).to.deep.equal([
      "g, 1111-aaaa, role:admin",
      "g, 2222-bbbb, role:readonly",
    ]);
  });

  it("names the group in a comment above its line", () => {
    expect(buildPolicyCsv({ groups: GROUPS, groupIds: IDS })).to.contain(
      "# admins\ng, 1111-aaaa, role:admin\n",
    );
  });

  it("leaves out groups without an Argo CD role", () => {
    expect(argoCdGroupKeys(GROUPS)).to.deep.equal(["admins", "readers"]);
  });

  it("writes the same text whatever the order of the groups", () => {
    const reversed = Object.fromEntries(Object.entries(GROUPS).reverse());
    expect(buildPolicyCsv({ groups: reversed, groupIds: IDS })).to.equal(
      buildPolicyCsv({ groups: GROUPS, groupIds: IDS }),
    );
  });

  it("writes custom roles as p lines", () => {
    const csv = buildPolicyCsv({
      groups: { ops: group("ops", { argocd: "role:ops" }) },
      groupIds: { ops: "4444" },
      roles: { ops: ["applications, sync, */*, allow", "logs,get,*/*,allow"] },
    });
    expect(policyLines(csv)).to.deep.equal([
      "p, role:ops, applications, sync, */*, allow",
      "p, role:ops, logs, get, */*, allow",
      "g, 4444, role:ops",
    ]);
  });

  it("rejects a custom role line without four fields, naming the role", () => {
    expect(() =>
      buildPolicyCsv({ groups: {}, groupIds: {}, roles: { ops: ["applications, sync, allow"] } }),
    ).to.throw(
      'role:ops: policy line must be "<resource>, <action>, <object>, <effect>", got "applications, sync, allow"',
    );
  });

  it("rejects an effect other than allow or deny", () => {
    expect(() =>
      buildPolicyCsv({ groups: {}, groupIds: {}, roles: { ops: ["applications, sync, */*, yes"] } }),
    ).to.throw('role:ops: effect must be allow or deny, got "yes"');
  });

  it("rejects a group whose role is not defined", () => {
    expect(() =>
      buildPolicyCsv({ groups: { a: group("a", { argocd: "role:ghost" }) }, groupIds: { a: "1" } }),
    ).to.throw('group a: unknown Argo CD role "role:ghost"; known: role:admin, role:readonly');
  });

  it("rejects a group that has no ID", () => {
    expect(() => buildPolicyCsv({ groups: GROUPS, groupIds: { readers: "2222" } })).to.throw(
      "group admins: no Identity Store group ID to bind to role:admin",
    );
  });

  it("rejects an ID that would break the CSV", () => {
    expect(() =>
      buildPolicyCsv({
        groups: { a: group("a", { argocd: "role:admin" }) },
        groupIds: { a: "x, role:admin" },
      }),
    ).to.throw('group a: group ID "x, role:admin" cannot go into policy.csv');
  });

  it("ends with a newline and nothing else when no group has a role", () => {
    expect(buildPolicyCsv({ groups: {}, groupIds: {} })).to.match(/^#[^\n]*\n$/);
  });
});
