/**
 * The delivery options of `argo-sso-deployments`: the repository's one preview path, the
 * approval gate before a stack deploys, drift-detection schedules and notification webhooks.
 * Types, allowed values (from @pulumi/pulumiservice 1.3.0) and their readers.
 */
import { cronProblems } from "./cron";
import { isObj, NAME, NAMESPACE, Problems, readBool, readEnum, readStrings } from "./config-read";

const WEBHOOK_URL = /^https:\/\/[^\s/]+(\/\S*)?$/;

/** Where pull requests get their preview and comment: one path per repository. */
export type PreviewPath = "deployments" | "actions";
export const PREVIEW_PATHS: readonly PreviewPath[] = ["deployments", "actions"];

/**
 * The gate before a stack deploys on merge. `none`: Deployments runs `pulumi up` on the push.
 * `manual` (Deployments-native): the push runs nothing; a person starts the deployment in Pulumi
 * Cloud after reading the pull request's preview. `github-environment`: the push starts
 * `.github/workflows/deploy.yml`, whose job for the stack waits for the GitHub environment's
 * required reviewers and then starts the Pulumi Deployment.
 */
export type Approval = "none" | "manual" | "github-environment";
export const APPROVALS: readonly Approval[] = ["none", "manual", "github-environment"];

/** A drift-detection schedule (`pulumiservice:index:DriftSchedule`). */
export interface DriftSpec {
  /** Five-field cron (minute hour day-of-month month day-of-week), UTC. */
  readonly schedule: string;
  /** Run `pulumi up` when drift is found. @default false (report only) */
  readonly autoRemediate: boolean;
}

/** Webhook payload formats of `pulumiservice:index:Webhook` (pulumiservice 1.3.0 WebhookFormat). */
export const WEBHOOK_FORMATS = ["raw", "slack", "ms_teams"] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];
/** Stack and deployment events a stack webhook may filter on (pulumiservice 1.3.0 WebhookFilters). */
export const WEBHOOK_EVENTS = [
  "stack_created",
  "stack_deleted",
  "update_succeeded",
  "update_failed",
  "preview_succeeded",
  "preview_failed",
  "destroy_succeeded",
  "destroy_failed",
  "refresh_succeeded",
  "refresh_failed",
  "deployment_queued",
  "deployment_started",
  "deployment_succeeded",
  "deployment_failed",
  "drift_detected",
  "drift_detection_succeeded",
  "drift_detection_failed",
  "drift_remediation_succeeded",
  "drift_remediation_failed",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export const DEFAULT_WEBHOOK_EVENTS: readonly WebhookEvent[] = [
  "deployment_succeeded",
  "deployment_failed",
  "drift_detected",
  "drift_detection_failed",
];

/** One notification target: a webhook on every listed stack. */
export interface NotificationSpec {
  readonly name: string;
  /** The payload URL; declared as a secret (Slack and Teams URLs are credentials). */
  readonly url: string;
  /** @default "raw" */
  readonly format: WebhookFormat;
  /** @default {@link DEFAULT_WEBHOOK_EVENTS} */
  readonly events: readonly WebhookEvent[];
  /** Stacks it watches. @default every stack */
  readonly stacks: readonly string[];
}

/** `driftDetection: { schedule, autoRemediate }`; absent means no schedule. */
export function readDrift(p: Problems, key: string, value: unknown): DriftSpec | undefined {
  if (value === undefined) return undefined;
  if (!isObj(value)) {
    p.add(key, 'must be a map like { schedule: "0 6 * * *", autoRemediate: false }');
    return undefined;
  }
  p.unknownKeys(key, value, ["schedule", "autoRemediate"]);
  const autoRemediate = readBool(p, `${key}.autoRemediate`, value.autoRemediate, false);
  if (typeof value.schedule !== "string") {
    p.add(
      `${key}.schedule`,
      `must be a five-field cron expression like "0 6 * * *", got ${JSON.stringify(value.schedule ?? null)}`,
    );
    return undefined;
  }
  const problems = cronProblems(value.schedule);
  for (const problem of problems) p.add(`${key}.schedule`, problem);
  return problems.length === 0 ? { schedule: value.schedule.trim(), autoRemediate } : undefined;
}

/** `notifications: { <name>: { url, format, events, stacks } }`, in name order. */
export function readNotifications(
  p: Problems,
  value: unknown,
  stackNames: readonly string[],
): NotificationSpec[] {
  if (value === undefined) return [];
  if (!isObj(value)) {
    p.add("notifications", "must map a name to { url, format, events, stacks }");
    return [];
  }
  const out: NotificationSpec[] = [];
  for (const [name, item] of Object.entries(value).sort(([a], [b]) => a.localeCompare(b))) {
    const key = `notifications.${name}`;
    if (!NAME.test(name)) p.add(key, "is not a valid name (letters, digits, _ . -)");
    if (!isObj(item)) {
      p.add(key, "must be a map with url and optionally format, events, stacks");
      continue;
    }
    p.unknownKeys(key, item, ["url", "format", "events", "stacks"]);
    const url = typeof item.url === "string" && WEBHOOK_URL.test(item.url) ? item.url : undefined;
    if (!url)
      p.add(`${key}.url`, "must be an https:// URL (set it with `pulumi config set --secret --path`)");
    const format = readEnum(p, `${key}.format`, item.format, WEBHOOK_FORMATS, "raw");
    const events = readStrings(p, `${key}.events`, item.events, DEFAULT_WEBHOOK_EVENTS);
    events.forEach((event, i) => {
      if (!(WEBHOOK_EVENTS as readonly string[]).includes(event)) {
        p.add(
          `${key}.events[${i}]`,
          `must be one of ${WEBHOOK_EVENTS.join(", ")}, got ${JSON.stringify(event)}`,
        );
      }
    });
    const stacks = readStrings(p, `${key}.stacks`, item.stacks, stackNames);
    stacks.forEach((stack, i) => {
      if (!stackNames.includes(stack))
        p.add(`${key}.stacks[${i}]`, `is not a stack in ${NAMESPACE}:stacks, got ${JSON.stringify(stack)}`);
    });
    if (url) out.push({ name, url, format, events: events as readonly WebhookEvent[], stacks });
  }
  return out;
}
