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
  unique,
  unknownKey,
} from "./schema-kit";

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
export const IAM_ROLE_POLICY_QUOTA = 10;
/** Identity Center's hard limit of managed + customer-managed policies per permission set. */
export const MAX_POLICIES = 20;
/** Description characters AWS accepts (CreatePermissionSet `Description`): Latin-1 printable, tab, newlines. */
const LATIN1 = /^[\t\n\r\u0020-\u007E\u00A1-\u00FF]*$/;
/** `arn:<partition>:iam::aws:policy/<path/>name` or with a 12-digit account. */
export const MANAGED_POLICY_ARN = /^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/([\w+=,.@-]+\/)*[\w+=,.@-]+$/;
const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
const POLICY_PATH = /^\/([\w+=,.@-]+\/)*$/;
/** Session bounds in seconds: PT1H to PT12H (PermissionSet `SessionDuration`). */
const MIN_SESSION = 3600;
const MAX_SESSION = 12 * 3600;
const INLINE_MAX_BYTES = 32_768;
const INLINE_MAX_NON_WHITESPACE = 10_240;

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

const sessionDuration = z
  .string({
    error: (issue) =>
      `must be an ISO-8601 duration between PT1H and PT12H such as PT8H, got ${describe(issue.input)}`,
  })
  .superRefine((text, ctx) => {
    const seconds = parseIsoDuration(text);
    if (seconds === undefined)
      problem(
        ctx,
        [],
        `must be an ISO-8601 duration between PT1H and PT12H such as PT8H or PT1H30M, got ${describe(text)}`,
      );
    else if (seconds < MIN_SESSION || seconds > MAX_SESSION)
      problem(ctx, [], `must be between PT1H and PT12H, got ${text}`);
  })
  .describe(
    "How long a session lasts, ISO-8601 between PT1H and PT12H (normalised: PT90M is PT1H30M). Default: PT1H, or the preset's.",
  );

const description = str({ max: 700 })
  .superRefine((text, ctx) => {
    if (!LATIN1.test(text)) {
      const bad = [...text].find((c) => !LATIN1.test(c)) ?? "";
      problem(ctx, [], `must use Latin-1 characters only (AWS rejects others), found ${JSON.stringify(bad)}`);
    }
  })
  .describe("The permission set's description (Latin-1, at most 700 characters).");

const relayState = str({ max: 240 })
  .superRefine((text, ctx) => {
    if (RELAY_STATE.test(text)) return;
    const bad = [...new Set([...text].filter((c) => !RELAY_STATE.test(c)))].map((c) => JSON.stringify(c));
    problem(
      ctx,
      [],
      `may contain only letters, digits, spaces and &$@#\\/%?=~-_'"|!:,.;*+[](){} (the API's pattern); not ${bad.join(", ")}`,
    );
  })
  .describe("The console URL people land on after choosing this permission set.");

/**
 * Permission-set tags: at most 50, keys 1–128 and values 0–256 characters of letters, digits,
 * spaces and `_.:/=+-@`, and no key starting with `aws:` (reserved for AWS).
 */
const tags = map("text to text", str({ min: 0, max: 256 }))
  .superRefine((value, ctx) => {
    const keys = Object.keys(value);
    if (keys.length > MAX_TAGS)
      problem(ctx, [], `has ${keys.length} tags; Identity Center allows ${MAX_TAGS} per permission set`);
    for (const key of keys) {
      if (key.length === 0 || key.length > 128)
        problem(ctx, [key], `key must be 1 to 128 characters, got ${key.length}`);
      if (key.toLowerCase().startsWith("aws:"))
        problem(ctx, [key], `tag keys starting with "aws:" are reserved for AWS`);
      else if (!TAG_TEXT.test(key))
        problem(ctx, [key], "tag keys may contain only letters, digits, spaces and _.:/=+-@");
      const text = value[key];
      if (typeof text === "string" && !TAG_TEXT.test(text))
        problem(ctx, [key], "tag values may contain only letters, digits, spaces and _.:/=+-@");
    }
  }, ON_MAP)
  .describe("Tags of the permission set (at most 50).");

export const managedPolicyArn = str({
  pattern: MANAGED_POLICY_ARN,
  hint: "a policy ARN like arn:aws:iam::aws:policy/ReadOnlyAccess",
}).superRefine((arn, ctx) => {
  const customer = /^arn:[^:]+:iam::\d{12}:policy\/(.*?)([^/]+)$/.exec(arn);
  // Identity Center attaches only AWS-managed policies by ARN; customer ones go by name and path.
  if (customer) {
    problem(
      ctx,
      [],
      `is a customer-managed policy ARN; use { name: ${customer[2]}, path: /${customer[1]} } under customerManagedPolicies (or customerManagedPolicy for a boundary)`,
    );
  }
});

const policyReference = section(
  {
    name: str({
      pattern: POLICY_NAME,
      hint: "an IAM policy name (1-128 of letters, digits, _+=,.@-)",
    }).describe("The customer-managed policy's name; it must exist in every target account."),
    path: str({ max: 512, pattern: POLICY_PATH, hint: 'an IAM path that starts and ends with "/"' })
      .default("/")
      .describe("The policy's IAM path."),
  },
  "policy name and path ({ name, path })",
);

/** An inline policy given as a map or as JSON text (checked within PutInlinePolicyToPermissionSet's limits). */
const inlinePolicy = z
  .union([z.string(), z.record(z.string(), z.unknown())], {
    error: (issue) =>
      `must be a policy document (a map with Version and Statement), got ${describe(issue.input)}`,
  })
  .superRefine((value, ctx) => {
    const found = inlinePolicyProblem(value);
    if (found !== undefined) problem(ctx, [], found);
  })
  .describe("An inline IAM policy document, as a map or as JSON text.");

/** The policy document of an inline policy value (a map or JSON text), or the problem with it. */
export function inlinePolicyProblem(value: unknown): string | undefined {
  let doc = value;
  if (typeof value === "string") {
    try {
      doc = JSON.parse(value) as unknown;
    } catch (err) {
      return `must be a JSON policy document: ${(err as Error).message}`;
    }
  }
  if (!isObj(doc))
    return `must be a policy document (a map with Version and Statement), got ${describe(doc)}`;
  const statement = own(doc, "Statement");
  if (!isObj(statement) && !(Array.isArray(statement) && statement.length > 0))
    return "must have a Statement (a statement or a non-empty list of them)";
  const text = JSON.stringify(doc);
  const bytes = Buffer.byteLength(text, "utf8");
  const dense = Buffer.byteLength(text.replace(/\s/g, ""), "utf8");
  if (bytes > INLINE_MAX_BYTES) return `must be at most ${INLINE_MAX_BYTES} bytes as JSON, got ${bytes}`;
  if (dense > INLINE_MAX_NON_WHITESPACE)
    return `must be at most ${INLINE_MAX_NON_WHITESPACE} bytes without whitespace, got ${dense}`;
  return undefined;
}

/** Compact JSON text of a valid inline policy value. */
export function inlinePolicyText(value: unknown): string {
  return JSON.stringify(typeof value === "string" ? JSON.parse(value) : value);
}

const boundary = section(
  {
    managedPolicyArn: managedPolicyArn.optional().describe("An AWS-managed policy ARN as the boundary."),
    customerManagedPolicy: policyReference.optional().describe("A customer-managed policy as the boundary."),
  },
  "one of managedPolicyArn or customerManagedPolicy",
)
  .superRefine((value, ctx) => {
    if (
      (own(value, "managedPolicyArn") === undefined) ===
      (own(value, "customerManagedPolicy") === undefined)
    )
      problem(ctx, [], "must set exactly one of managedPolicyArn or customerManagedPolicy");
  }, ON_MAP)
  .describe("The permissions boundary: exactly one of managedPolicyArn or customerManagedPolicy.");

/** What a preset entry may set beside `preset` and `parameters`. */
export const PRESET_OVERRIDES = ["description", "sessionDuration", "relayState", "tags"] as const;
const POLICY_KEYS = ["managedPolicies", "customerManagedPolicies", "inlinePolicy", "permissionsBoundary"];

function unknownPreset(value: unknown): string {
  const hint = typeof value === "string" ? didYouMean(value, PRESET_NAMES) : "";
  return `unknown preset ${describe(value)}${hint}; known: ${PRESET_NAMES.join(", ")}`;
}

/** A preset entry's parameters, checked against the preset's own list. */
function checkParameters(ctx: z.core.$RefinementCtx, presetName: string, value: unknown): void {
  if (!isPresetName(presetName)) return;
  const preset = PRESETS[presetName];
  const at = ["parameters"];
  if (preset.parameters.length === 0) {
    if (value !== undefined) problem(ctx, at, `preset ${preset.name} takes no parameters; remove them`);
    return;
  }
  if (value !== undefined && !isObj(value)) return;
  const names = preset.parameters.map((p) => p.name);
  for (const key of Object.keys(value ?? {}))
    if (!names.includes(key)) problem(ctx, [...at, key], unknownKey(key, names));
  for (const parameter of preset.parameters) {
    const given = own(value, parameter.name);
    if (given === undefined) {
      if (parameter.required)
        problem(ctx, [...at, parameter.name], `required by preset ${preset.name}: ${parameter.description}`);
    } else {
      checkWith(
        ctx,
        [...at, parameter.name],
        str({ pattern: parameter.pattern, hint: parameter.patternHint }),
        given,
      );
    }
  }
}

const permissionSetSchema = section(
  {
    preset: str({ min: 0, notText: unknownPreset })
      .optional()
      .describe(`Build the set from a preset: ${PRESET_NAMES.join(", ")}.`),
    parameters: map("preset parameters", z.unknown()).optional().describe("The preset's parameters."),
    description: description.optional(),
    sessionDuration: sessionDuration.optional(),
    relayState: relayState.optional(),
    tags: tags.optional(),
    managedPolicies: list("AWS-managed policy ARNs", managedPolicyArn)
      .superRefine(
        unique((arn) => (typeof arn === "string" ? arn : undefined)),
        ON_LIST,
      )
      .optional()
      .describe("AWS-managed policy ARNs to attach."),
    customerManagedPolicies: list("customer-managed policies ({ name, path })", policyReference)
      .superRefine(
        unique((ref) =>
          typeof own(ref, "name") === "string" && typeof own(ref, "path") === "string"
            ? `${own(ref, "path") as string}${own(ref, "name") as string}`
            : undefined,
        ),
        ON_LIST,
      )
      .optional()
      .describe(
        "Customer-managed policies ({ name, path }) to attach; each must exist in every target account.",
      ),
    inlinePolicy: inlinePolicy.optional(),
    permissionsBoundary: boundary.optional(),
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
  if (preset !== undefined) {
    for (const key of POLICY_KEYS) {
      if (own(entry, key) !== undefined) {
        problem(
          ctx,
          [key],
          `cannot be combined with preset ${describe(preset)}; a preset entry may override only ${PRESET_OVERRIDES.join(", ")} (drop preset to define the policies yourself)`,
        );
      }
    }
    if (typeof preset === "string" && !isPresetName(preset)) problem(ctx, ["preset"], unknownPreset(preset));
    if (typeof preset === "string") checkParameters(ctx, preset, own(entry, "parameters"));
    return;
  }
  if (own(entry, "parameters") !== undefined)
    problem(ctx, ["parameters"], "only used with preset; remove it");
  const count = (key: string) => {
    const items = own(entry, key);
    return Array.isArray(items) ? items.length : 0;
  };
  const attached = count("managedPolicies") + count("customerManagedPolicies");
  if (attached > MAX_POLICIES)
    problem(
      ctx,
      [],
      `attaches ${attached} managed and customer-managed policies; Identity Center allows ${MAX_POLICIES}`,
    );
}, ON_MAP);

export const permissionSetsSchema = map("permission-set name to permission set", permissionSetSchema)
  .superRefine((sets, ctx) => {
    const byLowerName = new Map<string, string>();
    for (const name of Object.keys(sets)) {
      if (name.length > 32)
        problem(ctx, [name], `permission-set name must be at most 32 characters, got ${name.length}`);
      else if (!PERMISSION_SET_NAME.test(name))
        problem(
          ctx,
          [name],
          `permission-set name may contain only letters, digits and _+=,.@-, got ${describe(name)}`,
        );
      const clash = byLowerName.get(name.toLowerCase());
      if (clash !== undefined)
        problem(
          ctx,
          [name],
          `same name as ${JSON.stringify(clash)} ignoring case; AWS names are unique per instance`,
        );
      else byLowerName.set(name.toLowerCase(), name);
    }
  }, ON_MAP)
  .optional()
  .describe("`argo-sso:permissionSets`: permission-set name → a custom set or a preset with overrides.");

export type PermissionSetConfig = z.output<typeof permissionSetSchema>;
