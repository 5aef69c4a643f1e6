import { expect } from "chai";
import { policyLineProblem } from "../../stacks/schema-argo";

describe("policyLineProblem", () => {
  it("accepts the four fields of a policy line", () => {
    expect(policyLineProblem("applications, update/*, staging/*, allow")).to.equal(undefined);
  });

  it("refuses the p, role: prefix argo-sso adds itself", () => {
    expect(policyLineProblem("p, role:x, applications, get, */*, allow")).to.equal(
      'write only <resource>, <action>, <object>, <effect>: argo-sso adds "p, role:<name>," itself, got "p, role:x, applications, get, */*, allow"',
    );
  });

  it("requires four fields", () => {
    expect(policyLineProblem("applications, get, */*")).to.equal(
      'must be 4 comma-separated fields <resource>, <action>, <object>, <effect>, got "applications, get, */*"',
    );
  });

  it("suggests the closest resource", () => {
    expect(policyLineProblem("application, get, */*, allow")).to.match(
      /^unknown resource "application" \(did you mean "applications"\?\); known: applications, /,
    );
  });

  it("rejects an unknown action", () => {
    expect(policyLineProblem("applications, read, */*, allow")).to.match(
      /^unknown action "read"; known: get, /,
    );
  });
});
