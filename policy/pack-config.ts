/**
 * Pack configuration files (`config.<stack>.json`): the same JSON that `pulumi preview
 * --policy-pack-config`, `pulumi/actions` (`policyPackConfigs`) and a Pulumi Cloud policy group
 * take. Pure helpers to check a file against the pack and to resolve what one policy gets from
 * it, the way the Pulumi engine does: a policy's own entry wins over `all`, which wins over the
 * policy's and then the pack's default level; schema defaults fill missing properties.
 */
import type { EnforcementLevel, Policies } from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { isRecord } from "./helm-values";
import { PACK_ENFORCEMENT, policies as packPolicies } from "./policies";

export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = [
  "advisory",
  "mandatory",
  "remediate",
  "disabled",
];

/** `{ "all": "advisory", "<policy>": "disabled" | { "enforcementLevel"?: ..., ...properties } }` */
export type PackConfig = Readonly<Record<string, unknown>>;

export interface ResolvedPolicy {
  readonly enforcementLevel: EnforcementLevel;
  /** The properties `args.getConfig()` returns, schema defaults included. */
  readonly config: Readonly<Record<string, unknown>>;
}

function isLevel(value: unknown): value is EnforcementLevel {
  return typeof value === "string" && (ENFORCEMENT_LEVELS as readonly string[]).includes(value);
}

/** What the engine hands policy `name` under `packConfig`. */
export function resolvePolicy(
  name: string,
  packConfig: PackConfig,
  policies: Policies = packPolicies,
): ResolvedPolicy {
  const policy = policies.find((p) => p.name === name);
  if (!policy) throw new Error(`no policy named ${JSON.stringify(name)}`);
  const entry = packConfig[name];
  const all = packConfig.all;
  const own = isLevel(entry)
    ? entry
    : isRecord(entry) && isLevel(entry.enforcementLevel)
      ? entry.enforcementLevel
      : undefined;
  const enforcementLevel =
    own ?? (isLevel(all) ? all : undefined) ?? policy.enforcementLevel ?? PACK_ENFORCEMENT;
  const config: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
    if (typeof schema === "object" && schema.default !== undefined) config[key] = schema.default;
  }
  if (isRecord(entry)) {
    for (const [key, value] of Object.entries(entry)) if (key !== "enforcementLevel") config[key] = value;
  }
  return { enforcementLevel, config };
}

/** A problem with one property value against the subset of JSON Schema the pack uses. */
function schemaProblem(value: unknown, schema: PolicyConfigJSONSchema): string | undefined {
  switch (schema.type) {
    case "integer":
      if (!Number.isInteger(value)) return `must be an integer, got ${JSON.stringify(value)}`;
      break;
    case "number":
      if (typeof value !== "number") return `must be a number, got ${JSON.stringify(value)}`;
      break;
    case "string":
      if (typeof value !== "string") return `must be a string, got ${JSON.stringify(value)}`;
      break;
    case "array": {
      if (!Array.isArray(value)) return `must be a list, got ${JSON.stringify(value)}`;
      const items = schema.items;
      if (typeof items === "object" && !Array.isArray(items) && items.type === "string") {
        if (!value.every((v) => typeof v === "string")) return `must be a list of strings`;
      }
      break;
    }
  }
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum)
      return `must be at least ${schema.minimum}, got ${value}`;
    if (schema.maximum !== undefined && value > schema.maximum)
      return `must be at most ${schema.maximum}, got ${value}`;
  }
  return undefined;
}

/** Every problem of a pack config file, each naming its key; empty when the file is valid. */
export function validatePackConfig(packConfig: unknown, policies: Policies = packPolicies): string[] {
  if (!isRecord(packConfig)) return ["the pack config must be a JSON object"];
  const problems: string[] = [];
  const names = policies.map((p) => p.name);
  for (const [key, entry] of Object.entries(packConfig)) {
    if (key === "all") {
      if (!isLevel(entry)) problems.push(`all: must be one of ${ENFORCEMENT_LEVELS.join(", ")}`);
      continue;
    }
    const policy = policies.find((p) => p.name === key);
    if (!policy) {
      problems.push(`${key}: unknown policy; known: ${names.join(", ")}`);
      continue;
    }
    if (isLevel(entry)) continue;
    if (!isRecord(entry)) {
      problems.push(`${key}: must be an enforcement level or an object`);
      continue;
    }
    const properties = policy.configSchema?.properties ?? {};
    for (const [prop, value] of Object.entries(entry)) {
      if (prop === "enforcementLevel") {
        if (!isLevel(value))
          problems.push(`${key}.enforcementLevel: must be one of ${ENFORCEMENT_LEVELS.join(", ")}`);
        continue;
      }
      const schema = properties[prop];
      if (schema === undefined) {
        const known = Object.keys(properties);
        problems.push(`${key}.${prop}: unknown property; known: ${known.join(", ") || "none"}`);
        continue;
      }
      const problem = typeof schema === "object" ? schemaProblem(value, schema) : undefined;
      if (problem) problems.push(`${key}.${prop}: ${problem}`);
    }
  }
  return problems;
}
