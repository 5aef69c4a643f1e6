/**
 * Issue 9, defects 1, 4 and 5, through `loadStackConfig`: a delegated administrator's limits,
 * names the Identity Store reserves, relay state and tag rules, and directory users in a stack
 * whose identity source is an external IdP. Messages are written out in full.
 */
import { expect } from "chai";
import {
  devRuntimeConfig,
  load,
  prodRuntimeConfig,
  problemsOf,
  warningsOf,
  withPath,
} from "../support/configs";

const IC = "argo-sso:identityCenter";
const PS = "argo-sso:permissionSets";

/** prod deployed by the delegated administrator (the management account is 900000000000). */
const delegated = () => withPath(prodRuntimeConfig(), IC, ["deployer"], "delegatedAdmin");

describe("Identity Center across keys (issue 9)", () => {
  describe("delegated administrator", () => {
    it("refuses a grant in the management account and the permission set granted there, naming both keys", () => {
      expect(problemsOf(delegated())).to.deep.equal(
        [
          "argo-sso:groups.finance.aws[0].accounts: grants Billing in the management account 900000000000; a delegated administrator cannot create assignments there: move this grant to a stack deployed with management-account credentials",
          "argo-sso:groups.auditors.aws[0].accounts: grants ReadOnly in the management account 900000000000; a delegated administrator cannot create assignments there: move this grant to a stack deployed with management-account credentials",
          "argo-sso:permissionSets.Billing: is granted in the management account 900000000000 (groups.finance.aws[0]); a delegated administrator cannot change a permission set provisioned there: define it in the management-account stack",
          "argo-sso:permissionSets.ReadOnly: is granted in the management account 900000000000 (groups.auditors.aws[0]); a delegated administrator cannot change a permission set provisioned there: define it in the management-account stack",
        ].sort(),
      );
    });

    it("accepts the same grants when the management account deploys", () => {
      expect(load(prodRuntimeConfig()).ok).to.equal(true);
      expect(load(prodRuntimeConfig()).config?.identityCenter).to.include({
        managementAccountId: "900000000000",
        deployer: "management",
        identitySource: "external",
      });
    });

    it("accepts a delegated-admin stack without grants in the management account", () => {
      let config = withPath(delegated(), "argo-sso:groups", ["finance", "aws", 0, "accounts"], ["security"]);
      config = withPath(config, "argo-sso:groups", ["auditors", "aws", 0, "accounts"], ["security", "data"]);
      expect(problemsOf(config)).to.deep.equal([]);
    });

    it("requires the management account with a delegated administrator", () => {
      const config = withPath(
        withPath(devRuntimeConfig(), IC, ["deployer"], "delegatedAdmin"),
        IC,
        ["managementAccountId"],
        undefined,
      );
      expect(problemsOf(config)).to.deep.equal([
        "argo-sso:identityCenter.managementAccountId: required with deployer: delegatedAdmin: the 12-digit ID of the organization's management account, where a delegated administrator cannot assign",
      ]);
    });

    it("cross-checks the management account against the application ARN", () => {
      expect(
        problemsOf(withPath(prodRuntimeConfig(), IC, ["managementAccountId"], "444444444444")),
      ).to.deep.equal([
        "argo-sso:identityCenter.managementAccountId: is 444444444444, but samlApplication.arn belongs to account 900000000000; an organization instance and its applications live in the management account",
      ]);
    });

    it("rejects an unknown deployer", () => {
      expect(problemsOf(withPath(prodRuntimeConfig(), IC, ["deployer"], "delegated"))).to.deep.equal([
        'argo-sso:identityCenter.deployer: must be one of management, delegatedAdmin, got "delegated" (did you mean "delegatedAdmin"?)',
      ]);
    });
  });

  describe("names the Identity Store reserves", () => {
    it("refuses a managed group named Administrator or AWSAdministrators, ignoring case", () => {
      let config = withPath(
        devRuntimeConfig(),
        "argo-sso:groups",
        ["platform-admins", "displayName"],
        "Administrator",
      );
      config = withPath(config, "argo-sso:groups", ["AWSAdministrators"], { description: "x" });
      expect(problemsOf(config)).to.deep.equal([
        'argo-sso:groups.AWSAdministrators: the group name "AWSAdministrators" is reserved by IAM Identity Center (Administrator, AWSAdministrators); choose another displayName',
        'argo-sso:groups.platform-admins.displayName: the group name "Administrator" is reserved by IAM Identity Center (Administrator, AWSAdministrators); choose another displayName',
      ]);
    });

    it("refuses a directory user named administrator", () => {
      const config = withPath(devRuntimeConfig(), "argo-sso:users", ["administrator"], {
        displayName: "Admin",
        givenName: "Ad",
        familyName: "Min",
        email: "admin@example.com",
      });
      expect(problemsOf(config)).to.deep.equal([
        'argo-sso:users.administrator: the user name "administrator" is reserved by IAM Identity Center (Administrator, AWSAdministrators)',
      ]);
    });
  });

  describe("relay state and tags", () => {
    it("refuses a relay state with characters outside the API's pattern", () => {
      const config = withPath(
        devRuntimeConfig(),
        PS,
        ["Developer", "relayState"],
        "https://console.aws.amazon.com/<home>^",
      );
      expect(problemsOf(config)).to.deep.equal([
        `argo-sso:permissionSets.Developer.relayState: may contain only letters, digits, spaces and &$@#\\/%?=~-_'"|!:,.;*+[](){} (the API's pattern); not "<", ">", "^"`,
      ]);
    });

    it("accepts the billing console URL with a query and fragment", () => {
      const config = withPath(
        devRuntimeConfig(),
        PS,
        ["Developer", "relayState"],
        "https://console.aws.amazon.com/billing/home?region=us-east-1#/bills",
      );
      expect(problemsOf(config)).to.deep.equal([]);
    });

    it("refuses tag keys starting with aws:", () => {
      const config = withPath(devRuntimeConfig(), PS, ["ReadOnly", "tags"], {
        "aws:owner": "me",
        "AWS:x": "y",
        team: "ok",
      });
      expect(problemsOf(config)).to.deep.equal([
        'argo-sso:permissionSets.ReadOnly.tags["AWS\\u003ax"]: tag keys starting with "aws:" are reserved for AWS',
        'argo-sso:permissionSets.ReadOnly.tags["aws\\u003aowner"]: tag keys starting with "aws:" are reserved for AWS',
      ]);
    });

    it("refuses more than 50 tags and accepts 50", () => {
      const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"]));
      expect(problemsOf(withPath(devRuntimeConfig(), PS, ["ReadOnly", "tags"], tags(51)))).to.deep.equal([
        "argo-sso:permissionSets.ReadOnly.tags: has 51 tags; Identity Center allows 50 per permission set",
      ]);
      expect(problemsOf(withPath(devRuntimeConfig(), PS, ["ReadOnly", "tags"], tags(50)))).to.deep.equal([]);
    });
  });

  describe("directory users with an external identity source", () => {
    it("warns that they can never sign in", () => {
      const config = withPath(devRuntimeConfig(), IC, ["identitySource"], "external");
      expect(warningsOf(config)).to.deep.equal([
        `argo-sso:users: 3 Identity Center directory user(s) declared, but identityCenter.identitySource is external: every sign-in goes to the external IdP, so these users can never sign in. Break glass with an IAM role or Argo CD's local admin instead (docs/identity-center.md, "Break glass")`,
      ]);
    });

    it("does not warn with the Identity Center directory as the source (the default)", () => {
      expect(warningsOf(devRuntimeConfig())).to.deep.equal([]);
    });

    it("keeps prod free of directory users", () => {
      expect(load(prodRuntimeConfig()).config?.users).to.deep.equal({});
    });
  });
});
