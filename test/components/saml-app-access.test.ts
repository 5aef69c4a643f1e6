import { expect } from "chai";
import { SamlAppAccess } from "../../components/saml-app-access";
import { findCreated, ofType } from "../support/capture";
import { runComponent, SAML_APP_ARN } from "./identity-center.fixture";

const APP_ASSIGNMENT = "aws:ssoadmin/applicationAssignment:ApplicationAssignment";

function runAccess() {
  return runComponent((provider) => {
    const access = new SamlAppAccess(
      "app",
      { applicationArn: SAML_APP_ARN, groupIds: { admins: "id-admins", developers: "id-devs" } },
      { providers: [provider] },
    );
    return {
      applicationArn: access.applicationArn,
      applicationName: access.applicationName,
      assignedGroups: access.assignedGroups,
    };
  });
}

describe("components/saml-app-access", () => {
  it("assigns each group to the application as a GROUP", async () => {
    const { run } = await runAccess();
    expect(ofType(run, APP_ASSIGNMENT).map((r) => r.name)).to.deep.equal([
      "app-assignment/admins",
      "app-assignment/developers",
    ]);
    expect(findCreated(run, APP_ASSIGNMENT, "app-assignment/admins").inputs).to.deep.equal({
      applicationArn: SAML_APP_ARN,
      principalId: "id-admins",
      principalType: "GROUP",
    });
  });

  it("reads the console-created application by ARN and never manages it", async () => {
    const { run, invokes } = await runAccess();
    expect(invokes.map((i) => [i.token, i.args])).to.deep.equal([
      ["aws:ssoadmin/getApplication:getApplication", { applicationArn: SAML_APP_ARN }],
    ]);
    expect(run.resources.filter((r) => r.type.startsWith("aws:ssoadmin/application:"))).to.deep.equal([]);
  });

  it("sends the lookup and every assignment to the explicit provider", async () => {
    const { run, invokes } = await runAccess();
    for (const child of ofType(run, APP_ASSIGNMENT)) {
      expect(child.parent).to.equal("argo-sso:saml-app-access:SamlAppAccess::app");
      expect(child.provider).to.equal("pulumi:providers:aws::aws");
    }
    expect(invokes[0]?.provider).to.match(/::pulumi:providers:aws::aws::/);
  });

  it("reports the application and the assigned groups", async () => {
    const { run } = await runAccess();
    expect(run.outputs).to.deep.equal({
      applicationArn: SAML_APP_ARN,
      applicationName: "Argo CD",
      assignedGroups: ["admins", "developers"],
    });
  });
});
