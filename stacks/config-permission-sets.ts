/**
 * `argo-sso:permissionSets`: custom permission sets and presets, with the limits AWS IAM
 * Identity Center enforces (CreatePermissionSet, PutInlinePolicyToPermissionSet,
 * AttachManagedPolicyToPermissionSet; AWS IAM Identity Center quotas) checked before any call.
 */
import type { PermissionSetSpec, PermissionsBoundary, PolicyReference } from "./types";
import {
  At,
  checkKeys,
  describe,
  didYouMean,
  isObj,
  own,
  readList,
  readObj,
  readStringMap,
  readText,
  record,
} from "./config-read";
import { PRESETS, PRESET_NAMES, isPresetName, presetPolicies, type PresetDefinition } from "./presets";

/** Permission-set names: 1–32 characters of `[\w+=,.@-]` (CreatePermissionSet `Name`). */
export const PERMISSION_SET_NAME = /^[\w+=,.@-]{1,32}$/;

/** Description characters AWS accepts (CreatePermissionSet `Description`): Latin-1 printable, tab, newlines. */
const LATIN1 = /^[\t\n\r\u0020-\u007E\u00A1-\u00FF]*$/;

/** `arn:<partition>:iam::aws:policy/<path/>name` or with a 12-digit account. */
export const MANAGED_POLICY_ARN = /^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/([\w+=,.@-]+\/)*[\w+=,.@-]+$/;
const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
const POLICY_PATH = /^\/([\w+=,.@-]+\/)*$/;

/** Session bounds in seconds: PT1H to PT12H (PermissionSet `SessionDuration`). */
const MIN_SESSION = 3600;
const MAX_SESSION = 12 * 3600;
/** IAM's default managed-policies-per-role quota: more needs a quota increase in every account. */
const IAM_ROLE_POLICY_QUOTA = 10;
/** Identity Center's hard limit of managed + customer-managed policies per permission set. */
const MAX_POLICIES = 20;
const INLINE_MAX_BYTES = 32_768;
const INLINE_MAX_NON_WHITESPACE = 10_240;

const CUSTOM_KEYS = [
  "description",
  "sessionDuration",
  "relayState",
  "tags",
  "managedPolicies",
  "customerManagedPolicies",
  "inlinePolicy",
  "permissionsBoundary",
] as const;
/** What a preset entry may set beside `preset` and `parameters`. */
export const PRESET_OVERRIDES = ["description", "sessionDuration", "relayState", "tags"] as const;
const ENTRY_KEYS = ["preset", "parameters", ...CUSTOM_KEYS];

/**
 * Seconds in an ISO-8601 duration of days, hours, minutes and seconds (`PT8H`, `PT1H30M`,
 * `P1D`), or undefined when the text is not one.
 */
export function parseIsoDuration(text: string): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text);
  if (!m || text === "P" || text.endsWith("T")) return undefined;
  const [d, h, min, s] = m.slice(1).map((part) => Number(part ?? 0));
  return ((d * 24 + h) * 60 + min) * 60 + s;
}

/** The canonical form of a duration in seconds: `PT1H30M`, `PT8H`. */
export function formatIsoDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `PT${h ? `${h}H` : ""}${m ? `${m}M` : ""}${s ? `${s}S` : ""}`;
}

/**
 * A session duration between PT1H and PT12H, normalised (`PT90M` → `PT1H30M`) so that two ways
 * of writing the same duration are never a change.
 */
function readSessionDuration(at: At, value: unknown): string | undefined {
  if (typeof value !== "string") {
    at.problem(`must be an ISO-8601 duration between PT1H and PT12H such as PT8H, got ${describe(value)}`);
    return undefined;
  }
  const seconds = parseIsoDuration(value);
  if (seconds === undefined) {
    at.problem(
      `must be an ISO-8601 duration between PT1H and PT12H such as PT8H or PT1H30M, got ${describe(value)}`,
    );
    return undefined;
  }
  if (seconds < MIN_SESSION || seconds > MAX_SESSION) {
    at.problem(`must be between PT1H and PT12H, got ${value}`);
    return undefined;
  }
  return formatIsoDuration(seconds);
}

function readDescription(at: At, value: unknown): string | undefined {
  const text = readText(at, value, { max: 700 });
  if (text === undefined) return undefined;
  if (!LATIN1.test(text)) {
    const bad = [...text].find((c) => !LATIN1.test(c)) ?? "";
    at.problem(`must use Latin-1 characters only (AWS rejects others), found ${JSON.stringify(bad)}`);
    return undefined;
  }
  return text;
}

/**
 * An inline policy given as a map or as JSON text, returned as compact JSON text within the
 * limits of PutInlinePolicyToPermissionSet.
 */
export function readInlinePolicy(at: At, value: unknown): string | undefined {
  let doc = value;
  if (typeof value === "string") {
    try {
      doc = JSON.parse(value) as unknown;
    } catch (err) {
      at.problem(`must be a JSON policy document: ${(err as Error).message}`);
      return undefined;
    }
  }
  if (!isObj(doc)) {
    at.problem(`must be a policy document (a map with Version and Statement), got ${describe(doc)}`);
    return undefined;
  }
  const statement = own(doc, "Statement");
  if (!isObj(statement) && !(Array.isArray(statement) && statement.length > 0)) {
    at.problem("must have a Statement (a statement or a non-empty list of them)");
    return undefined;
  }
  const text = JSON.stringify(doc);
  const bytes = Buffer.byteLength(text, "utf8");
  const dense = Buffer.byteLength(text.replace(/\s/g, ""), "utf8");
  if (bytes > INLINE_MAX_BYTES) {
    at.problem(`must be at most ${INLINE_MAX_BYTES} bytes as JSON, got ${bytes}`);
    return undefined;
  }
  if (dense > INLINE_MAX_NON_WHITESPACE) {
    at.problem(`must be at most ${INLINE_MAX_NON_WHITESPACE} bytes without whitespace, got ${dense}`);
    return undefined;
  }
  return text;
}

function readManagedArn(at: At, value: unknown): string | undefined {
  const arn = readText(at, value, {
    pattern: MANAGED_POLICY_ARN,
    patternHint: "a policy ARN like arn:aws:iam::aws:policy/ReadOnlyAccess",
  });
  if (arn === undefined) return undefined;
  const customer = /^arn:[^:]+:iam::\d{12}:policy\/(.*?)([^/]+)$/.exec(arn);
  if (customer) {
    // Identity Center attaches only AWS-managed policies by ARN; customer ones go by name and path.
    at.problem(
      `is a customer-managed policy ARN; use { name: ${customer[2]}, path: /${customer[1]} } under customerManagedPolicies (or customerManagedPolicy for a boundary)`,
    );
    return undefined;
  }
  return arn;
}

function readPolicyReference(at: At, value: unknown): PolicyReference | undefined {
  const obj = readObj(at, value, "policy name and path ({ name, path })");
  if (!obj) return undefined;
  checkKeys(at, obj, ["name", "path"]);
  const name = readText(at.at("name"), own(obj, "name"), {
    pattern: POLICY_NAME,
    patternHint: "an IAM policy name (1-128 of letters, digits, _+=,.@-)",
  });
  const rawPath = own(obj, "path");
  const path =
    rawPath === undefined
      ? "/"
      : readText(at.at("path"), rawPath, {
          max: 512,
          pattern: POLICY_PATH,
          patternHint: 'an IAM path that starts and ends with "/"',
        });
  return name !== undefined && path !== undefined ? { name, path } : undefined;
}

function readBoundary(at: At, value: unknown): PermissionsBoundary | undefined {
  const obj = readObj(at, value, "one of managedPolicyArn or customerManagedPolicy");
  if (!obj) return undefined;
  checkKeys(at, obj, ["managedPolicyArn", "customerManagedPolicy"]);
  const arn = own(obj, "managedPolicyArn");
  const ref = own(obj, "customerManagedPolicy");
  if ((arn === undefined) === (ref === undefined)) {
    at.problem("must set exactly one of managedPolicyArn or customerManagedPolicy");
    return undefined;
  }
  if (arn !== undefined) {
    const managedPolicyArn = readManagedArn(at.at("managedPolicyArn"), arn);
    return managedPolicyArn === undefined ? undefined : { managedPolicyArn };
  }
  const customerManagedPolicy = readPolicyReference(at.at("customerManagedPolicy"), ref);
  return customerManagedPolicy === undefined ? undefined : { customerManagedPolicy };
}

/** Reads a list, reporting every bad item and every duplicate (by `identity`). */
function readUniqueList<T>(
  at: At,
  value: unknown,
  what: string,
  readItem: (at: At, item: unknown) => T | undefined,
  identity: (item: T) => string,
): T[] | undefined {
  const list = readList(at, value, what);
  if (!list) return undefined;
  const out: T[] = [];
  const seen = new Map<string, number>();
  let bad = false;
  list.forEach((item, i) => {
    const read = readItem(at.at(i), item);
    if (read === undefined) {
      bad = true;
      return;
    }
    const id = identity(read);
    const first = seen.get(id);
    if (first !== undefined) {
      at.at(i).problem(`duplicate of [${first}] (${id})`);
      bad = true;
      return;
    }
    seen.set(id, i);
    out.push(read);
  });
  return bad ? undefined : out;
}

/** The fields every permission set may set, preset or not. */
interface Common {
  readonly ok: boolean;
  readonly description?: string;
  readonly sessionDuration?: string;
  readonly relayState?: string;
  readonly tags: Readonly<Record<string, string>>;
}

function readCommon(at: At, obj: Record<string, unknown>): Common {
  let ok = true;
  const optional = <T>(key: string, read: (at: At, value: unknown) => T | undefined): T | undefined => {
    const value = own(obj, key);
    if (value === undefined) return undefined;
    const out = read(at.at(key), value);
    if (out === undefined) ok = false;
    return out;
  };
  const description = optional("description", readDescription);
  const sessionDuration = optional("sessionDuration", readSessionDuration);
  const relayState = optional("relayState", (a, v) => readText(a, v, { max: 240 }));
  const tags = optional("tags", (a, v) => readStringMap(a, v, { keyMax: 128, valueMax: 256 })) ?? {};
  return { ok, description, sessionDuration, relayState, tags };
}

function readPresetParameters(
  at: At,
  preset: PresetDefinition,
  value: unknown,
): Record<string, string> | undefined {
  if (preset.parameters.length === 0) {
    if (value !== undefined) at.problem(`preset ${preset.name} takes no parameters; remove them`);
    return value === undefined ? {} : undefined;
  }
  const obj = value === undefined ? {} : readObj(at, value, "preset parameters");
  if (!obj) return undefined;
  checkKeys(
    at,
    obj,
    preset.parameters.map((p) => p.name),
  );
  const out: [string, string][] = [];
  let ok = true;
  for (const parameter of preset.parameters) {
    const given = own(obj, parameter.name);
    if (given === undefined) {
      if (parameter.required) {
        at.at(parameter.name).problem(`required by preset ${preset.name}: ${parameter.description}`);
        ok = false;
      }
      continue;
    }
    const text = readText(at.at(parameter.name), given, {
      pattern: parameter.pattern,
      patternHint: parameter.patternHint,
    });
    if (text === undefined) ok = false;
    else out.push([parameter.name, text]);
  }
  return ok ? record(out) : undefined;
}

/** A preset instantiated with its defaults (or the given overrides) under `name`. */
export function presetSpec(
  name: string,
  preset: PresetDefinition,
  partition: string,
  parameters: Readonly<Record<string, string>> = {},
  overrides: Partial<Common> = {},
): PermissionSetSpec {
  return {
    name,
    preset: preset.name,
    description: overrides.description ?? preset.description,
    sessionDuration: overrides.sessionDuration ?? preset.sessionDuration,
    relayState: overrides.relayState,
    tags: overrides.tags ?? {},
    customerManagedPolicies: [],
    ...presetPolicies(preset, parameters, partition),
  };
}

function readPresetEntry(at: At, name: string, obj: Record<string, unknown>, partition: string) {
  const presetName = own(obj, "preset");
  const common = readCommon(at, obj);
  for (const key of CUSTOM_KEYS) {
    if (own(obj, key) !== undefined && !(PRESET_OVERRIDES as readonly string[]).includes(key)) {
      at.at(key).problem(
        `cannot be combined with preset; a preset entry may override only ${PRESET_OVERRIDES.join(", ")} (drop preset to define the policies yourself)`,
      );
    }
  }
  if (typeof presetName !== "string" || !isPresetName(presetName)) {
    const hint = typeof presetName === "string" ? didYouMean(presetName, PRESET_NAMES) : "";
    at.at("preset").problem(
      `unknown preset ${describe(presetName)}${hint}; known: ${PRESET_NAMES.join(", ")}`,
    );
    return undefined;
  }
  const preset = PRESETS[presetName];
  const parameters = readPresetParameters(at.at("parameters"), preset, own(obj, "parameters"));
  if (!common.ok || parameters === undefined) return undefined;
  return presetSpec(name, preset, partition, parameters, common);
}

function readCustomEntry(at: At, name: string, obj: Record<string, unknown>): PermissionSetSpec | undefined {
  const common = readCommon(at, obj);
  if (own(obj, "parameters") !== undefined) at.at("parameters").problem("only used with preset; remove it");
  const list = <T>(
    key: string,
    read: (at: At, item: unknown) => T | undefined,
    id: (item: T) => string,
    what: string,
  ) => (own(obj, key) === undefined ? [] : readUniqueList(at.at(key), own(obj, key), what, read, id));
  const managedPolicies = list("managedPolicies", readManagedArn, (arn) => arn, "AWS-managed policy ARNs");
  const customerManagedPolicies = list(
    "customerManagedPolicies",
    readPolicyReference,
    (ref) => `${ref.path}${ref.name}`,
    "customer-managed policies ({ name, path })",
  );
  const inline = own(obj, "inlinePolicy");
  const inlinePolicy = inline === undefined ? undefined : readInlinePolicy(at.at("inlinePolicy"), inline);
  const boundary = own(obj, "permissionsBoundary");
  const permissionsBoundary =
    boundary === undefined ? undefined : readBoundary(at.at("permissionsBoundary"), boundary);

  const attached = (managedPolicies?.length ?? 0) + (customerManagedPolicies?.length ?? 0);
  if (attached > MAX_POLICIES) {
    at.problem(
      `attaches ${attached} managed and customer-managed policies; Identity Center allows ${MAX_POLICIES}`,
    );
    return undefined;
  } else if (attached > IAM_ROLE_POLICY_QUOTA) {
    at.warn(
      `attaches ${attached} managed and customer-managed policies; IAM allows ${IAM_ROLE_POLICY_QUOTA} per role unless the quota is raised in every target account`,
    );
  }
  if (attached === 0 && inline === undefined) {
    at.warn("grants nothing: set managedPolicies, customerManagedPolicies, inlinePolicy or a preset");
  }
  if (
    !common.ok ||
    !managedPolicies ||
    !customerManagedPolicies ||
    (inline !== undefined && inlinePolicy === undefined) ||
    (boundary !== undefined && permissionsBoundary === undefined)
  ) {
    return undefined;
  }
  return {
    name,
    description: common.description,
    sessionDuration: common.sessionDuration ?? "PT1H",
    relayState: common.relayState,
    tags: common.tags,
    managedPolicies,
    customerManagedPolicies,
    inlinePolicy,
    permissionsBoundary,
  };
}

/** What `argo-sso:permissionSets` yields. */
export interface PermissionSetsResult {
  /** Every name defined in config, valid or not (what references may name). */
  readonly names: readonly string[];
  /** The valid sets, by name. */
  readonly specs: ReadonlyMap<string, PermissionSetSpec>;
}

/** Reads `argo-sso:permissionSets` (`value` already parsed from JSON; undefined when absent). */
export function readPermissionSets(at: At, value: unknown, partition: string): PermissionSetsResult {
  const specs = new Map<string, PermissionSetSpec>();
  if (value === undefined) return { names: [], specs };
  const obj = readObj(at, value, "permission-set name to permission set");
  if (!obj) return { names: [], specs };
  const byLowerName = new Map<string, string>();
  for (const [name, entry] of Object.entries(obj)) {
    const here = at.at(name);
    if (name.length > 32) {
      here.problem(`permission-set name must be at most 32 characters, got ${name.length}`);
    } else if (!PERMISSION_SET_NAME.test(name)) {
      here.problem(`permission-set name may contain only letters, digits and _+=,.@-, got ${describe(name)}`);
    }
    const clash = byLowerName.get(name.toLowerCase());
    if (clash !== undefined) {
      here.problem(`same name as ${JSON.stringify(clash)} ignoring case; AWS names are unique per instance`);
    } else byLowerName.set(name.toLowerCase(), name);
    const fields = readObj(here, entry, "permission-set settings");
    if (!fields) continue;
    checkKeys(here, fields, ENTRY_KEYS);
    const spec =
      own(fields, "preset") !== undefined
        ? readPresetEntry(here, name, fields, partition)
        : readCustomEntry(here, name, fields);
    if (spec) specs.set(name, spec);
  }
  return { names: Object.keys(obj), specs };
}
