/**
 * `aws:region`, `argo-sso:accounts`, `argo-sso:identityCenter` and `argo-sso:users`: the
 * Identity Center side of the config, with the ID shapes from FIELD-NOTES.md.
 */
import { X509Certificate } from "node:crypto";
import {
  DEPLOYERS,
  IDENTITY_SOURCES,
  type IdentityCenterSpec,
  type SamlApplicationSpec,
  type UserSource,
  type UserSpec,
} from "./types";
import { At, checkKeys, describe, own } from "./config-read";
import { ACCOUNT_ID, APPLICATION_ARN } from "../components/identity-center-plan";
import {
  anyInvalid,
  readChoice,
  readGiven,
  readHttpsUrl,
  readObj,
  readSection,
  readText,
} from "./config-values";
import { readDirectoryImportId } from "./config-adoption";

export { ACCOUNT_ID };

/** `eu-west-1`, `us-gov-west-1`, `cn-north-1`, `ap-southeast-3`... */
export const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
export const INSTANCE_ARN = /^arn:aws[a-z-]*:sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/;
export const IDENTITY_STORE_ID = /^d-[0-9a-f]{10}$/;
export const SIGN_IN_URL =
  /^https:\/\/portal\.sso\.([a-z0-9-]+)\.amazonaws\.com\/saml\/assertion\/[A-Za-z0-9_=-]+$/;
/** A Pulumi stack reference: `stack`, `project/stack` or `org/project/stack`. */
export const STACK_NAME = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+){0,2}$/;
const ACCOUNT_NAME = /^[A-Za-z0-9][\w.-]{0,63}$/;
/** Identity Store UserName: 1–128 visible characters (no spaces). */
const USER_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** Warn this long before the SAML certificate expires: Dex rejects every login after that. */
const EXPIRY_WARNING_DAYS = 30;

/** Reads `aws:region` (raw runtime text). */
export function readRegion(at: At, raw: unknown): string | undefined {
  if (raw === undefined) {
    at.problem(
      "required: the Identity Center home region, e.g. eu-west-1 (pulumi config set aws:region eu-west-1)",
    );
    return undefined;
  }
  return readText(at, raw, { pattern: REGION, patternHint: "an AWS region like eu-west-1" });
}

/**
 * A 12-digit account ID as text. A YAML number is refused, because YAML drops its leading
 * zeros: the message shows the probable quoted form.
 */
export function readAccountId(at: At, value: unknown): string | undefined {
  if (typeof value === "number") {
    const digits = Number.isSafeInteger(value) && value >= 0 ? String(value) : undefined;
    if (digits === undefined || digits.length > 12) {
      at.problem(`must be a quoted 12-digit account ID, got the number ${value}`);
    } else {
      at.problem(
        `must be a quoted 12-digit account ID, got the number ${value} (YAML drops leading zeros); write "${digits.padStart(12, "0")}"`,
      );
    }
    return undefined;
  }
  return readText(at, value, { pattern: ACCOUNT_ID, patternHint: "a 12-digit account ID in quotes" });
}

/** What `argo-sso:accounts` yields. */
export interface AccountsResult {
  /** False when the map itself is unreadable: names cannot be resolved, so they are not reported. */
  readonly usable: boolean;
  /** Every name present, valid or not. */
  readonly names: readonly string[];
  readonly ids: ReadonlyMap<string, string>;
}

export function readAccounts(at: At, value: unknown): AccountsResult {
  if (value === undefined) return { usable: true, names: [], ids: new Map() };
  const obj = readObj(at, value, 'account name to 12-digit ID (in quotes: sandbox: "111111111111")');
  if (!obj) return { usable: false, names: [], ids: new Map() };
  const ids = new Map<string, string>();
  for (const [name, id] of Object.entries(obj)) {
    if (ACCOUNT_ID.test(name))
      at.at(name).problem("an account name must not be a 12-digit number (it reads as an ID)");
    else if (!ACCOUNT_NAME.test(name)) {
      at.at(name).problem(
        `account name must be 1 to 64 letters, digits and _.- (starting with a letter or digit)`,
      );
    }
    const read = readAccountId(at.at(name), id);
    if (read !== undefined) ids.set(name, read);
  }
  return { usable: true, names: Object.keys(obj), ids };
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * The SAML signing certificate: one PEM certificate that node's X509 parser accepts, valid at
 * `now` (Dex refuses assertions signed with an expired one), normalised to trimmed lines and a
 * single trailing newline. Warns within 30 days of expiry.
 */
export function readCertificate(at: At, value: unknown, now: Date): string | undefined {
  const text = readText(at, value);
  if (text === undefined) return undefined;
  const pem = `${text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .join("\n")}\n`;
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----/g)?.length ?? 0;
  if (blocks !== 1 || !/^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n$/.test(pem)) {
    at.problem(
      blocks > 1
        ? `must hold one certificate, got ${blocks}`
        : "must be one PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----), as downloaded from the application's page in Identity Center",
    );
    return undefined;
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch (err) {
    at.problem(`is not a readable X.509 certificate: ${(err as Error).message}`);
    return undefined;
  }
  const from = new Date(cert.validFrom);
  const to = new Date(cert.validTo);
  if (now.getTime() > to.getTime()) {
    at.problem(
      `expired on ${isoDate(to)}; download the current certificate from the application's page in Identity Center`,
    );
    return undefined;
  }
  if (now.getTime() < from.getTime()) {
    at.problem(`is not valid before ${isoDate(from)}`);
    return undefined;
  }
  const daysLeft = Math.floor((to.getTime() - now.getTime()) / 86_400_000);
  if (daysLeft < EXPIRY_WARNING_DAYS) {
    at.warn(
      `expires on ${isoDate(to)} (in ${daysLeft} days): rotate it in Identity Center and update this value`,
    );
  }
  return pem;
}

function readSamlApplication(at: At, value: unknown, region: string | undefined, now: Date) {
  const obj = readSection(at, value, "arn, signInUrl and certificate", ["arn", "signInUrl", "certificate"]);
  if (!obj) return undefined;
  const arn = readText(at.at("arn"), own(obj, "arn"), {
    pattern: APPLICATION_ARN,
    patternHint:
      "an application ARN like arn:aws:sso::123456789012:application/ssoins-1111222233334444/apl-5555666677778888",
  });
  const signInUrl = readText(at.at("signInUrl"), own(obj, "signInUrl"), {
    pattern: SIGN_IN_URL,
    patternHint:
      "the application's sign-in URL, https://portal.sso.<region>.amazonaws.com/saml/assertion/<id>",
  });
  const urlRegion = signInUrl === undefined ? undefined : SIGN_IN_URL.exec(signInUrl)?.[1];
  if (urlRegion !== undefined && region !== undefined && urlRegion !== region) {
    at.at("signInUrl").warn(
      `is in region ${urlRegion} but aws:region is ${region}; Identity Center lives in one home region`,
    );
  }
  const certificate = readCertificate(at.at("certificate"), own(obj, "certificate"), now);
  if (arn === undefined || signInUrl === undefined || certificate === undefined) return undefined;
  const spec: SamlApplicationSpec = { arn, signInUrl, certificate };
  return spec;
}

/** Reads `argo-sso:identityCenter`; `region` is `aws:region` when valid. */
export function readIdentityCenter(
  at: At,
  value: unknown,
  region: string | undefined,
  now: Date,
): IdentityCenterSpec | undefined {
  const obj = readSection(
    at,
    value,
    "instanceArn, identityStoreId, accessPortalUrl, samlApplication, managementAccountId, deployer, identitySource and ownerStack",
    [
      "instanceArn",
      "identityStoreId",
      "accessPortalUrl",
      "samlApplication",
      "managementAccountId",
      "deployer",
      "identitySource",
      "ownerStack",
    ],
    "at least samlApplication { arn, signInUrl, certificate } of the SAML app made in the console",
  );
  if (!obj) return undefined;
  const instance = readGiven(at, obj, "instanceArn", (here, v) =>
    readText(here, v, {
      pattern: INSTANCE_ARN,
      patternHint: "an instance ARN like arn:aws:sso:::instance/ssoins-1111222233334444",
    }),
  );
  const store = readGiven(at, obj, "identityStoreId", (here, v) =>
    readText(here, v, { pattern: IDENTITY_STORE_ID, patternHint: "an identity store ID like d-0123456789" }),
  );
  const portal = readGiven(at, obj, "accessPortalUrl", (here, v) => readHttpsUrl(here, v, { origin: false }));
  const ownerStack = readGiven(at, obj, "ownerStack", (here, v) =>
    readText(here, v, {
      pattern: STACK_NAME,
      patternHint: "the owner stack's fully qualified name, like acme/argo-sso/identity",
    }),
  );
  if ((own(obj, "instanceArn") === undefined) !== (own(obj, "identityStoreId") === undefined)) {
    at.problem("set both instanceArn and identityStoreId, or neither (then both are discovered)");
  }
  const saml = own(obj, "samlApplication");
  if (saml === undefined) at.at("samlApplication").problem("required: arn, signInUrl and certificate");
  const samlApplication =
    saml === undefined ? undefined : readSamlApplication(at.at("samlApplication"), saml, region, now);
  const instanceId = instance.value?.split("/")[1];
  const appInstance = samlApplication ? APPLICATION_ARN.exec(samlApplication.arn)?.[1] : undefined;
  if (instanceId !== undefined && appInstance !== undefined && instanceId !== appInstance) {
    at.at("samlApplication", "arn").problem(
      `belongs to instance ${appInstance}, but instanceArn is ${instanceId}`,
    );
  }
  const management = readGiven(at, obj, "managementAccountId", readAccountId);
  const deployer = readGiven(at, obj, "deployer", (here, v) => readChoice(here, v, DEPLOYERS));
  const source = readGiven(at, obj, "identitySource", (here, v) => readChoice(here, v, IDENTITY_SOURCES));
  if (deployer.value === "delegatedAdmin" && !management.given) {
    at.at("managementAccountId").problem(
      "required with deployer: delegatedAdmin: the 12-digit ID of the organization's management account, where a delegated administrator cannot assign",
    );
  }
  // An application ARN carries the account that owns the Identity Center instance: for an
  // organization instance, the management account. (The instance ARN carries no account.)
  const appAccount = samlApplication ? /^arn:[^:]+:sso::(\d{12}):/.exec(samlApplication.arn)?.[1] : undefined;
  if (management.value !== undefined && appAccount !== undefined && appAccount !== management.value) {
    at.at("managementAccountId").problem(
      `is ${management.value}, but samlApplication.arn belongs to account ${appAccount}; an organization instance and its applications live in the management account`,
    );
  }
  if (
    anyInvalid([instance, store, portal, management, deployer, source, ownerStack]) ||
    samlApplication === undefined
  ) {
    return undefined;
  }
  return {
    managementAccountId: management.value,
    deployer: deployer.value ?? "management",
    identitySource: source.value ?? "identityCenter",
    instanceArn: instance.value,
    identityStoreId: store.value,
    accessPortalUrl: portal.value,
    samlApplication,
    ...(ownerStack.value === undefined ? {} : { ownerStack: ownerStack.value }),
  };
}

/** What `argo-sso:users` yields. */
export interface UsersResult {
  /** Every user name present, valid or not; undefined when the map is unreadable (references are not checked). */
  readonly names: readonly string[] | undefined;
  readonly specs: ReadonlyMap<string, UserSpec>;
}

const MANAGED_USER_KEYS = ["displayName", "givenName", "familyName", "email", "source", "aws", "import"];

/**
 * Reads `argo-sso:users`. A user's `aws` grants are read by the groups reader (they refer to
 * permission sets and accounts); here they are only allowed as a key.
 */
export function readUsers(at: At, value: unknown, identityStoreId?: string): UsersResult {
  const specs = new Map<string, UserSpec>();
  if (value === undefined) return { names: [], specs };
  const obj = readObj(at, value, "user name to { displayName, givenName, familyName, email }");
  if (!obj) return { names: undefined, specs };
  for (const [userName, entry] of Object.entries(obj)) {
    const here = at.at(userName);
    if (!USER_NAME.test(userName)) {
      here.problem(`user name must be 1 to 128 visible characters without spaces, got ${describe(userName)}`);
    }
    const fields = readObj(here, entry, "displayName, givenName, familyName and email");
    if (!fields) continue;
    checkKeys(here, fields, MANAGED_USER_KEYS);
    const source = readGiven(here, fields, "source", (h, v) =>
      readChoice<UserSource>(h, v, ["managed", "existing"]),
    );
    if (source.given && source.value === undefined) continue;
    if (source.value === "existing") {
      const extra = ["displayName", "givenName", "familyName", "email", "import"].filter(
        (k) => own(fields, k) !== undefined,
      );
      for (const key of extra) {
        here
          .at(key)
          .problem(
            "an existing user is looked up by user name and never changed here; remove it (or set source: managed)",
          );
      }
      if (extra.length === 0) {
        specs.set(userName, { userName, source: "existing", displayName: "", givenName: "", familyName: "" });
      }
      continue;
    }
    const importId = readGiven(here, fields, "import", (h, v) =>
      readDirectoryImportId(h, v, identityStoreId, "user"),
    );
    if (anyInvalid([importId])) continue;
    const name = (key: string) => readText(here.at(key), own(fields, key), { max: 1024 });
    const displayName = name("displayName");
    const givenName = name("givenName");
    const familyName = name("familyName");
    const rawEmail = own(fields, "email");
    const email =
      rawEmail === undefined
        ? EMAIL.test(userName)
          ? userName
          : undefined
        : readText(here.at("email"), rawEmail, { max: 254, pattern: EMAIL, patternHint: "an email address" });
    if (rawEmail !== undefined && email === undefined) continue;
    if (displayName === undefined || givenName === undefined || familyName === undefined) continue;
    specs.set(userName, {
      userName,
      displayName,
      givenName,
      familyName,
      email,
      ...(importId.value === undefined ? {} : { importId: importId.value }),
    });
  }
  return { names: Object.keys(obj), specs };
}
