/**
 * Defaults of the IdentityCenter component that users rely on, written out: the AWS CLI
 * `sso-session` name (docs/identity-center.md) and the principal and target types of every
 * assignment (the SSO Admin API's `GROUP` / `AWS_ACCOUNT`).
 */
import { expect } from "chai";
import { IdentityCenter } from "../../components/identity-center";
import { ofType } from "../support/capture";
import { exampleArgs, runComponent } from "./identity-center.fixture";

function runDefaults() {
  return runComponent((provider) => {
    const idc = new IdentityCenter("idc", exampleArgs(), { providers: [provider] });
    return { awsCliConfig: idc.awsCliConfig };
  });
}

describe("components/identity-center defaults", () => {
  it('names the CLI session "argo-sso" unless told otherwise', async () => {
    const { run } = await runDefaults();
    const text = run.outputs.awsCliConfig as string;
    expect(text).to.contain("# Sign in once with: aws sso login --sso-session argo-sso\n");
    expect(text).to.contain("[sso-session argo-sso]\n");
    expect(text).to.contain("sso_session = argo-sso\n");
  });

  it("assigns groups (never users) to accounts", async () => {
    const { run } = await runDefaults();
    const assignments = ofType(run, "aws:ssoadmin/accountAssignment:AccountAssignment");
    // platform-admins: Admin in 2 accounts; developers and auditors: Developer in 1 each.
    expect(assignments.length).to.equal(4);
    const types = new Set(assignments.map((a) => `${a.inputs.principalType} ${a.inputs.targetType}`));
    expect([...types]).to.deep.equal(["GROUP AWS_ACCOUNT"]);
  });
});
