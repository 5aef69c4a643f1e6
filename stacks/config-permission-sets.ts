/**
 * `argo-sso:permissionSets`: custom permission sets and presets. The policy parts are checked
 * in config-policies.ts; here: names, preset entries and their parameters, policy counts.
 */
import type { PermissionSetSpec } from "./types";
import { At, checkKeys, describe, didYouMean, own } from "./config-read";
import {
  anyInvalid,
  readGiven,
  readObj,
  readStringMap,
  readText,
  readUniqueList,
  record,
} from "./config-values";
import { readPermissionSetImportId } from "./config-adoption";
import {
  readBoundary,
  readDescription,
  readInlinePolicy,
  readManagedArn,
  readPolicyReference,
  readSessionDuration,
} from "./config-policies";
import { PRESETS, PRESET_NAMES, isPresetName, presetPolicies, type PresetDefinition } from "./presets";

/** Permission-set names: 1–32 characters of `[\w+=,.@-]` (CreatePermissionSet `Name`). */
export const PERMISSION_SET_NAME = /^[\w+=,.@-]{1,32}$/;
/**
 * `RelayState` of CreatePermissionSet: 1–240 characters of this set (the API's pattern, as
 * terraform-provider-aws v6.46.0 `internal/service/ssoadmin/permission_set.go` validates it;
 * anchored here, because the API matches the whole value).
 */
export const RELAY_STATE = /^[0-9A-Za-z&$@#\\/%?=~\-_'"|!:,.;*+[\] (){}]{1,240}$/;
/** Identity Center allows at most 50 tags per permission set (AWS tagging limit per resource). */
export const MAX_TAGS = 50;
/** Tag key and value characters Identity Center accepts (TagResource `Key`/`Value` pattern). */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
/** IAM's default managed-policies-per-role quota: more needs a quota increase in every account. */
const IAM_ROLE_POLICY_QUOTA = 10;
/** Identity Center's hard limit of managed + customer-managed policies per permission set. */
const MAX_POLICIES = 20;

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
const ENTRY_KEYS = ["preset", "parameters", ...CUSTOM_KEYS, "import"];

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
  const relayState = optional("relayState", readRelayState);
  const tags = optional("tags", readTags) ?? {};
  return { ok, description, sessionDuration, relayState, tags };
}

/** A relay state: the console URL people land on, in the characters the API accepts. */
export function readRelayState(at: At, value: unknown): string | undefined {
  const text = readText(at, value, { max: 240 });
  if (text === undefined) return undefined;
  if (!RELAY_STATE.test(text)) {
    const bad = [...new Set([...text].filter((c) => !RELAY_STATE.test(c)))].map((c) => JSON.stringify(c));
    at.problem(
      `may contain only letters, digits, spaces and &$@#\\/%?=~-_'"|!:,.;*+[](){} (the API's pattern); not ${bad.join(", ")}`,
    );
    return undefined;
  }
  return text;
}

/**
 * Permission-set tags: at most 50, keys 1–128 and values 0–256 characters of letters, digits,
 * spaces and `_.:/=+-@`, and no key starting with `aws:` (reserved for AWS; refused by
 * TagResource at apply time otherwise).
 */
export function readTags(at: At, value: unknown): Record<string, string> | undefined {
  const tags = readStringMap(at, value, { keyMax: 128, valueMax: 256 });
  if (tags === undefined) return undefined;
  let ok = true;
  const count = Object.keys(tags).length;
  if (count > MAX_TAGS) {
    at.problem(`has ${count} tags; Identity Center allows ${MAX_TAGS} per permission set`);
    ok = false;
  }
  for (const [key, text] of Object.entries(tags)) {
    if (key.toLowerCase().startsWith("aws:")) {
      at.at(key).problem(`tag keys starting with "aws:" are reserved for AWS`);
      ok = false;
    } else if (!TAG_TEXT.test(key)) {
      at.at(key).problem("tag keys may contain only letters, digits, spaces and _.:/=+-@");
      ok = false;
    }
    if (!TAG_TEXT.test(text)) {
      at.at(key).problem("tag values may contain only letters, digits, spaces and _.:/=+-@");
      ok = false;
    }
  }
  return ok ? tags : undefined;
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
    relayState: overrides.relayState ?? preset.relayState?.(partition),
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
        `cannot be combined with preset ${describe(presetName)}; a preset entry may override only ${PRESET_OVERRIDES.join(", ")} (drop preset to define the policies yourself)`,
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
  /** Every name defined in config, valid or not (what references may name); undefined when the map is unreadable. */
  readonly names: readonly string[] | undefined;
  /** The valid sets, by name. */
  readonly specs: ReadonlyMap<string, PermissionSetSpec>;
}

/** Reads `argo-sso:permissionSets` (`value` already parsed from JSON; undefined when absent). */
export function readPermissionSets(at: At, value: unknown, partition: string): PermissionSetsResult {
  const specs = new Map<string, PermissionSetSpec>();
  if (value === undefined) return { names: [], specs };
  const obj = readObj(at, value, "permission-set name to permission set");
  if (!obj) return { names: undefined, specs };
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
    // `import` adopts an existing set (stacks/config-adoption.ts).
    const importId = readGiven(here, fields, "import", readPermissionSetImportId);
    if (spec && !anyInvalid([importId]))
      specs.set(name, importId.value === undefined ? spec : { ...spec, importId: importId.value });
  }
  return { names: Object.keys(obj), specs };
}
