import { expect } from "chai";
import { identityCenterProblems } from "../../components/identity-center-plan";
import {
  delegatedAdminProblems,
  reservedNameProblems,
  unusableUserWarnings,
} from "../../components/identity-center-rules";
import { exampleArgs, group, SANDBOX, user } from "./identity-center.fixture";

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

describe("components/identity-center-rules, each rule on its own", () => {
  const noSets = {} as const;
  const set = (name: string) => ({
    name,
    sessionDuration: "PT1H",
    tags: {},
    managedPolicies: [],
    customerManagedPolicies: [],
  });
  const grant = (permissionSet: string, accountIds: string[]) => ({ permissionSet, accountIds });

  describe("reservedNameProblems", () => {
    it("names the group key alone when the key is the display name", () => {
      const found = reservedNameProblems({
        permissionSets: noSets,
        users: {},
        groups: { Administrator: group("Administrator") },
      });
      expect(found).to.deep.equal([
        {
          path: ["groups", "Administrator"],
          message:
            'the group name "Administrator" is reserved by IAM Identity Center (Administrator, AWSAdministrators); choose another displayName',
        },
      ]);
    });

    it("refuses a managed directory user with a reserved name, in any case, but not an existing one", () => {
      const found = reservedNameProblems({
        permissionSets: noSets,
        users: {
          administrator: user("administrator"),
          AWSAdministrators: { ...user("AWSAdministrators"), source: "existing" },
          alice: user("alice"),
        },
        groups: {},
      });
      expect(found).to.deep.equal([
        {
          path: ["users", "administrator"],
          message:
            'the user name "administrator" is reserved by IAM Identity Center (Administrator, AWSAdministrators)',
        },
      ]);
    });
  });

  describe("delegatedAdminProblems", () => {
    const MANAGEMENT = "999999999999";
    const inputs = {
      permissionSets: { Admin: set("Admin") },
      users: { "alice@example.com": user("alice@example.com", { aws: [grant("Admin", [MANAGEMENT])] }) },
      groups: {
        ops: group("ops", { aws: [grant("ReadOnly", [SANDBOX]), grant("Admin", [SANDBOX, MANAGEMENT])] }),
        audit: group("audit", { aws: [grant("Billing", [MANAGEMENT])] }),
      },
      managementAccountId: MANAGEMENT,
    };

    it("finds nothing unless a delegated administrator deploys and the management account is known", () => {
      expect(delegatedAdminProblems(inputs)).to.deep.equal([]);
      expect(delegatedAdminProblems({ ...inputs, deployer: "management" })).to.deep.equal([]);
      expect(
        delegatedAdminProblems({ ...inputs, deployer: "delegatedAdmin", managementAccountId: undefined }),
      ).to.deep.equal([]);
    });

    it("refuses every grant in the management account, and each defined permission set granted there, with every place", () => {
      expect(delegatedAdminProblems({ ...inputs, deployer: "delegatedAdmin" })).to.deep.equal([
        {
          path: ["groups", "ops", "aws", 1, "accounts"],
          message:
            "grants Admin in the management account 999999999999; a delegated administrator cannot create assignments there: move this grant to a stack deployed with management-account credentials",
        },
        {
          path: ["groups", "audit", "aws", 0, "accounts"],
          message:
            "grants Billing in the management account 999999999999; a delegated administrator cannot create assignments there: move this grant to a stack deployed with management-account credentials",
        },
        {
          path: ["users", "alice@example.com", "aws", 0, "accounts"],
          message:
            "grants Admin in the management account 999999999999; a delegated administrator cannot create assignments there: move this grant to a stack deployed with management-account credentials",
        },
        // Billing is not defined in this stack: nothing to say about changing it.
        {
          path: ["permissionSets", "Admin"],
          message:
            "is granted in the management account 999999999999 (groups.ops.aws[1], users.alice@example.com.aws[0]); a delegated administrator cannot change a permission set provisioned there: define it in the management-account stack",
        },
      ]);
    });
  });

  describe("unusableUserWarnings", () => {
    const users = {
      a: user("a"),
      b: user("b", { source: "managed" }),
      c: { ...user("c"), source: "existing" as const },
    };

    it("warns once, counting the directory users but not the existing ones, when the IdP is external", () => {
      expect(
        unusableUserWarnings({ permissionSets: noSets, users, groups: {}, identitySource: "external" }),
      ).to.deep.equal([
        {
          path: ["users"],
          message:
            "2 Identity Center directory user(s) declared, but identityCenter.identitySource is external: " +
            "every sign-in goes to the external IdP, so these users can never sign in. " +
            'Break glass with an IAM role or Argo CD\'s local admin instead (docs/identity-center.md, "Break glass")',
        },
      ]);
    });

    it("says nothing with the Identity Center directory, or with only existing users", () => {
      expect(unusableUserWarnings({ permissionSets: noSets, users, groups: {} })).to.deep.equal([]);
      expect(
        unusableUserWarnings({ permissionSets: noSets, users, groups: {}, identitySource: "identityCenter" }),
      ).to.deep.equal([]);
      expect(
        unusableUserWarnings({
          permissionSets: noSets,
          users: { c: users.c },
          groups: {},
          identitySource: "external",
        }),
      ).to.deep.equal([]);
    });
  });
});
