/**
 * The typed, validated configuration of the `argo-sso-deployments` project: which repository
 * and branch Pulumi Deployments takes the argo-sso program from, which stacks it drives, and
 * how each stack authenticates to AWS.
 *
 * Pure and total: {@link loadDeploymentsConfig} takes the runtime config as the Pulumi CLI hands
 * it (`"argo-sso-deployments:stacks"` → JSON text) and returns either the config or every
 * problem, each naming its full key. No Pulumi runtime, no fs, no env.
 */

import {
  APPROVALS,
  PREVIEW_PATHS,
  readDrift,
  readNotifications,
  type Approval,
  type DriftSpec,
  type NotificationSpec,
  type PreviewPath,
} from "./config-delivery";
import {
  isObj,
  NAME,
  NAMESPACE,
  parse,
  Problems,
  readBool,
  readEnum,
  readString,
  readStrings,
  type Raw,
} from "./config-read";

export { NAMESPACE } from "./config-read";
export * from "./config-delivery";

/** AWS OIDC for one stack's deployments (Pulumi Cloud assumes this role with its OIDC token). */
export interface AwsOidcSpec {
  /** IAM role trusted for `api.pulumi.com/oidc` with the org as audience. */
  readonly roleArn: string;
  /** @default "argo-sso-deployments" */
  readonly sessionName: string;
  /** Assume-role session length, `XhYmZs` (15 min to 12 h). @default "1h" */
  readonly duration: string;
}

export interface StackDeploymentSpec {
  /** Stack name in the argo-sso project (`dev`, `prod`). */
  readonly stack: string;
  /** `pulumi up` on every push to the branch (a merged pull request). @default true unless an approval gate is set */
  readonly deployCommits: boolean;
  /** `pulumi preview` on every pull request, commented by the Pulumi GitHub App. @default previews == "deployments" */
  readonly previewPullRequests: boolean;
  /** @default "none" */
  readonly approval: Approval;
  readonly driftDetection?: DriftSpec;
  readonly aws: AwsOidcSpec;
  /** Extra path filters appended to the defaults (`!docs/**` excludes). @default [] */
  readonly extraPaths: readonly string[];
  /** Run only the newest of queued deployments of this stack. @default true */
  readonly skipIntermediateDeployments: boolean;
}

/** Pulumi Cloud policy groups that enforce `policy/` on the stacks (needs the pack published). */
export interface PolicyGroupsSpec {
  /** @default "argo-sso-guardrails" */
  readonly pack: string;
  /** The published version, `pulumi policy publish <org>` (run in policy/) prints it. */
  readonly versionTag: string;
}

export interface DeploymentsConfig {
  /** Pulumi Cloud organization that owns the argo-sso stacks. */
  readonly organization: string;
  /** The one preview path of the repository. @default "deployments" */
  readonly previews: PreviewPath;
  /**
   * Whether `deployToken` is set: Deployments then run with that token (a secret environment
   * variable `PULUMI_ACCESS_TOKEN`) instead of their stack-scoped one. The value itself is not
   * held here; index.ts reads it as a secret.
   */
  readonly deployToken: boolean;
  readonly notifications: readonly NotificationSpec[];
  /** @default "argo-sso" */
  readonly project: string;
  /** GitHub `owner/repo`. */
  readonly repository: string;
  /** Branch name (without `refs/heads/`). @default "main" */
  readonly branch: string;
  /** Folder of the argo-sso `Pulumi.yaml` in the repository, "" for its root. @default "" */
  readonly repoDir: string;
  /** Shell commands before every operation. @default ["npm ci", "npm test"] */
  readonly preRunCommands: readonly string[];
  /** Keyed by stack name, in the order of the stack file. */
  readonly stacks: Readonly<Record<string, StackDeploymentSpec>>;
  readonly policyGroups?: PolicyGroupsSpec;
}

export const DEFAULT_PRE_RUN_COMMANDS: readonly string[] = ["npm ci", "npm test"];
const TOP_KEYS = [
  "organization",
  "project",
  "repository",
  "branch",
  "repoDir",
  "aws",
  "preRunCommands",
  "stacks",
  "policyGroups",
  "previews",
  "deployToken",
  "notifications",
];
const STACK_KEYS = [
  "deployCommits",
  "previewPullRequests",
  "approval",
  "driftDetection",
  "aws",
  "paths",
  "skipIntermediateDeployments",
];
const AWS_KEYS = ["roleArn", "sessionName", "duration"];

const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const DURATION = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** Seconds in an `XhYmZs` duration, or undefined when it is not one. */
export function durationSeconds(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (!match || text === "") return undefined;
  const [h, m, s] = match.slice(1).map((part) => Number(part ?? 0));
  return h * 3600 + m * 60 + s;
}

/** Reads an `aws` block; fields it lacks come from `base` (the top-level block). */
function readAws(
  p: Problems,
  key: string,
  value: unknown,
  base?: Partial<AwsOidcSpec>,
): Partial<AwsOidcSpec> {
  if (value === undefined) return base ?? {};
  if (!isObj(value)) {
    p.add(key, `must be a map with ${AWS_KEYS.join(", ")}`);
    return base ?? {};
  }
  p.unknownKeys(key, value, AWS_KEYS);
  const out: { -readonly [K in keyof AwsOidcSpec]?: AwsOidcSpec[K] } = { ...base };
  if (value.roleArn !== undefined) {
    out.roleArn = readString(
      p,
      `${key}.roleArn`,
      value.roleArn,
      ROLE_ARN,
      "an IAM role ARN like arn:aws:iam::123456789012:role/name",
    );
  }
  if (value.sessionName !== undefined) {
    out.sessionName = readString(
      p,
      `${key}.sessionName`,
      value.sessionName,
      SESSION_NAME,
      "2-64 characters [\\w+=,.@-]",
    );
  }
  if (value.duration !== undefined) {
    const seconds = typeof value.duration === "string" ? durationSeconds(value.duration) : undefined;
    if (seconds === undefined || seconds < 900 || seconds > 43200) {
      p.add(
        `${key}.duration`,
        `must be between 15m and 12h like "1h" or "1h30m", got ${JSON.stringify(value.duration)}`,
      );
    } else out.duration = value.duration as string;
  }
  return out;
}

/** `refs/heads/main` or `main` → `main`; a ref that is not a branch is a problem. */
function readBranch(p: Problems, value: unknown): string {
  if (value === undefined) return "main";
  const name = typeof value === "string" ? value.replace(/^refs\/heads\//, "") : "";
  if (!/^[\w./-]+$/.test(name) || name.startsWith("refs/") || name.includes("..")) {
    p.add("branch", `must be a branch name like "main", got ${JSON.stringify(value)}`);
    return "main";
  }
  return name;
}

/** A folder inside the repository: relative, no `..`, no leading or trailing slash once normalised. */
function readRepoDir(p: Problems, value: unknown): string {
  if (value === undefined) return "";
  const dir = typeof value === "string" ? value.replace(/^\.(\/|$)/, "").replace(/\/+$/, "") : undefined;
  if (dir === undefined || dir.startsWith("/") || dir.split("/").includes("..")) {
    p.add("repoDir", `must be a folder relative to the repository root, got ${JSON.stringify(value)}`);
    return "";
  }
  return dir;
}

/** `owner/repo`; a URL or an SSH address gets a hint with the form to write instead. */
function readRepository(p: Problems, value: unknown): string | undefined {
  if (typeof value === "string" && REPOSITORY.test(value) && !value.endsWith(".git")) return value;
  const text = typeof value === "string" ? value : "";
  const url =
    /^(?:https?:\/\/|git@|ssh:\/\/git@)(?:www\.)?github\.com[/:]([^/\s]+)\/([^/\s]+?)(?:\.git)?\/?$/.exec(
      text,
    );
  const hint = url ? `; write "${url[1]}/${url[2]}"` : "";
  p.add(
    "repository",
    `must be a GitHub repository as "owner/repo" (no URL, host or .git), got ${JSON.stringify(value ?? null)}${hint}`,
  );
  return undefined;
}

export interface LoadResult {
  readonly config?: DeploymentsConfig;
  /** Every problem, `argo-sso-deployments:<key>: <message>`, in key order. */
  readonly problems: readonly string[];
}

/** Validates and defaults the runtime config (`"argo-sso-deployments:<key>"` → string). */
export function loadDeploymentsConfig(runtime: Readonly<Record<string, string>>): LoadResult {
  const p = new Problems();
  const raw: Raw = {};
  for (const [full, value] of Object.entries(runtime)) {
    if (!full.startsWith(`${NAMESPACE}:`)) continue;
    raw[full.slice(NAMESPACE.length + 1)] = parse(value);
  }
  p.unknownKeys("", raw, TOP_KEYS);

  const organization = readString(p, "organization", raw.organization, NAME, "a Pulumi organization name");
  const project =
    raw.project === undefined ? "argo-sso" : readString(p, "project", raw.project, NAME, "a project name");
  const repository = readRepository(p, raw.repository);
  const previews = readEnum(p, "previews", raw.previews, PREVIEW_PATHS, "deployments");
  if (
    raw.deployToken !== undefined &&
    (typeof raw.deployToken !== "string" || raw.deployToken.trim() === "")
  ) {
    p.add("deployToken", "must be a Pulumi access token, set with `pulumi config set --secret`");
  }
  const branch = readBranch(p, raw.branch);
  const repoDir = readRepoDir(p, raw.repoDir);
  const preRunCommands = readStrings(p, "preRunCommands", raw.preRunCommands, DEFAULT_PRE_RUN_COMMANDS);
  const awsDefaults = { sessionName: NAMESPACE, duration: "1h", ...readAws(p, "aws", raw.aws) };

  const stacks: Record<string, StackDeploymentSpec> = {};
  if (!isObj(raw.stacks) || Object.keys(raw.stacks).length === 0) {
    p.add("stacks", "must map at least one stack name (dev, prod) to its settings");
  } else {
    for (const [stack, value] of Object.entries(raw.stacks)) {
      const key = `stacks.${stack}`;
      if (!NAME.test(stack)) p.add(key, "is not a valid stack name");
      let spec: Raw = {};
      if (isObj(value)) spec = value;
      else if (value !== null) p.add(key, "must be a map of settings ({} for the defaults)");
      p.unknownKeys(key, spec, STACK_KEYS);
      const aws = readAws(p, `${key}.aws`, spec.aws, awsDefaults);
      const roleGiven = [spec.aws, raw.aws].some((block) => isObj(block) && block.roleArn !== undefined);
      if (!roleGiven) p.add(`${key}.aws.roleArn`, `is required (here or in ${NAMESPACE}:aws.roleArn)`);
      const approval = readEnum(p, `${key}.approval`, spec.approval, APPROVALS, "none");
      const deployCommits = readBool(p, `${key}.deployCommits`, spec.deployCommits, approval === "none");
      if (deployCommits && approval !== "none") {
        p.add(
          `${key}.deployCommits`,
          `must not be true with approval "${approval}": the push would deploy before anyone approves`,
        );
      }
      const previewPullRequests = readBool(
        p,
        `${key}.previewPullRequests`,
        spec.previewPullRequests,
        previews === "deployments",
      );
      if (previewPullRequests && previews === "actions") {
        p.add(
          `${key}.previewPullRequests`,
          `must not be true while ${NAMESPACE}:previews is "actions": both preview paths would comment on every pull request`,
        );
      }
      if (!deployCommits && approval === "none") {
        p.add(key, 'deployCommits is false and approval is "none": nothing would ever deploy this stack');
      }
      const driftDetection = readDrift(p, `${key}.driftDetection`, spec.driftDetection);
      stacks[stack] = {
        stack,
        deployCommits,
        previewPullRequests,
        approval,
        ...(driftDetection ? { driftDetection } : {}),
        aws: aws as AwsOidcSpec,
        extraPaths: readStrings(p, `${key}.paths`, spec.paths, []),
        skipIntermediateDeployments: readBool(
          p,
          `${key}.skipIntermediateDeployments`,
          spec.skipIntermediateDeployments,
          true,
        ),
      };
    }
  }

  let policyGroups: PolicyGroupsSpec | undefined;
  if (raw.policyGroups !== undefined) {
    if (!isObj(raw.policyGroups)) p.add("policyGroups", "must be a map with pack and versionTag");
    else {
      p.unknownKeys("policyGroups", raw.policyGroups, ["pack", "versionTag"]);
      const pack =
        raw.policyGroups.pack === undefined
          ? "argo-sso-guardrails"
          : readString(p, "policyGroups.pack", raw.policyGroups.pack, NAME, "a policy pack name");
      const versionTag = readString(
        p,
        "policyGroups.versionTag",
        raw.policyGroups.versionTag,
        /^\d+\.\d+\.\d+$/,
        'a published version like "0.1.0"',
      );
      if (pack && versionTag) policyGroups = { pack, versionTag };
    }
  }

  const notifications = readNotifications(p, raw.notifications, Object.keys(stacks));

  const problems = [...p.lines].sort();
  if (problems.length > 0 || !organization || !project || !repository) return { problems };
  return {
    config: {
      organization,
      previews,
      deployToken: raw.deployToken !== undefined,
      notifications,
      project,
      repository,
      branch,
      repoDir,
      preRunCommands,
      stacks,
      policyGroups,
    },
    problems,
  };
}
