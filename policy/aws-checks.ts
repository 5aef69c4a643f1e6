/**
 * Guardrail checks on the Identity Center side and on resource options, as pure functions (see
 * `checks.ts` for the Helm ones).
 */
import {
  formatPath,
  getPath,
  helmChart,
  ARGOCD_CHART,
  dexConfig,
  releaseValues,
  isRecord,
} from "./helm-values";
import type { StackResource, StackViolation } from "./checks";

export const PERMISSION_SET = "aws:ssoadmin/permissionSet:PermissionSet";
export const MANAGED_POLICY_ATTACHMENT = "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment";
export const MANAGED_POLICY_ATTACHMENTS_EXCLUSIVE =
  "aws:ssoadmin/managedPolicyAttachmentsExclusive:ManagedPolicyAttachmentsExclusive";
export const INLINE_POLICY = "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy";

/** Identity Center's own bounds for a permission set's session (AWS SSO Admin API reference). */
export const AWS_MAX_SESSION_HOURS = 12;
const ISO_DURATION = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/;

/** Seconds in an ISO-8601 `PT#H#M#S` duration, or undefined when it is not one. */
export function durationSeconds(text: string): number | undefined {
  const match = ISO_DURATION.exec(text);
  if (!match || text === "PT") return undefined;
  const [h, m, s] = match.slice(1).map((part) => Number(part ?? 0));
  return h * 3600 + m * 60 + s;
}

/**
 * A permission set's `sessionDuration` is a valid duration between 1 h and `maxHours`. Omitted
 * means Identity Center's default of one hour, which is always allowed.
 */
export function checkSessionDuration(
  type: string,
  props: Record<string, unknown>,
  maxHours: number,
): string[] {
  if (type !== PERMISSION_SET) return [];
  const raw = props.sessionDuration;
  if (raw === undefined || raw === null || raw === "") return [];
  const name = typeof props.name === "string" ? props.name : "?";
  const seconds = typeof raw === "string" ? durationSeconds(raw) : undefined;
  if (seconds === undefined) {
    return [
      `permission set ${JSON.stringify(name)} sessionDuration ${JSON.stringify(raw)} is not an ISO-8601 duration like PT8H`,
    ];
  }
  if (seconds < 3600)
    return [`permission set ${JSON.stringify(name)} sessionDuration must be at least PT1H, got ${raw}`];
  if (seconds > maxHours * 3600) {
    return [
      `permission set ${JSON.stringify(name)} sessionDuration must be at most PT${maxHours}H, got ${raw}`,
    ];
  }
  return [];
}

/** `arn:aws:iam::aws:policy/AdministratorAccess` in any partition. */
export const ADMINISTRATOR_ACCESS = /^arn:aws[a-z-]*:iam::aws:policy\/AdministratorAccess$/;

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** Whether an IAM policy document allows every action on every resource (AdministratorAccess by another name). */
export function grantsEverything(document: unknown): boolean {
  let doc = document;
  if (typeof doc === "string") {
    try {
      doc = JSON.parse(doc);
    } catch {
      return false;
    }
  }
  if (!isRecord(doc)) return false;
  return asList(doc.Statement).some(
    (s) =>
      isRecord(s) &&
      s.Effect === "Allow" &&
      s.Condition === undefined &&
      asList(s.Action).includes("*") &&
      asList(s.Resource).includes("*"),
  );
}

/** The name of the permission set that an attachment's `permissionSetArn` points at, if it can be told. */
export function permissionSetName(
  attachment: StackResource,
  resources: readonly StackResource[],
): string | undefined {
  const direct = attachment.propertyDependencies?.permissionSetArn?.find((r) => r.type === PERMISSION_SET);
  const byArn = resources.find(
    (r) =>
      r.type === PERMISSION_SET &&
      r.props.arn !== undefined &&
      r.props.arn === attachment.props.permissionSetArn,
  );
  const name = (direct ?? byArn)?.props.name;
  return typeof name === "string" ? name : undefined;
}

/**
 * AdministratorAccess (the managed policy, or an inline `Allow * on *`) only on the permission
 * sets named in `allowed`. An attachment whose permission set cannot be identified fails too.
 */
export function findAdministratorAccess(
  resources: readonly StackResource[],
  allowed: readonly string[],
): StackViolation[] {
  const violations: StackViolation[] = [];
  for (const r of resources) {
    let grant: string | undefined;
    if (
      r.type === MANAGED_POLICY_ATTACHMENT &&
      ADMINISTRATOR_ACCESS.test(String(r.props.managedPolicyArn ?? ""))
    ) {
      grant = "the AdministratorAccess managed policy";
    } else if (
      r.type === MANAGED_POLICY_ATTACHMENTS_EXCLUSIVE &&
      asList(r.props.managedPolicyArns).some((arn) => ADMINISTRATOR_ACCESS.test(String(arn)))
    ) {
      grant = "the AdministratorAccess managed policy";
    } else if (r.type === INLINE_POLICY && grantsEverything(r.props.inlinePolicy)) {
      grant = 'an inline policy that allows "*" on "*"';
    }
    if (grant === undefined) continue;
    const name = permissionSetName(r, resources);
    if (name === undefined) {
      violations.push({
        urn: r.urn,
        message: `${r.name} attaches ${grant} to a permission set that cannot be identified`,
      });
    } else if (!allowed.includes(name)) {
      const known = allowed.length ? allowed.join(", ") : "none";
      violations.push({
        urn: r.urn,
        message: `permission set ${JSON.stringify(name)} gets ${grant}; allowed only for: ${known} (pack config allowedPermissionSets)`,
      });
    }
  }
  return violations;
}

/** Places in the argo-cd chart values where Dex's log level can be raised to debug. */
export const DEX_LOG_LEVEL_PATHS = [
  ["dex", "logLevel"],
  ["global", "logging", "level"],
  ["configs", "params", "dexserver.log.level"],
] as const;

/** Dex at debug level logs SAML assertions and tokens: never in prod. */
export function checkDexLogLevel(type: string, props: Record<string, unknown>): string[] {
  if (helmChart(type, props) !== ARGOCD_CHART) return [];
  const values = releaseValues(props);
  const problems: string[] = [];
  for (const path of DEX_LOG_LEVEL_PATHS) {
    if (getPath(values, path) === "debug") problems.push(`${formatPath(path)} is "debug" (Dex inherits it)`);
  }
  const args = getPath(values, ["dex", "extraArgs"]);
  if (Array.isArray(args) && /--log-?level(=|\s+)debug\b/.test(args.map(String).join(" "))) {
    problems.push(`dex.extraArgs sets the log level to debug`);
  }
  const dex = dexConfig(values);
  if (dex.kind === "parsed" && getPath(dex.config, ["logger", "level"]) === "debug") {
    problems.push(`configs.cm."dex.config" logger.level is "debug"`);
  }
  return problems;
}

/** What must be protected in prod: deleting any of them cuts people's access or loses a GUID. */
export const DEFAULT_PROTECTED_TYPES: readonly string[] = [
  "aws:identitystore/group:Group",
  PERMISSION_SET,
  "kubernetes:core/v1:Namespace",
];

/** The resource has `protect: true` when its type is one that must be protected. */
export function checkProtected(
  type: string,
  name: string,
  protect: boolean,
  types: readonly string[] = DEFAULT_PROTECTED_TYPES,
): string[] {
  if (!types.includes(type) || protect) return [];
  return [`${type.split(":").pop()} ${JSON.stringify(name)} is not protected: set argo-sso:protect: true`];
}
