/**
 * `argo-sso:permissionSets` in the stack-config schema: custom permission sets and presets,
 * checked against the limits of AWS IAM Identity Center (CreatePermissionSet,
 * PutInlinePolicyToPermissionSet, AttachManagedPolicyToPermissionSet,
 * PutPermissionsBoundaryToPermissionSet, TagResource).
 */
import { z } from "zod";
import { PERMISSION_SET_IMPORT_ID, parsePermissionSetImportId } from "../components/import-ids";
import { PRESETS, PRESET_NAMES, isPresetName } from "./presets";
import {
  ON_LIST,
  ON_MAP,
  checkWith,
  describe,
  didYouMean,
  isObj,
  list,
  map,
  own,
  problem,
  section,
  str,
  textCheck,
  unique,
  unknownKey,
} from "./schema-kit";

/**
 * `RelayState` of CreatePermissionSet: 1–240 characters of this set (the API's pattern, as
 * terraform-provider-aws v6.46.0 `internal/service/ssoadmin/permission_set.go` validates it;
 * anchored here, because the API matches the whole value).
 */
const RELAY_STATE = /^[0-9A-Za-z&$@#\\/%?=~\-_'"|!:,.;*+[\] (){}]{1,240}$/;
/** Tag key and value characters Identity Center accepts (TagResource `Key`/`Value` pattern). */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
/** IAM's default managed-policies-per-role quota: more needs a quota increase in every account. */
export const IAM_ROLE_POLICY_QUOTA = 10;
/** Identity Center's hard limit of managed + customer-managed policies per permission set. */
export const MAX_POLICIES = 20;
/** Description characters AWS accepts (CreatePermissionSet `Description`): Latin-1 printable, tab, newlines. */
const LATIN1 = /^[\t\n\r\u0020-\u007E\u00A1-\u00FF]*$/;
const MANAGED_POLICY_ARN = /^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/([\w+=,.@-]+\/)*[\w+=,.@-]+$/;
/** PutInlinePolicyToPermissionSet's limits: bytes of JSON, and bytes without whitespace. */
const INLINE_MAX = { bytes: 32_768, dense: 10_240 };
/** Identity Center: at most 50 tags per permission set; keys 1–128, values 0–256 characters. */
const MAX_TAGS = 50;

/** Seconds in an ISO-8601 duration of days, hours, minutes and seconds (`PT8H`, `P1D`), or undefined. */
export function parseIsoDuration(text: string): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text);
  if (!m || text === "P" || text.endsWith("T")) return undefined;
  const [d, h, min, s] = m.slice(1).map((part) => Number(part ?? 0));
  return ((d * 24 + h) * 60 + min) * 60 + s;
}

/** The canonical form of a duration in seconds: `PT1H30M`, `PT8H`. */
export function formatIsoDuration(seconds: number): string {
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60];
  return `PT${h ? `${h}H` : ""}${m ? `${m}M` : ""}${s ? `${s}S` : ""}`;
}

const SESSION = "must be an ISO-8601 duration between PT1H and PT12H such as PT8H";
const sessionDuration = z
  .string({ error: (issue) => `${SESSION}, got ${describe(issue.input)}` })
  .superRefine(
    textCheck((text) => {
      const seconds = parseIsoDuration(text);
      if (seconds === undefined) return `${SESSION} or PT1H30M, got ${describe(text)}`;
      return seconds < 3600 || seconds > 12 * 3600
        ? `must be between PT1H and PT12H, got ${text}`
        : undefined;
    }),
  )
  .optional()
  .describe(
    "How long a session lasts, ISO-8601 between PT1H and PT12H (normalised: PT90M is PT1H30M). Default: PT1H, or the preset's.",
  );

const description = str({ max: 700 })
  .superRefine(
    textCheck((text) => {
      const bad = [...text].find((c) => !LATIN1.test(c));
      const found = `found ${JSON.stringify(bad)}`;
      return bad === undefined
        ? undefined
        : `must use Latin-1 characters only (AWS rejects others), ${found}`;
    }),
  )
  .optional()
  .describe("The permission set's description (Latin-1, at most 700 characters).");

const relayState = str({ max: 240 })
  .superRefine(
    textCheck((text) => {
      if (RELAY_STATE.test(text)) return undefined;
      const bad = [...new Set([...text].filter((c) => !RELAY_STATE.test(c)))].map((c) => JSON.stringify(c));
      return `may contain only letters, digits, spaces and &$@#\\/%?=~-_'"|!:,.;*+[](){} (the API's pattern); not ${bad.join(", ")}`;
    }),
  )
  .optional()
  .describe("The console URL people land on after choosing this permission set.");

/** No key starting with `aws:` (reserved for AWS); keys and values of {@link TAG_TEXT}. */
const tags = map("text to text", str({ min: 0, max: 256 }))
  .superRefine((value, ctx) => {
    const keys = Object.keys(value);
    const only = "may contain only letters, digits, spaces and _.:/=+-@";
    if (keys.length > MAX_TAGS)
      problem(ctx, [], `has ${keys.length} tags; Identity Center allows ${MAX_TAGS} per permission set`);
    for (const key of keys) {
      if (key.length === 0 || key.length > 128)
        problem(ctx, [key], `key must be 1 to 128 characters, got ${key.length}`);
      if (key.toLowerCase().startsWith("aws:"))
        problem(ctx, [key], `tag keys starting with "aws:" are reserved for AWS`);
      else if (!TAG_TEXT.test(key)) problem(ctx, [key], `tag keys ${only}`);
      const text = value[key];
      if (typeof text === "string" && !TAG_TEXT.test(text)) problem(ctx, [key], `tag values ${only}`);
    }
  }, ON_MAP)
  .optional()
  .describe("Tags of the permission set (at most 50).");

// Identity Center attaches only AWS-managed policies by ARN; customer ones go by name and path.
const managedPolicyArn = str({
  pattern: MANAGED_POLICY_ARN,
  hint: "a policy ARN like arn:aws:iam::aws:policy/ReadOnlyAccess",
}).superRefine(
  textCheck((arn) => {
    const [, path, name] = /^arn:[^:]+:iam::\d{12}:policy\/(.*?)([^/]+)$/.exec(arn) ?? [];
    const use = `use { name: ${name}, path: /${path} } under customerManagedPolicies (or customerManagedPolicy for a boundary)`;
    return name === undefined ? undefined : `is a customer-managed policy ARN; ${use}`;
  }),
);

const policyReference = section(
  {
    name: str({
      pattern: /^[\w+=,.@-]{1,128}$/,
      hint: "an IAM policy name (1-128 of letters, digits, _+=,.@-)",
    }).describe("The customer-managed policy's name; it must exist in every target account."),
    path: str({
      max: 512,
      pattern: /^\/([\w+=,.@-]+\/)*$/,
      hint: 'an IAM path that starts and ends with "/"',
    })
      .default("/")
      .describe("The policy's IAM path."),
  },
  "policy name and path ({ name, path })",
);

const NOT_POLICY = "must be a policy document (a map with Version and Statement)";

/** An inline policy given as a map or as JSON text (checked within PutInlinePolicyToPermissionSet's limits). */
const inlinePolicy = z
  .union([z.string(), z.record(z.string(), z.unknown())], {
    error: (issue) => `${NOT_POLICY}, got ${describe(issue.input)}`,
  })
  .superRefine(textCheck<unknown>(inlinePolicyProblem))
  .optional()
  .describe("An inline IAM policy document, as a map or as JSON text.");

/** The problem with an inline policy value (a map or JSON text), or undefined. */
export function inlinePolicyProblem(value: unknown): string | undefined {
  let doc = value;
  try {
    if (typeof value === "string") doc = JSON.parse(value) as unknown;
  } catch (err) {
    return `must be a JSON policy document: ${(err as Error).message}`;
  }
  if (!isObj(doc)) return `${NOT_POLICY}, got ${describe(doc)}`;
  const statement = own(doc, "Statement");
  if (!isObj(statement) && !(Array.isArray(statement) && statement.length > 0))
    return "must have a Statement (a statement or a non-empty list of them)";
  const text = JSON.stringify(doc);
  const bytes = Buffer.byteLength(text, "utf8");
  const dense = Buffer.byteLength(text.replace(/\s/g, ""), "utf8");
  if (bytes > INLINE_MAX.bytes) return `must be at most ${INLINE_MAX.bytes} bytes as JSON, got ${bytes}`;
  if (dense > INLINE_MAX.dense)
    return `must be at most ${INLINE_MAX.dense} bytes without whitespace, got ${dense}`;
  return undefined;
}

/** Compact JSON text of a valid inline policy value. */
export function inlinePolicyText(value: unknown): string {
  return JSON.stringify(typeof value === "string" ? JSON.parse(value) : value);
}

const BOUNDARY = "managedPolicyArn or customerManagedPolicy";
const boundary = section(
  {
    managedPolicyArn: managedPolicyArn.optional().describe("An AWS-managed policy ARN as the boundary."),
    customerManagedPolicy: policyReference.optional().describe("A customer-managed policy as the boundary."),
  },
  `one of ${BOUNDARY}`,
)
  .superRefine((value, ctx) => {
    const given = ["managedPolicyArn", "customerManagedPolicy"].filter((k) => own(value, k) !== undefined);
    if (given.length !== 1) problem(ctx, [], `must set exactly one of ${BOUNDARY}`);
  }, ON_MAP)
  .optional()
  .describe(`The permissions boundary: exactly one of ${BOUNDARY}.`);

/** What a preset entry may set beside `preset` and `parameters`, and what it may not. */
const PRESET_OVERRIDES = "description, sessionDuration, relayState, tags";
const POLICY_KEYS = ["managedPolicies", "customerManagedPolicies", "inlinePolicy", "permissionsBoundary"];

function unknownPreset(value: unknown): string {
  const hint = typeof value === "string" ? didYouMean(value, PRESET_NAMES) : "";
  return `unknown preset ${describe(value)}${hint}; known: ${PRESET_NAMES.join(", ")}`;
}

/** A preset entry: no policy keys, a known preset, and its parameters checked against the preset's list. */
function checkPresetEntry(ctx: z.core.$RefinementCtx, entry: unknown, presetName: unknown): void {
  for (const key of POLICY_KEYS.filter((k) => own(entry, k) !== undefined)) {
    const only = `a preset entry may override only ${PRESET_OVERRIDES} (drop preset to define the policies yourself)`;
    problem(ctx, [key], `cannot be combined with preset ${describe(presetName)}; ${only}`);
  }
  if (typeof presetName !== "string") return;
  if (!isPresetName(presetName)) return problem(ctx, ["preset"], unknownPreset(presetName));
  const preset = PRESETS[presetName];
  const value = own(entry, "parameters");
  if (preset.parameters.length === 0) {
    if (value !== undefined)
      problem(ctx, ["parameters"], `preset ${preset.name} takes no parameters; remove them`);
    return;
  }
  if (value !== undefined && !isObj(value)) return;
  const names = preset.parameters.map((p) => p.name);
  for (const key of Object.keys(value ?? {}).filter((k) => !names.includes(k)))
    problem(ctx, ["parameters", key], unknownKey(key, names));
  for (const { name, required, description, pattern, patternHint } of preset.parameters) {
    const given = own(value, name);
    if (given !== undefined) checkWith(ctx, ["parameters", name], str({ pattern, hint: patternHint }), given);
    else if (required)
      problem(ctx, ["parameters", name], `required by preset ${preset.name}: ${description}`);
  }
}

const length = (items: unknown) => (Array.isArray(items) ? items.length : 0);
/** How many managed and customer-managed policies an entry attaches. */
export const attachedPolicies = (entry: unknown) =>
  length(own(entry, "managedPolicies")) + length(own(entry, "customerManagedPolicies"));

const permissionSetSchema = section(
  {
    preset: str({ min: 0, notText: unknownPreset })
      .optional()
      .describe(`Build the set from a preset: ${PRESET_NAMES.join(", ")}.`),
    parameters: map("preset parameters", z.unknown()).optional().describe("The preset's parameters."),
    description,
    sessionDuration,
    relayState,
    tags,
    managedPolicies: list("AWS-managed policy ARNs", managedPolicyArn)
      .superRefine(
        unique((arn) => (typeof arn === "string" ? arn : undefined)),
        ON_LIST,
      )
      .optional()
      .describe("AWS-managed policy ARNs to attach."),
    customerManagedPolicies: list("customer-managed policies ({ name, path })", policyReference)
      .superRefine(
        unique((ref) => {
          const [name, path] = [own(ref, "name"), own(ref, "path")];
          return typeof name === "string" && typeof path === "string" ? `${path}${name}` : undefined;
        }),
        ON_LIST,
      )
      .optional()
      .describe(
        "Customer-managed policies ({ name, path }) to attach; each must exist in every target account.",
      ),
    inlinePolicy,
    permissionsBoundary: boundary,
    import: str({
      pattern: PERMISSION_SET_IMPORT_ID,
      hint: "the permission set's import ID <permission set ARN>,<instance ARN>, like arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-2222222222222222,arn:aws:sso:::instance/ssoins-1111111111111111",
    })
      .refine((id) => parsePermissionSetImportId(id) !== undefined, {
        error: "the permission set ARN and the instance ARN name different instances",
      })
      .optional()
      .describe(
        "Adopt an existing permission set: the provider import ID <permission set ARN>,<instance ARN>.",
      ),
  },
  "permission-set settings",
).superRefine((entry, ctx) => {
  const preset = own(entry, "preset");
  if (preset !== undefined) return checkPresetEntry(ctx, entry, preset);
  if (own(entry, "parameters") !== undefined)
    problem(ctx, ["parameters"], "only used with preset; remove it");
  const attached = attachedPolicies(entry);
  if (attached > MAX_POLICIES) {
    const limit = `Identity Center allows ${MAX_POLICIES}`;
    problem(ctx, [], `attaches ${attached} managed and customer-managed policies; ${limit}`);
  }
}, ON_MAP);

/** Permission-set names: 1–32 characters of `[\w+=,.@-]` (CreatePermissionSet `Name`), unique ignoring case. */
export const permissionSetsSchema = map("permission-set name to permission set", permissionSetSchema)
  .superRefine((sets, ctx) => {
    const byLowerName = new Map<string, string>();
    for (const name of Object.keys(sets)) {
      if (name.length > 32)
        problem(ctx, [name], `permission-set name must be at most 32 characters, got ${name.length}`);
      else if (!/^[\w+=,.@-]{1,32}$/.test(name)) {
        const only = "permission-set name may contain only letters, digits and _+=,.@-";
        problem(ctx, [name], `${only}, got ${describe(name)}`);
      }
      const clash = byLowerName.get(name.toLowerCase());
      const unique = "ignoring case; AWS names are unique per instance";
      if (clash !== undefined) problem(ctx, [name], `same name as ${JSON.stringify(clash)} ${unique}`);
      else byLowerName.set(name.toLowerCase(), name);
    }
  }, ON_MAP)
  .optional()
  .describe("`argo-sso:permissionSets`: permission-set name → a custom set or a preset with overrides.");

export type PermissionSetConfig = z.output<typeof permissionSetSchema>;
