/**
 * Secret config keys, honoured wherever their values flow.
 *
 * `pulumi.runtime.allConfig()` returns every value as plain text: a `secure:` value anywhere
 * below a top-level key (`argo-sso:argocd` with a secret inside `values`, a secret description
 * in `argo-sso:groups`, ...) arrives decrypted and unmarked. The CLI says which keys hold
 * secrets only per top-level key, in the `PULUMI_CONFIG_SECRET_KEYS` list that @pulumi/pulumi
 * 3.270 reads in `runtime/config.ts` (`isConfigSecret`, exported from `pulumi.runtime` but kept
 * out of its typings). Which nested value was secret is not known, so everything a secret key
 * feeds is made secret: every input of every resource of the components that read it (a
 * resource transformation), and the stack outputs derived from it.
 */
import * as pulumi from "@pulumi/pulumi";

/** The top-level keys (`argo-sso:argocd`, `aws:region`, ...) the CLI marks secret. */
export function secretConfigKeys(
  config: Readonly<Record<string, string>>,
  isSecret: (key: string) => boolean = runtimeIsConfigSecret,
): Set<string> {
  return new Set(Object.keys(config).filter((key) => isSecret(key)));
}

/**
 * `pulumi.runtime.isConfigSecret`. Its absence (a changed SDK) fails the run rather than
 * silently treating every value as plain.
 */
function runtimeIsConfigSecret(key: string): boolean {
  const runtime = pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean };
  if (typeof runtime.isConfigSecret !== "function") {
    throw new Error(
      "@pulumi/pulumi no longer exposes runtime.isConfigSecret: secret config cannot be honoured",
    );
  }
  return runtime.isConfigSecret(key);
}

/** A transformation that makes every input of a resource (and of its children) secret. */
export function secretInputs(args: pulumi.ResourceTransformationArgs): pulumi.ResourceTransformationResult {
  const props: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args.props ?? {})) props[key] = pulumi.secret(value);
  return { props, opts: args.opts };
}

/**
 * Options for a component that reads the given config keys: every input of its resources is
 * secret when any of them is a secret key.
 */
export function secretWhen(
  secretKeys: ReadonlySet<string>,
  reads: readonly string[],
): { transformations?: pulumi.ResourceTransformation[] } {
  return reads.some((key) => secretKeys.has(key)) ? { transformations: [secretInputs] } : {};
}

/** `value`, as a secret when any key it derives from is secret (for stack outputs). */
export function outputFrom<T>(
  secretKeys: ReadonlySet<string>,
  reads: readonly string[],
  value: pulumi.Output<T>,
): pulumi.Output<T> {
  return reads.some((key) => secretKeys.has(key)) ? (pulumi.secret(value) as pulumi.Output<T>) : value;
}

/** The placeholder a secret value is replaced with in problems and warnings. */
export const REDACTED = "[secret]";

/** Every string and number leaf of a config value (JSON text, or plain text). */
function leafValues(raw: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return [raw];
  }
  const out: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === "string" || typeof value === "number") out.push(String(value));
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === "object") Object.values(value).forEach(walk);
  };
  walk(parsed);
  return out;
}

/**
 * Problems and warnings with the values of secret keys taken out. A message quotes the value it
 * refuses (`got "..."`, JSON-quoted), and which nested value of a secret key was the secret one
 * is not known, so every quoted text in a message that contains a value of 3 characters or more
 * found under a secret key becomes "[secret]" (in every line: a value can be echoed under another
 * key). The key path before the first ": " is never changed.
 */
export function redactSecretValues(
  lines: readonly string[],
  config: Readonly<Record<string, string>>,
  secretKeys: ReadonlySet<string>,
): string[] {
  const values = [...secretKeys]
    .flatMap((key) => (config[key] === undefined ? [] : leafValues(config[key])))
    .filter((v) => v.length >= 3);
  if (values.length === 0) return [...lines];
  const quoted = /"(?:[^"\\]|\\.)*"/g;
  return lines.map((line) => {
    const at = line.indexOf(": ");
    const head = at < 0 ? "" : line.slice(0, at + 2);
    const message = at < 0 ? line : line.slice(at + 2);
    return (
      head +
      message.replace(quoted, (text) => {
        let content: string;
        try {
          content = JSON.parse(text) as string;
        } catch {
          content = text.slice(1, -1);
        }
        return values.some((v) => content.includes(v)) ? `"${REDACTED}"` : text;
      })
    );
  });
}
