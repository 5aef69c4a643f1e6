import { expect } from "chai";
import { identityCenterProblems } from "../../components/identity-center-plan";
import { exampleArgs, group, SANDBOX } from "./identity-center.fixture";

describe("components/identity-center-rules through identityCenterProblems", () => {
  it("refuses, without the config loader, a delegated admin granting in the management account", () => {
    const args = exampleArgs({ deployer: "delegatedAdmin", managementAccountId: SANDBOX });
    expect(identityCenterProblems(args).filter((p) => p.includes("management account"))).to.deep.equal([
      `argo-sso:groups.platform-admins.aws[0].accounts: grants Admin in the management account ${SANDBOX}; a delegated administrator cannot create assignments there: move this grant to a stack deployed with management-account credentials`,
      `argo-sso:groups.auditors.aws[0].accounts: grants Developer in the management account ${SANDBOX}; a delegated administrator cannot create assignments there: move this grant to a stack deployed with management-account credentials`,
      `argo-sso:permissionSets.Admin: is granted in the management account ${SANDBOX} (groups.platform-admins.aws[0]); a delegated administrator cannot change a permission set provisioned there: define it in the management-account stack`,
      `argo-sso:permissionSets.Developer: is granted in the management account ${SANDBOX} (groups.auditors.aws[0]); a delegated administrator cannot change a permission set provisioned there: define it in the management-account stack`,
    ]);
  });

  it("allows the same grants when the management account deploys", () => {
    expect(identityCenterProblems(exampleArgs({ managementAccountId: SANDBOX }))).to.deep.equal([]);
  });

  it("refuses a managed group whose display name is reserved, but not an external one", () => {
    const base = exampleArgs();
    const args = exampleArgs({
      groups: {
        ...base.groups,
        admins2: group("admins2", { displayName: "awsadministrators" }),
        synced: group("synced", { displayName: "Administrator", source: "external" }),
      },
    });
    expect(identityCenterProblems(args)).to.deep.equal([
      'argo-sso:groups.admins2.displayName: the group name "awsadministrators" is reserved by IAM Identity Center (Administrator, AWSAdministrators); choose another displayName',
    ]);
  });
});
