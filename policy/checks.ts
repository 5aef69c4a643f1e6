/**
 * The guardrail checks as pure functions of a resource's type and properties. Each returns the
 * violation messages (empty when the resource is fine); `policies.ts` wraps them for the policy
 * engine, and the tests call them through those wrappers.
 *
 * Messages name the value path (`configs.rbac."policy.default"`) and the offending value, never a
 * secret.
 */
import {
  ARGOCD_CHART,
  connectorLabel,
  DEX_CONFIG_PATH,
  dexConfig,
  dexConnectors,
  formatPath,
  getPath,
  helmChart,
  isRecord,
  lastKey,
  releaseValues,
  walkReleaseStrings,
  WORKFLOWS_CHART,
} from "./helm-values";

const DEX = formatPath(DEX_CONFIG_PATH);

/** Dex SAML connectors must validate the assertion signature against the IdP certificate. */
export function checkSamlSignatureValidation(type: string, props: Record<string, unknown>): string[] {
  if (helmChart(type, props) !== ARGOCD_CHART) return [];
  const dex = dexConfig(releaseValues(props));
  if (dex.kind === "invalid")
    return [`${DEX} cannot be read, so SAML signature validation is unproven: ${dex.error}`];
  if (dex.kind === "absent") return [];
  const problems: string[] = [];
  for (const { index, connector } of dexConnectors(dex.config)) {
    if (connector.type !== "saml") continue;
    const label = `${DEX} ${connectorLabel(index, connector)}`;
    const config = isRecord(connector.config) ? connector.config : {};
    const skip = config.insecureSkipSignatureValidation;
    if (skip === true || skip === "true") {
      problems.push(`${label} sets insecureSkipSignatureValidation: anyone could forge a SAML login`);
    }
    const hasCa = [config.ca, config.caData].some((v) => typeof v === "string" && v.trim() !== "");
    if (!hasCa) problems.push(`${label} has neither ca nor caData: Dex cannot check the IdP's signature`);
  }
  return problems;
}

/** Keys whose string values are URLs (Dex `redirectURIs`, Workflows `redirectUrl`, `issuer`, ...). */
const URL_KEY = /(url|uri|uris|issuer|issueralias)$/i;

/** Every URL of the Argo CD and Argo Workflows releases (Dex configuration included) is https. */
export function checkHttpsUrls(type: string, props: Record<string, unknown>): string[] {
  const chart = helmChart(type, props);
  if (chart !== ARGOCD_CHART && chart !== WORKFLOWS_CHART) return [];
  const problems: string[] = [];
  walkReleaseStrings(releaseValues(props), (path, text) => {
    if (URL_KEY.test(lastKey(path)) && /^http:\/\//i.test(text.trim())) {
      problems.push(`${formatPath(path)} is ${JSON.stringify(text)}: use https`);
    }
  });
  return problems;
}

export const ARGOCD_DEFAULT_ROLE_PATH = ["configs", "rbac", "policy.default"] as const;

/** `policy.default: role:admin` would make every person who can log in an Argo CD admin. */
export function checkArgoCdDefaultRole(type: string, props: Record<string, unknown>): string[] {
  if (helmChart(type, props) !== ARGOCD_CHART) return [];
  const role = getPath(releaseValues(props), ARGOCD_DEFAULT_ROLE_PATH);
  return typeof role === "string" && role.trim() === "role:admin"
    ? [`${formatPath(ARGOCD_DEFAULT_ROLE_PATH)} is "role:admin": every logged-in user would be an admin`]
    : [];
}

/** `server` auth mode lets anyone who reaches the UI act as the server's own ServiceAccount. */
export function checkWorkflowsAuthModes(type: string, props: Record<string, unknown>): string[] {
  if (helmChart(type, props) !== WORKFLOWS_CHART) return [];
  const values = releaseValues(props);
  const problems: string[] = [];
  const modes = getPath(values, ["server", "authModes"]);
  if (Array.isArray(modes) && modes.includes("server")) {
    problems.push(
      `server.authModes is ${JSON.stringify(modes)}: remove "server" (use sso, and client for CLI tokens)`,
    );
  }
  if (getPath(values, ["server", "authMode"]) === "server") {
    problems.push(`server.authMode is "server": remove it and use server.authModes: [sso]`);
  }
  const args = getPath(values, ["server", "extraArgs"]);
  if (Array.isArray(args)) {
    const joined = args.map(String).join(" ");
    if (/--auth-mode(=|\s+)server\b/.test(joined)) {
      problems.push(`server.extraArgs passes --auth-mode server: remove it`);
    }
  }
  return problems;
}

/** An exact version (`10.1.1`, `v1.0.18`, `1.2.3-rc.1`): no range, no wildcard, no "latest". */
export const EXACT_VERSION = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** Every Helm chart is pinned to an exact version, so a preview shows what `up` installs. */
export function checkChartVersionPinned(type: string, props: Record<string, unknown>): string[] {
  const chart = helmChart(type, props);
  if (chart === undefined) return [];
  const version = props.version;
  if (typeof version !== "string" || version.trim() === "") {
    return [`chart ${JSON.stringify(chart)} has no version: pin an exact chart version`];
  }
  return EXACT_VERSION.test(version.trim())
    ? []
    : [`chart ${JSON.stringify(chart)} version ${JSON.stringify(version)} is not an exact version`];
}

/** Value keys that hold an OAuth client secret (Dex `secret`, OIDC `clientSecret`, ...). */
const CLIENT_SECRET_KEY = /^(client[-_]?secret|secret)$/i;
/** Environment variable names that carry credentials. */
const SECRET_ENV_NAME = /secret|password|token/i;

/**
 * No Helm value carries a client secret as text. Allowed: a Secret reference (`{ name, key }`),
 * Dex's `$secret-name:key` / `$ENV` indirection, `secretEnv`, and env entries with `valueFrom`.
 */
export function checkHelmValueSecrets(type: string, props: Record<string, unknown>): string[] {
  if (helmChart(type, props) === undefined) return [];
  const values = releaseValues(props);
  const problems: string[] = [];
  walkReleaseStrings(values, (path, text) => {
    const key = path[path.length - 1];
    if (typeof key === "string" && CLIENT_SECRET_KEY.test(key) && text !== "" && !text.startsWith("$")) {
      problems.push(`${formatPath(path)} holds a client secret as plain text: reference a Kubernetes Secret`);
    }
    if (key === "value" && path.length >= 2 && typeof path[path.length - 2] === "number") {
      const name = getPath(values, [...path.slice(0, -1), "name"]);
      if (typeof name === "string" && SECRET_ENV_NAME.test(name)) {
        problems.push(`${formatPath(path)} sets ${name} as plain text: use valueFrom.secretKeyRef`);
      }
    }
  });
  return problems;
}

/** A resource as the stack-level checks see it (a subset of the engine's `PolicyResource`). */
export interface StackResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly props: Record<string, unknown>;
  readonly propertyDependencies?: Readonly<Record<string, readonly StackResource[]>>;
}

export interface StackViolation {
  readonly urn: string;
  readonly message: string;
}

/**
 * Shorter strings are not compared: they match by accident (`true`, a namespace name) and no
 * generated secret is that short.
 */
export const MIN_SECRET_LENGTH = 12;
const SECRET_DATA_KEY = /secret|password|token/i;

/** The secret strings of the stack: Kubernetes Secret entries named like secrets, generated passwords. */
export function collectSecrets(resources: readonly StackResource[]): { source: string; value: string }[] {
  const found: { source: string; value: string }[] = [];
  const add = (source: string, value: unknown) => {
    if (typeof value === "string" && value.length >= MIN_SECRET_LENGTH) found.push({ source, value });
  };
  for (const r of resources) {
    if (r.type === "kubernetes:core/v1:Secret") {
      for (const field of ["stringData", "data"] as const) {
        const entries = isRecord(r.props[field]) ? r.props[field] : {};
        for (const [key, value] of Object.entries(entries)) {
          if (!SECRET_DATA_KEY.test(key) || typeof value !== "string") continue;
          add(
            `Secret ${r.name} ${key}`,
            field === "data" ? Buffer.from(value, "base64").toString("utf8") : value,
          );
        }
      }
    } else if (r.type === "random:index/randomPassword:RandomPassword") {
      add(`RandomPassword ${r.name}`, r.props.result);
    }
  }
  return found;
}

/** Helm values that contain the text of a secret the stack also keeps in a Secret or generates. */
export function findSecretLeaks(resources: readonly StackResource[]): StackViolation[] {
  const secrets = collectSecrets(resources);
  const leaks: StackViolation[] = [];
  for (const r of resources) {
    if (helmChart(r.type, r.props) === undefined) continue;
    walkReleaseStrings(releaseValues(r.props), (path, text) => {
      for (const secret of secrets) {
        if (text.includes(secret.value)) {
          leaks.push({
            urn: r.urn,
            message: `${formatPath(path)} contains the value of ${secret.source}: Helm values are stored in plain text in the release`,
          });
        }
      }
    });
  }
  return leaks;
}
