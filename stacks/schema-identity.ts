/**
 * The Identity Center side of the stack-config schema: `aws:region`, `argo-sso:accounts`,
 * `argo-sso:identityCenter`, `argo-sso:users` and the `aws` grants of users and groups, with
 * the ID shapes from FIELD-NOTES.md. Cross references are checked in stacks/schema-refs.ts.
 */
import { X509Certificate } from "node:crypto";
import { z } from "zod";
import { DEPLOYERS, IDENTITY_SOURCES } from "../components/identity-center-types";
import { ACCOUNT_ID, APPLICATION_ARN } from "../components/identity-center-plan";
import { DIRECTORY_IMPORT_ID } from "../components/import-ids";
import { argoUrlProblem } from "../components/argo-url";
import {
  ON_MAP,
  bool,
  choice,
  describe,
  list,
  map,
  own,
  parseNow,
  problem,
  section,
  str,
  textCheck,
} from "./schema-kit";

export { ACCOUNT_ID };

/** `eu-west-1`, `us-gov-west-1`, `cn-north-1`, `ap-southeast-3`... */
export const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
const INSTANCE_ARN = /^arn:aws[a-z-]*:sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/;
export const SIGN_IN_URL =
  /^https:\/\/portal\.sso\.([a-z0-9-]+)\.amazonaws\.com\/saml\/assertion\/[A-Za-z0-9_=-]+$/;
const ACCOUNT_NAME = /^[A-Za-z0-9][\w.-]{0,63}$/;
const ACCOUNT_NAME_RULE =
  "account name must be 1 to 64 letters, digits and _.- (starting with a letter or digit)";
/** Identity Store UserName: 1–128 visible characters (no spaces). */
const USER_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;
const USER_NAME_RULE = "user name must be 1 to 128 visible characters without spaces";
export const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const DAY_MS = 86_400_000;

export const regionSchema = str({
  pattern: REGION,
  hint: "an AWS region like eu-west-1",
  required:
    "required: the Identity Center home region, e.g. eu-west-1 (pulumi config set aws:region eu-west-1)",
}).describe("`aws:region`: the Identity Center home region, e.g. eu-west-1.");

/** A YAML number where an account ID belongs: YAML drops its leading zeros, so show the quoted form. */
function accountNumber(value: unknown): string | undefined {
  if (typeof value !== "number") return undefined;
  const got = `must be a quoted 12-digit account ID, got the number ${value}`;
  const digits = Number.isSafeInteger(value) && value >= 0 ? String(value) : "-";
  if (!/^\d{1,12}$/.test(digits)) return got;
  return `${got} (YAML drops leading zeros); write "${digits.padStart(12, "0")}"`;
}

export const PLACEHOLDER_ACCOUNT =
  "000000000000 is not an AWS account ID (a placeholder); write the real 12-digit ID";

const accountId = () =>
  str({ pattern: ACCOUNT_ID, hint: "a 12-digit account ID in quotes", notText: accountNumber }).refine(
    (id) => id !== "000000000000",
    { error: PLACEHOLDER_ACCOUNT },
  );

export const accountsSchema = map(
  'account name to 12-digit ID (in quotes: sandbox: "111111111111")',
  accountId().describe("The account's 12-digit ID, quoted."),
)
  .superRefine((accounts, ctx) => {
    for (const name of Object.keys(accounts)) {
      if (ACCOUNT_ID.test(name))
        problem(ctx, [name], "an account name must not be a 12-digit number (it reads as an ID)");
      else if (!ACCOUNT_NAME.test(name)) problem(ctx, [name], ACCOUNT_NAME_RULE);
    }
  }, ON_MAP)
  .optional()
  .describe("`argo-sso:accounts`: friendly account name → 12-digit account ID, for grants to name.");

/**
 * Why `text` is not an acceptable https URL, or undefined. With `origin` (Argo URLs) it must
 * also have no path and no trailing slash, because Argo CD builds its Dex issuer by plain
 * concatenation (`url + "/api/dex"`), and pass the single URL rule of components/argo-url.ts.
 */
export function httpsUrlProblem(text: string, origin: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `must be an https URL like https://argocd.example.com, got ${describe(text)}`;
  }
  const found =
    url.protocol !== "https:"
      ? "must start with https://"
      : url.username !== "" || url.password !== ""
        ? "must not contain a user name or password"
        : /[?#]/.test(text)
          ? "must not have a query or fragment"
          : /\s/.test(text)
            ? "must not contain whitespace"
            : !origin
              ? undefined
              : text.endsWith("/")
                ? "must not end with a slash (Argo CD appends /api/dex to it)"
                : url.pathname !== "/"
                  ? "must be scheme and host only, no path (argo-sso does not set Argo's root path)"
                  : argoUrlProblem(text);
  return found === undefined ? undefined : `${found}, got ${describe(text)}`;
}

/** An https URL (see {@link httpsUrlProblem}). */
export function httpsUrl(origin: boolean, required?: string) {
  return str({ required }).superRefine(textCheck((text) => httpsUrlProblem(text, origin)));
}

const isoDate = (date: Date) => date.toISOString().slice(0, 10);

/** The PEM text normalised: trimmed lines, no blank ones, a single trailing newline. */
export function normalisePem(text: string): string {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  return `${lines.filter((line) => line !== "").join("\n")}\n`;
}

/** The certificate's validity, or the problem with it at `now`. */
function readCertificate(text: string, now: Date): { problem?: string; validTo?: Date } {
  const pem = normalisePem(text);
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----/g)?.length ?? 0;
  if (blocks > 1) return { problem: `must hold one certificate, got ${blocks}` };
  // No block at all fails the pattern too.
  if (!/^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n$/.test(pem)) {
    return {
      problem:
        "must be one PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----), as downloaded from the application's page in Identity Center",
    };
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch (err) {
    return { problem: `is not a readable X.509 certificate: ${(err as Error).message}` };
  }
  const [from, to] = [new Date(cert.validFrom), new Date(cert.validTo)];
  if (now.getTime() > to.getTime()) {
    const problem = `expired on ${isoDate(to)}; download the current certificate from the application's page in Identity Center`;
    return { problem };
  }
  return now.getTime() < from.getTime()
    ? { problem: `is not valid before ${isoDate(from)}` }
    : { validTo: to };
}

/** The expiry warning (30 days ahead: Dex rejects every login after it) for a valid certificate. */
export function certificateWarning(text: string, now: Date): string | undefined {
  const { validTo } = readCertificate(text, now);
  if (validTo === undefined) return undefined;
  const daysLeft = Math.floor((validTo.getTime() - now.getTime()) / DAY_MS);
  return daysLeft < 30
    ? `expires on ${isoDate(validTo)} (in ${daysLeft} days): rotate it in Identity Center and update this value`
    : undefined;
}

const samlApplication = section(
  {
    arn: str({
      pattern: APPLICATION_ARN,
      hint: "an application ARN like arn:aws:sso::123456789012:application/ssoins-1111222233334444/apl-5555666677778888",
    }).describe("ARN of the custom SAML 2.0 application created once in the Identity Center console."),
    signInUrl: str({
      pattern: SIGN_IN_URL,
      hint: "the application's sign-in URL, https://portal.sso.<region>.amazonaws.com/saml/assertion/<id>",
    }).describe('The application\'s "IAM Identity Center sign-in URL" (Dex `ssoURL`).'),
    certificate: str()
      .superRefine(textCheck((text) => readCertificate(text, parseNow()).problem))
      .describe(
        "The Identity Center SAML signing certificate, PEM, valid now (warned 30 days before expiry).",
      ),
  },
  "arn, signInUrl and certificate",
  "arn, signInUrl and certificate",
).describe("The SAML application Argo CD's Dex logs in through.");

/** A provider import ID `<identity store ID>/<object ID>` (the store is checked in schema-refs.ts). */
export function directoryImportId(what: "group" | "user") {
  return str({
    pattern: DIRECTORY_IMPORT_ID,
    hint: `the ${what}'s import ID <identity store ID>/<${what} ID>, like d-1111111111/90677ed4-b0c1-7041-2b1c-1e3a0a0a0a0a`,
  })
    .optional()
    .describe(`Adopt an existing ${what}: the provider import ID <identity store ID>/<${what} ID>.`);
}

/** The rules between the keys of `identityCenter`. */
function checkIdentityCenter(ic: Record<string, unknown>, ctx: z.core.$RefinementCtx) {
  if ((own(ic, "instanceArn") === undefined) !== (own(ic, "identityStoreId") === undefined))
    problem(ctx, [], "set both instanceArn and identityStoreId, or neither (then both are discovered)");
  const arn = own(own(ic, "samlApplication"), "arn");
  const instance = own(ic, "instanceArn");
  const instanceId =
    typeof instance === "string" && INSTANCE_ARN.test(instance) ? instance.split("/")[1] : "";
  // An application ARN carries the instance and the account that owns it: for an organization
  // instance, the management account. (The instance ARN carries no account.)
  const app = typeof arn === "string" ? APPLICATION_ARN.exec(arn) : null;
  const appAccount = app?.[0].split(":")[4];
  const otherInstance = `belongs to instance ${app?.[1]}, but instanceArn is ${instanceId}`;
  if (instanceId !== "" && app !== null && instanceId !== app[1])
    problem(ctx, ["samlApplication", "arn"], otherInstance);
  const management = own(ic, "managementAccountId");
  if (own(ic, "deployer") === "delegatedAdmin" && management === undefined) {
    const why =
      "the 12-digit ID of the organization's management account, where a delegated administrator cannot assign";
    problem(ctx, ["managementAccountId"], `required with deployer: delegatedAdmin: ${why}`);
  }
  const why = "an organization instance and its applications live in the management account";
  const other = `is ${management as string}, but samlApplication.arn belongs to account ${appAccount}; ${why}`;
  const valid = typeof management === "string" && ACCOUNT_ID.test(management);
  if (valid && appAccount !== undefined && appAccount !== management)
    problem(ctx, ["managementAccountId"], other);
}

export const identityCenterSchema = section(
  {
    instanceArn: str({
      pattern: INSTANCE_ARN,
      hint: "an instance ARN like arn:aws:sso:::instance/ssoins-1111222233334444",
    })
      .optional()
      .describe("The Identity Center instance ARN; discovered with ssoadmin.getInstances when omitted."),
    identityStoreId: str({ pattern: /^d-[0-9a-f]{10}$/, hint: "an identity store ID like d-0123456789" })
      .optional()
      .describe("The identity store ID (d-...); discovered with instanceArn when omitted."),
    accessPortalUrl: httpsUrl(false)
      .optional()
      .describe(
        "The access portal URL when an alias is set. Default: https://<identityStoreId>.awsapps.com/start.",
      ),
    samlApplication,
    managementAccountId: accountId()
      .optional()
      .describe("The organization's management account (12 digits); required with deployer delegatedAdmin."),
    deployer: choice(DEPLOYERS)
      .default("management")
      .describe("Whose credentials run pulumi up: the management account or the delegated administrator."),
    identitySource: choice(IDENTITY_SOURCES)
      .default("identityCenter")
      .describe("Identity Center's identity source: its own directory, or an external IdP (SCIM)."),
    ownerStack: str({
      pattern: /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+){0,2}$/,
      hint: "the owner stack's fully qualified name, like acme/argo-sso/identity",
    })
      .optional()
      .describe("A cluster stack: the stack (org/project/stack) that owns Identity Center."),
  },
  "instanceArn, identityStoreId, accessPortalUrl, samlApplication, managementAccountId, deployer, identitySource and ownerStack",
  "at least samlApplication { arn, signInUrl, certificate } of the SAML app made in the console",
)
  .superRefine(checkIdentityCenter, ON_MAP)
  .describe("`argo-sso:identityCenter`: the Identity Center instance and the SAML application.");

/** One `aws` grant of a group or a user. */
const grantSchema = section(
  {
    permissionSet: str().describe(
      "A permission set of argo-sso:permissionSets, or a preset without parameters.",
    ),
    accounts: list(
      "account names or 12-digit IDs",
      str({ notText: accountNumber }).describe(
        "An account name from argo-sso:accounts, a 12-digit account ID (quoted) or an organizational unit ID (ou-...).",
      ),
      "must name at least one account",
    ).describe("Where the permission set is assigned: account names, 12-digit IDs or OU IDs."),
    import: bool()
      .optional()
      .describe("Adopt the existing assignments of this grant (pulumi import; IDs derived)."),
  },
  "permissionSet and accounts",
);

export const grantsSchema = list("{ permissionSet, accounts } grants", grantSchema);

const USER_NAME_FIELDS = ["displayName", "givenName", "familyName"] as const;
const name = (what: string) => str({ max: 1024 }).optional().describe(`The user's ${what} (managed users).`);

const userSchema = section(
  {
    displayName: name("display name"),
    givenName: name("given name"),
    familyName: name("family name"),
    email: str({ max: 254, pattern: EMAIL, hint: "an email address" })
      .optional()
      .describe("The user's email. Default: the user name when it looks like an email."),
    source: choice(["managed", "existing"])
      .default("managed")
      .describe("managed: created here; existing: already in the directory, looked up by user name."),
    aws: grantsSchema.optional().describe("Account assignments to this user directly."),
    import: directoryImportId("user"),
  },
  "displayName, givenName, familyName and email",
).superRefine((user, ctx) => {
  const source = own(user, "source");
  const existing =
    "an existing user is looked up by user name and never changed here; remove it (or set source: managed)";
  if (source === "existing") {
    for (const key of [...USER_NAME_FIELDS, "email", "import"])
      if (own(user, key) !== undefined) problem(ctx, [key], existing);
  } else if (source === "managed") {
    for (const key of USER_NAME_FIELDS) if (own(user, key) === undefined) problem(ctx, [key], "required");
  }
}, ON_MAP);

export const usersSchema = map("user name to { displayName, givenName, familyName, email }", userSchema)
  .superRefine((users, ctx) => {
    for (const name of Object.keys(users).filter((n) => !USER_NAME.test(n)))
      problem(ctx, [name], `${USER_NAME_RULE}, got ${describe(name)}`);
  }, ON_MAP)
  .optional()
  .describe("`argo-sso:users`: users of the Identity Center directory, by user name (usually the email).");

export type UserConfig = z.output<typeof userSchema>;
export type GrantConfig = z.output<typeof grantSchema>;
