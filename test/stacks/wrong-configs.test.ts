/**
 * A dozen realistic broken stack configs, each the kind of mistake people make when editing
 * Pulumi.<stack>.yaml, and each asserting the complete list of problems it produces.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import {
  type RuntimeConfig,
  REMOVE,
  devRuntimeConfig,
  problemsOf,
  withConfig,
  withPath,
} from "../support/configs";

const expiredPem = fs.readFileSync(path.join(__dirname, "..", "fixtures", "certs", "expired.pem"), "utf8");

interface WrongConfig {
  readonly story: string;
  readonly config: () => RuntimeConfig;
  readonly problems: readonly string[];
}

const PRESET_LIST =
  "AdministratorAccess, PowerUserAccess, ReadOnlyAccess, ViewOnlyAccess, BillingAdministratorAccess, BillingReadOnlyAccess, TerraformPlanAccess, TerraformApplyAccess, TerraformStateAccess, RootAccess, DNSRecordAdministratorAccess";

const WRONG_CONFIGS: readonly WrongConfig[] = [
  {
    story: "a typo in a top-level key (argo-sso:permisionSets)",
    config: () => {
      const base = devRuntimeConfig();
      const { ["argo-sso:permissionSets"]: sets, ...rest } = base;
      return { ...rest, "argo-sso:permisionSets": sets };
    },
    problems: [
      'argo-sso:groups.developers.aws[0].permissionSet: unknown permission set "Developer"; known: none; presets: ' +
        PRESET_LIST,
      'argo-sso:groups.platform-admins.aws[0].permissionSet: unknown permission set "Admin" (did you mean "AdministratorAccess"?); known: none; presets: ' +
        PRESET_LIST,
      'argo-sso:groups.platform-admins.aws[1].permissionSet: unknown permission set "TerraformState" (did you mean "TerraformStateAccess"?); known: none; presets: ' +
        PRESET_LIST,
      'argo-sso:groups.reviewers.aws[1].permissionSet: unknown permission set "ReadOnly" (did you mean "ReadOnlyAccess"?); known: none; presets: ' +
        PRESET_LIST,
      'argo-sso:permisionSets: unknown key (did you mean "permissionSets"?); allowed: accounts, identityCenter, permissionSets, users, groups, cluster, argocd, workflows, clientSecret, protect',
    ],
  },
  {
    story: "an account ID written as a YAML number",
    config: () => withPath(devRuntimeConfig(), "argo-sso:accounts", ["sandbox"], 11111111111),
    problems: [
      'argo-sso:accounts.sandbox: must be a quoted 12-digit account ID, got the number 11111111111 (YAML drops leading zeros); write "011111111111"',
    ],
  },
  {
    story: "a group granted a permission set that is not defined",
    config: () =>
      withPath(devRuntimeConfig(), "argo-sso:groups", ["developers", "aws", 0, "permissionSet"], "Dev"),
    problems: [
      'argo-sso:groups.developers.aws[0].permissionSet: unknown permission set "Dev"; known: Admin, Developer, ReadOnly, TerraformState; presets: ' +
        PRESET_LIST,
    ],
  },
  {
    story: "members listed on a group synced from the IdP",
    config: () =>
      withPath(devRuntimeConfig(), "argo-sso:groups", ["developers", "members"], ["bob@example.com"]),
    problems: [
      "argo-sso:groups.developers.members: an external group gets its members from the IdP by SCIM; remove members (or set source: managed)",
    ],
  },
  {
    story: "a thirteen-hour session",
    config: () =>
      withPath(devRuntimeConfig(), "argo-sso:permissionSets", ["Developer", "sessionDuration"], "PT13H"),
    problems: [
      "argo-sso:permissionSets.Developer.sessionDuration: must be between PT1H and PT12H, got PT13H",
    ],
  },
  {
    story: "the Argo CD URL pasted from the browser with a trailing slash",
    config: () => withPath(devRuntimeConfig(), "argo-sso:argocd", ["url"], "https://argocd.dev.example.com/"),
    problems: [
      'argo-sso:argocd.url: must not end with a slash (Argo CD appends /api/dex to it), got "https://argocd.dev.example.com/"',
    ],
  },
  {
    story: "an expired SAML certificate",
    config: () =>
      withPath(devRuntimeConfig(), "argo-sso:identityCenter", ["samlApplication", "certificate"], expiredPem),
    problems: [
      "argo-sso:identityCenter.samlApplication.certificate: expired on 2016-01-01; download the current certificate from the application's page in Identity Center",
    ],
  },
  {
    story: "the Workflows client id set to Argo CD's own",
    config: () => withPath(devRuntimeConfig(), "argo-sso:clientSecret", ["clientId"], "argo-cd"),
    problems: [
      `argo-sso:clientSecret.clientId: "argo-cd" is one of Argo CD's own Dex clients (argo-cd, argo-cd-cli, argo-cd-pkce); reusing it breaks Argo CD's login (argo-cd #19787)`,
    ],
  },
  {
    story: "RBAC written straight into the chart values",
    config: () =>
      withPath(devRuntimeConfig(), "argo-sso:argocd", ["values", "configs"], {
        rbac: { "policy.csv": "g, platform-admins, role:admin", "policy.default": "role:readonly" },
      }),
    problems: [
      'argo-sso:argocd.values.configs.rbac."policy.csv": managed by argo-sso; set argo-sso:groups.<group>.argocd and argo-sso:argocd.roles instead',
      'argo-sso:argocd.values.configs.rbac."policy.default": managed by argo-sso; set argo-sso:argocd.defaultRole instead',
    ],
  },
  {
    story: "a misspelt account name in a grant",
    config: () =>
      withPath(devRuntimeConfig(), "argo-sso:groups", ["platform-admins", "aws", 0, "accounts", 0], "sandbx"),
    problems: [
      'argo-sso:groups.platform-admins.aws[0].accounts[0]: unknown account "sandbx" (did you mean "sandbox"?); use a name from argo-sso:accounts (dev, management, sandbox, shared-services), a 12-digit ID or an OU ID (ou-...)',
    ],
  },
  {
    story: "the same permission set defined twice with different case",
    config: () =>
      withPath(devRuntimeConfig(), "argo-sso:permissionSets", ["developer"], { preset: "PowerUserAccess" }),
    problems: [
      'argo-sso:permissionSets.developer: same name as "Developer" ignoring case; AWS names are unique per instance',
    ],
  },
  {
    story: "a permission-set name over AWS's 32 characters",
    config: () => {
      const config = withConfig(devRuntimeConfig(), "argo-sso:permissionSets", (sets) => ({
        ...sets,
        DeveloperWithProductionReadAccess: sets.Developer,
      }));
      return withPath(
        config,
        "argo-sso:groups",
        ["developers", "aws", 0, "permissionSet"],
        "DeveloperWithProductionReadAccess",
      );
    },
    problems: [
      "argo-sso:permissionSets.DeveloperWithProductionReadAccess: permission-set name must be at most 32 characters, got 33",
    ],
  },
  {
    story: "a Terraform preset without its state bucket",
    config: () =>
      withPath(devRuntimeConfig(), "argo-sso:permissionSets", ["TerraformState", "parameters"], REMOVE),
    problems: [
      "argo-sso:permissionSets.TerraformState.parameters.stateBucket: required by preset TerraformStateAccess: S3 bucket that holds the Terraform state",
    ],
  },
  {
    story: "Argo Workflows opened to everyone with the server auth mode",
    config: () => withPath(devRuntimeConfig(), "argo-sso:workflows", ["authModes"], ["server"]),
    problems: [
      "argo-sso:workflows.authModes[0]: server mode lets anyone who reaches the UI act as the Argo server's own service account, with no login; use sso (and client for argo CLI tokens)",
    ],
  },
  {
    story: "kubeconfig and a stack reference both set",
    config: () =>
      withConfig(devRuntimeConfig(), "argo-sso:cluster", () => ({
        kubeconfig: "apiVersion: v1",
        stackReference: { stack: "acme/eks-platform/dev", output: "kubeconfig" },
      })),
    problems: ["argo-sso:cluster: set kubeconfig or stackReference, not both"],
  },
];

describe("a dozen realistic wrong configs", () => {
  it("has at least twelve", () => {
    expect(WRONG_CONFIGS.length).to.be.at.least(12);
  });

  for (const wrong of WRONG_CONFIGS) {
    it(`reports exactly the problems of ${wrong.story}`, () => {
      expect(problemsOf(wrong.config())).to.deep.equal([...wrong.problems].sort());
    });
  }

  it("reports the problems of every config above at once when they are all made together", () => {
    let config = devRuntimeConfig();
    config = withPath(config, "argo-sso:accounts", ["sandbox"], 11111111111);
    config = withPath(config, "argo-sso:groups", ["developers", "aws", 0, "permissionSet"], "Dev");
    config = withPath(config, "argo-sso:groups", ["developers", "members"], ["bob@example.com"]);
    config = withPath(config, "argo-sso:groups", ["reviewers", "aws", 0, "accounts", 0], "devv");
    config = withPath(config, "argo-sso:groups", ["reviewers", "argocd"], "role:auditor");
    config = withPath(config, "argo-sso:permissionSets", ["Developer", "sessionDuration"], "PT13H");
    config = withPath(config, "argo-sso:permissionSets", ["TerraformState", "parameters"], REMOVE);
    config = withPath(config, "argo-sso:identityCenter", ["samlApplication", "certificate"], expiredPem);
    config = withPath(config, "argo-sso:argocd", ["url"], "https://argocd.dev.example.com/");
    config = withPath(config, "argo-sso:argocd", ["values", "configs", "cm", "url"], "https://other");
    config = withPath(config, "argo-sso:workflows", ["authModes"], ["server"]);
    config = withPath(config, "argo-sso:clientSecret", ["clientId"], "argo-cd-cli");
    config = withConfig(config, "aws:region", () => "eu-west");
    config = { ...config, "argo-sso:protected": "true" };
    expect(problemsOf(config)).to.deep.equal(
      [
        'argo-sso:accounts.sandbox: must be a quoted 12-digit account ID, got the number 11111111111 (YAML drops leading zeros); write "011111111111"',
        'argo-sso:argocd.url: must not end with a slash (Argo CD appends /api/dex to it), got "https://argocd.dev.example.com/"',
        "argo-sso:argocd.values.configs.cm.url: managed by argo-sso; set argo-sso:argocd.url instead",
        `argo-sso:clientSecret.clientId: "argo-cd-cli" is one of Argo CD's own Dex clients (argo-cd, argo-cd-cli, argo-cd-pkce); reusing it breaks Argo CD's login (argo-cd #19787)`,
        'argo-sso:groups.developers.aws[0].permissionSet: unknown permission set "Dev"; known: Admin, Developer, ReadOnly, TerraformState; presets: ' +
          PRESET_LIST,
        "argo-sso:groups.developers.members: an external group gets its members from the IdP by SCIM; remove members (or set source: managed)",
        'argo-sso:groups.reviewers.argocd: unknown Argo CD role "role:auditor"; known: role:admin, role:readonly, role:deployer (custom roles go under argo-sso:argocd.roles)',
        'argo-sso:groups.reviewers.aws[0].accounts[0]: unknown account "devv" (did you mean "dev"?); use a name from argo-sso:accounts (dev, management, sandbox, shared-services), a 12-digit ID or an OU ID (ou-...)',
        "argo-sso:identityCenter.samlApplication.certificate: expired on 2016-01-01; download the current certificate from the application's page in Identity Center",
        "argo-sso:permissionSets.Developer.sessionDuration: must be between PT1H and PT12H, got PT13H",
        "argo-sso:permissionSets.TerraformState.parameters.stateBucket: required by preset TerraformStateAccess: S3 bucket that holds the Terraform state",
        'argo-sso:protected: unknown key (did you mean "protect"?); allowed: accounts, identityCenter, permissionSets, users, groups, cluster, argocd, workflows, clientSecret, protect',
        "argo-sso:workflows.authModes[0]: server mode lets anyone who reaches the UI act as the Argo server's own service account, with no login; use sso (and client for argo CLI tokens)",
        'aws:region: must be an AWS region like eu-west-1, got "eu-west"',
      ].sort(),
    );
  });
});
