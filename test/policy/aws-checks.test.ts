/**
 * The Identity Center and resource-option checks (policy/aws-checks.ts) called directly, and the
 * pack's policy table (policy/policies.ts) written out. Bounds are Identity Center's (SSO Admin
 * API `CreatePermissionSet`: `SessionDuration` ISO-8601, 1 to 12 hours); the AdministratorAccess
 * ARN is the AWS-managed policy's (`arn:aws:iam::aws:policy/AdministratorAccess`, any partition).
 */
import { expect } from "chai";
import {
  checkDexLogLevel,
  checkProtected,
  checkSessionDuration,
  durationSeconds,
  findAdministratorAccess,
  grantsEverything,
} from "../../policy/aws-checks";
import type { StackResource } from "../../policy/checks";
import {
  configSchemas,
  noSsoBypassValues,
  PACK_ENFORCEMENT,
  PACK_NAME,
  policies,
} from "../../policy/policies";

const SET = "aws:ssoadmin/permissionSet:PermissionSet";
const RELEASE = "kubernetes:helm.sh/v3:Release";

describe("policy/aws-checks", () => {
  describe("session durations", () => {
    it("reads ISO-8601 PT durations in seconds, nothing else", () => {
      expect(
        ["PT1H", "PT1H30M", "PT90S", "PT2H3M4S", "PT0H", "PT", "P1D", "PT1H ", "xPT1H", "PT1.5H", "pt1h"].map(
          durationSeconds,
        ),
      ).to.deep.equal([
        3600,
        5400,
        90,
        7384,
        0,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
    });

    it("allows exactly 1 h to the maximum and names the set and value otherwise", () => {
      const check = (sessionDuration: unknown, name: unknown = "Dev", max = 12) =>
        checkSessionDuration(SET, { name, sessionDuration }, max);
      expect([check("PT1H"), check("PT60M"), check("PT12H"), check("PT8H", "Dev", 8)]).to.deep.equal([
        [],
        [],
        [],
        [],
      ]);
      expect(check("PT59M59S")).to.deep.equal([
        'permission set "Dev" sessionDuration must be at least PT1H, got PT59M59S',
      ]);
      expect(check("PT12H0M1S")).to.deep.equal([
        'permission set "Dev" sessionDuration must be at most PT12H, got PT12H0M1S',
      ]);
      expect(check("PT8H1S", "Dev", 8)).to.deep.equal([
        'permission set "Dev" sessionDuration must be at most PT8H, got PT8H1S',
      ]);
      expect(check(3600, 7)).to.deep.equal([
        'permission set "?" sessionDuration 3600 is not an ISO-8601 duration like PT8H',
      ]);
      expect(check("PT")).to.deep.equal([
        'permission set "Dev" sessionDuration "PT" is not an ISO-8601 duration like PT8H',
      ]);
    });

    it("passes an omitted duration and checks permission sets only", () => {
      expect(
        [null, "", undefined].map((d) => checkSessionDuration(SET, { name: "a", sessionDuration: d }, 1)),
      ).to.deep.equal([[], [], []]);
      expect(checkSessionDuration("aws:ssoadmin/other:Other", { sessionDuration: "PT99H" }, 1)).to.deep.equal(
        [],
      );
    });
  });

  describe("AdministratorAccess", () => {
    const set = (name: string, arn: string | undefined): StackResource => ({
      type: SET,
      name: `ps-${name}`,
      urn: `urn:ps-${name}`,
      props: { name, arn },
    });
    const attach = (policyArn: string, setArn: string | undefined, name = "att"): StackResource => ({
      type: "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment",
      name,
      urn: `urn:${name}`,
      props: { managedPolicyArn: policyArn, permissionSetArn: setArn },
    });
    const DEV = "arn:aws:sso:::permissionSet/ssoins-1/ps-dev";
    const gets = (name: string, known = "Admin") =>
      `permission set "${name}" gets the AdministratorAccess managed policy; allowed only for: ${known} (pack config allowedPermissionSets)`;

    it("recognises the AWS-managed policy in every partition, and only that policy", () => {
      const arns = [
        "arn:aws:iam::aws:policy/AdministratorAccess",
        "arn:aws-us-gov:iam::aws:policy/AdministratorAccess",
        "arn:aws-cn:iam::aws:policy/AdministratorAccess",
        "arn:aws:iam::aws:policy/AdministratorAccessX",
        "arn:aws:iam::aws:policy/job-function/AdministratorAccess",
        "arn:aws:iam::123456789012:policy/AdministratorAccess",
        "xarn:aws:iam::aws:policy/AdministratorAccess",
      ];
      const found = arns.map(
        (arn) => findAdministratorAccess([set("Dev", DEV), attach(arn, DEV)], ["Admin"]).length,
      );
      expect(found).to.deep.equal([1, 1, 1, 0, 0, 0, 0]);
    });

    it("allows it on the listed sets, lists them in the message, or says none", () => {
      const resources = [set("Dev", DEV), attach("arn:aws:iam::aws:policy/AdministratorAccess", DEV)];
      expect(findAdministratorAccess(resources, ["Dev"])).to.deep.equal([]);
      expect(findAdministratorAccess(resources, ["Admin", "Ops"])).to.deep.equal([
        { urn: "urn:att", message: gets("Dev", "Admin, Ops") },
      ]);
      expect(findAdministratorAccess(resources, [])).to.deep.equal([
        { urn: "urn:att", message: gets("Dev", "none") },
      ]);
    });

    it("finds it in an exclusive attachment list", () => {
      const exclusive: StackResource = {
        type: "aws:ssoadmin/managedPolicyAttachmentsExclusive:ManagedPolicyAttachmentsExclusive",
        name: "ex",
        urn: "urn:ex",
        props: {
          permissionSetArn: DEV,
          managedPolicyArns: [
            "arn:aws:iam::aws:policy/ReadOnlyAccess",
            "arn:aws:iam::aws:policy/AdministratorAccess",
          ],
        },
      };
      expect(findAdministratorAccess([set("Dev", DEV), exclusive], ["Admin"])).to.deep.equal([
        { urn: "urn:ex", message: gets("Dev") },
      ]);
      const readOnly = {
        ...exclusive,
        props: { ...exclusive.props, managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] },
      };
      expect(findAdministratorAccess([set("Dev", DEV), readOnly], [])).to.deep.equal([]);
    });

    it("does not match a set and an attachment whose ARNs are both unknown", () => {
      expect(
        findAdministratorAccess(
          [set("Dev", undefined), attach("arn:aws:iam::aws:policy/AdministratorAccess", undefined)],
          ["Dev"],
        ),
      ).to.deep.equal([
        {
          urn: "urn:att",
          message:
            "att attaches the AdministratorAccess managed policy to a permission set that cannot be identified",
        },
      ]);
    });

    it("falls back to the ARN when the property dependencies do not name the set's ARN", () => {
      const att = { ...attach("arn:aws:iam::aws:policy/AdministratorAccess", DEV), propertyDependencies: {} };
      expect(findAdministratorAccess([set("Dev", DEV), att], ["Admin"])).to.deep.equal([
        { urn: "urn:att", message: gets("Dev") },
      ]);
    });

    it("takes the set from the property dependency only when it is a permission set", () => {
      const other: StackResource = {
        type: "aws:ssoadmin/other:Other",
        name: "o",
        urn: "urn:o",
        props: { name: "Dev" },
      };
      const att = {
        ...attach("arn:aws:iam::aws:policy/AdministratorAccess", undefined),
        propertyDependencies: { permissionSetArn: [other, set("Ops", undefined)] },
      };
      expect(findAdministratorAccess([att], ["Dev"])).to.deep.equal([
        { urn: "urn:att", message: gets("Ops", "Dev") },
      ]);
    });

    it("names the set the attachment's ARN points at, among several, and only a permission set with a text name", () => {
      const OPS = "arn:aws:sso:::permissionSet/ssoins-1/ps-ops";
      const admin = "arn:aws:iam::aws:policy/AdministratorAccess";
      const lookalike: StackResource = {
        type: "aws:iam/role:Role",
        name: "r",
        urn: "urn:r",
        props: { name: "Dev", arn: OPS },
      };
      expect(
        findAdministratorAccess([lookalike, set("Dev", DEV), set("Ops", OPS), attach(admin, OPS)], ["Dev"]),
      ).to.deep.equal([{ urn: "urn:att", message: gets("Ops", "Dev") }]);
      const unnamed: StackResource = {
        type: SET,
        name: "ps-x",
        urn: "urn:ps-x",
        props: { name: 42, arn: DEV },
      };
      expect(findAdministratorAccess([unnamed, attach(admin, DEV)], [])).to.deep.equal([
        {
          urn: "urn:att",
          message:
            "att attaches the AdministratorAccess managed policy to a permission set that cannot be identified",
        },
      ]);
    });

    it("looks at the policy properties of attachment and inline-policy resources only", () => {
      const everything = JSON.stringify({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });
      const others: StackResource[] = [
        {
          type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
          name: "a",
          urn: "urn:a",
          props: { permissionSetArn: DEV, managedPolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
        },
        {
          type: "aws:iam/roleManagedPolicies:X",
          name: "b",
          urn: "urn:b",
          props: {
            permissionSetArn: DEV,
            managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
          },
        },
        {
          type: "aws:iam/rolePolicy:RolePolicy",
          name: "c",
          urn: "urn:c",
          props: { permissionSetArn: DEV, inlinePolicy: everything },
        },
        {
          type: "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy",
          name: "d",
          urn: "urn:d",
          props: {
            permissionSetArn: DEV,
            inlinePolicy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] }),
          },
        },
      ];
      expect(findAdministratorAccess([set("Dev", DEV), ...others], [])).to.deep.equal([]);
    });

    it("treats an inline Allow of * on * without condition as AdministratorAccess", () => {
      const doc = (statement: unknown) => ({ Version: "2012-10-17", Statement: statement });
      expect(
        [
          doc({ Effect: "Allow", Action: "*", Resource: "*" }),
          JSON.stringify(
            doc([
              { Effect: "Deny", Action: "*", Resource: "*" },
              { Effect: "Allow", Action: ["s3:*", "*"], Resource: ["*"] },
            ]),
          ),
          doc([
            {
              Effect: "Allow",
              Action: "*",
              Resource: "*",
              Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
            },
          ]),
          doc([{ Effect: "Deny", Action: "*", Resource: "*" }]),
          doc([{ Effect: "Allow", Action: "s3:*", Resource: "*" }]),
          doc([{ Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::b" }]),
          doc(["Allow * *"]),
          doc(undefined),
          "{ not json",
          null,
          "null",
          [doc({ Effect: "Allow", Action: "*", Resource: "*" })],
        ].map(grantsEverything),
      ).to.deep.equal([true, true, false, false, false, false, false, false, false, false, false, false]);
      const inline: StackResource = {
        type: "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy",
        name: "in",
        urn: "urn:in",
        props: { permissionSetArn: DEV, inlinePolicy: doc({ Effect: "Allow", Action: "*", Resource: "*" }) },
      };
      expect(findAdministratorAccess([set("Dev", DEV), inline], [])).to.deep.equal([
        {
          urn: "urn:in",
          message:
            'permission set "Dev" gets an inline policy that allows "*" on "*"; allowed only for: none (pack config allowedPermissionSets)',
        },
      ]);
    });
  });

  describe("checkDexLogLevel", () => {
    const cd = (values: Record<string, unknown>) => ({ chart: "argo-cd", values });

    it("fails each place Dex's level can be debug, written out", () => {
      expect(
        checkDexLogLevel(
          RELEASE,
          cd({
            dex: { logLevel: "debug", extraArgs: ["serve", "--log-level", "debug"] },
            global: { logging: { level: "debug" } },
            configs: {
              params: { "dexserver.log.level": "debug" },
              cm: { "dex.config": "logger:\n  level: debug\n" },
            },
          }),
        ),
      ).to.deep.equal([
        'dex.logLevel is "debug" (Dex inherits it)',
        'global.logging.level is "debug" (Dex inherits it)',
        'configs.params."dexserver.log.level" is "debug" (Dex inherits it)',
        "dex.extraArgs sets the log level to debug",
        'configs.cm."dex.config" logger.level is "debug"',
      ]);
    });

    it("reads the flag with or without a dash and =, as a whole word", () => {
      const args = (extraArgs: unknown) => checkDexLogLevel(RELEASE, cd({ dex: { extraArgs } })).length;
      expect([
        args(["--loglevel=debug"]),
        args(["--log-level=debug"]),
        args(["--loglevel  debug"]),
        args(["--log-level=debugx"]),
        args(["--log-level=info", "debug"]),
        args(["--log_level=debug"]),
        args("--log-level=debug"),
      ]).to.deep.equal([1, 1, 1, 0, 0, 0, 0]);
    });

    it("passes info levels and other charts", () => {
      expect(
        checkDexLogLevel(
          RELEASE,
          cd({ dex: { logLevel: "info" }, configs: { cm: { "dex.config": "logger: {level: info}" } } }),
        ),
      ).to.deep.equal([]);
      expect(
        checkDexLogLevel(RELEASE, { chart: "argo-workflows", values: { dex: { logLevel: "debug" } } }),
      ).to.deep.equal([]);
    });
  });

  describe("checkProtected", () => {
    it("asks for protect on groups, permission sets and namespaces by default, naming the type's last part", () => {
      expect([
        checkProtected("aws:identitystore/group:Group", "g", false),
        checkProtected(SET, "p", false),
        checkProtected("kubernetes:core/v1:Namespace", "n", false),
        checkProtected("aws:identitystore/user:User", "u", false),
        checkProtected(SET, "p", true),
        checkProtected("kubernetes:core/v1:Namespace", "n", false, [SET]),
      ]).to.deep.equal([
        ['Group "g" is not protected: set argo-sso:protect: true'],
        ['PermissionSet "p" is not protected: set argo-sso:protect: true'],
        ['Namespace "n" is not protected: set argo-sso:protect: true'],
        [],
        [],
        [],
      ]);
    });
  });

  describe("the pack's policies (policy/policies.ts)", () => {
    it("is the pack argo-sso-guardrails, mandatory unless a pack config says otherwise (docs/delivery.md)", () => {
      expect([PACK_NAME, PACK_ENFORCEMENT]).to.deep.equal(["argo-sso-guardrails", "mandatory"]);
    });

    it("has these policies, in this order, at these severities", () => {
      expect(policies.map((p) => [p.name, p.severity])).to.deep.equal([
        ["saml-signature-validation", "critical"],
        ["https-urls-only", "high"],
        ["argocd-default-role-not-admin", "critical"],
        ["workflows-no-server-auth-mode", "critical"],
        ["chart-versions-pinned", "medium"],
        ["no-plaintext-client-secret", "critical"],
        ["session-duration-limit", "medium"],
        ["administrator-access-allow-list", "critical"],
        ["dex-log-level-not-debug", "high"],
        ["protected-resources", "high"],
        ["no-sso-bypass-values", "critical"],
      ]);
    });

    it("gives three policies a config schema with these defaults and bounds", () => {
      expect(configSchemas()).to.deep.equal({
        "session-duration-limit": {
          properties: { maxSessionHours: { type: "integer", minimum: 1, maximum: 12, default: 12 } },
        },
        "administrator-access-allow-list": {
          properties: { allowedPermissionSets: { type: "array", items: { type: "string" }, default: [] } },
        },
        "protected-resources": {
          properties: {
            resourceTypes: {
              type: "array",
              items: { type: "string" },
              default: ["aws:identitystore/group:Group", SET, "kubernetes:core/v1:Namespace"],
            },
          },
        },
      });
    });

    it("checks chart values for SSO bypass keys only on Helm resources", () => {
      const run = (type: string) => {
        const messages: string[] = [];
        const policy = noSsoBypassValues as {
          validateResource: (args: unknown, report: (m: string) => void) => void;
        };
        policy.validateResource({ type, props: { chart: "argo-cd", values: { extraObjects: [] } } }, (m) =>
          messages.push(m),
        );
        return messages;
      };
      expect(run(RELEASE)).to.deep.equal([
        "argo-cd values set extraObjects, which can bypass SSO (adds objects beside the chart's)",
      ]);
      expect(run("kubernetes:core/v1:ConfigMap")).to.deep.equal([]);
    });
  });
});
