/**
 * iam/deployer-policy.json: the least-privilege policy for the role that runs `pulumi up`.
 * Its shape is checked here; that it is sufficient only a real `pulumi up` shows
 * (docs/identity-center.md, "The deployer's permissions").
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";

interface Statement {
  Sid: string;
  Effect: string;
  Action: string[];
  Resource: string | string[];
}
const FILE = path.resolve(__dirname, "..", "..", "iam", "deployer-policy.json");
const text = fs.readFileSync(FILE, "utf8");
const policy = JSON.parse(text) as { Version: string; Statement: Statement[] };
const actions = policy.Statement.flatMap((s) => s.Action);

/**
 * The API calls terraform-provider-aws v6.46.0 makes for the resources and data sources
 * argo-sso declares (internal/service/ssoadmin/account_assignment.go, permission_set.go,
 * managed_policy_attachment.go, permission_set_inline_policy.go,
 * permissions_boundary_attachment.go; identitystore/group_data_source.go for GetGroupId;
 * organizations/organizational_unit_descendant_accounts_data_source.go for the OU walk), written
 * out. The create calls of groups, users and memberships are named after their resources.
 */
const PROVIDER_CALLS = [
  "sso:ListInstances",
  "sso:CreatePermissionSet",
  "sso:DescribePermissionSet",
  "sso:UpdatePermissionSet",
  "sso:DeletePermissionSet",
  "sso:ListTagsForResource",
  "sso:ProvisionPermissionSet",
  "sso:DescribePermissionSetProvisioningStatus",
  "sso:CreateAccountAssignment",
  "sso:DeleteAccountAssignment",
  "sso:ListAccountAssignments",
  "sso:DescribeAccountAssignmentCreationStatus",
  "sso:DescribeAccountAssignmentDeletionStatus",
  "sso:AttachManagedPolicyToPermissionSet",
  "sso:DetachManagedPolicyFromPermissionSet",
  "sso:ListManagedPoliciesInPermissionSet",
  "sso:PutInlinePolicyToPermissionSet",
  "sso:GetInlinePolicyForPermissionSet",
  "sso:DeleteInlinePolicyFromPermissionSet",
  "sso:PutPermissionsBoundaryToPermissionSet",
  "sso:GetPermissionsBoundaryForPermissionSet",
  "sso:DeletePermissionsBoundaryFromPermissionSet",
  "identitystore:CreateGroup",
  "identitystore:DescribeGroup",
  "identitystore:GetGroupId",
  "identitystore:CreateUser",
  "identitystore:CreateGroupMembership",
  "organizations:ListAccountsForParent",
  "organizations:ListOrganizationalUnitsForParent",
];

describe("iam/deployer-policy.json", () => {
  it("is an IAM policy document of Allow statements with unique Sids", () => {
    expect(policy.Version).to.equal("2012-10-17");
    expect(policy.Statement.map((s) => s.Effect)).to.satisfy((e: string[]) => e.every((x) => x === "Allow"));
    const sids = policy.Statement.map((s) => s.Sid);
    expect(new Set(sids).size).to.equal(sids.length);
  });

  it("grants every call the provider makes for argo-sso's resources", () => {
    expect(actions).to.include.members(PROVIDER_CALLS);
  });

  it("grants only Identity Center, Identity Store, Organizations reads and IAM, never a wildcard action", () => {
    for (const action of actions) {
      expect(action).to.match(/^(sso|identitystore|organizations|iam):[A-Z][A-Za-z]+$/);
    }
    expect(new Set(actions).size).to.equal(actions.length);
  });

  it("reads Organizations and never changes it", () => {
    const org = actions.filter((a) => a.startsWith("organizations:"));
    expect(org).to.have.length.above(0);
    for (const action of org) expect(action).to.match(/^organizations:(Describe|List)/);
  });

  it("limits IAM writes to Identity Center's reserved roles and SAML provider", () => {
    for (const s of policy.Statement) {
      const writes = s.Action.filter((a) => /^iam:(Create|Delete|Update|Put|Attach|Detach)/.test(a));
      if (writes.length === 0) continue;
      expect(s.Resource, s.Sid).to.be.oneOf([
        "arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*",
        "arn:aws:iam::*:saml-provider/AWSSSO_*_DO_NOT_DELETE",
      ]);
    }
  });

  it("fits a customer-managed policy (6,144 characters without whitespace)", () => {
    expect(text.replace(/\s/g, "").length).to.be.at.most(6144);
  });
});
