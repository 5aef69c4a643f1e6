/**
 * Secret config keys, honoured wherever their values flow.
 *
 * `pulumi.runtime.allConfig()` returns every value as plain text: a `secure:` value anywhere
 * below a top-level key (a secret inside `argo-sso:argocd.values`, a secret description in
 * `argo-sso:groups`, ...) arrives decrypted and unmarked. The CLI says which keys hold secrets
 * only per top-level key, in the `PULUMI_CONFIG_SECRET_KEYS` list that @pulumi/pulumi 3.270
 * reads in `runtime/config.ts` (`isConfigSecret`, exported from `pulumi.runtime` but kept out
 * of its typings). Which nested value was secret is not known, so everything a secret key
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

/** `pulumi.runtime.isConfigSecret`; its absence (a changed SDK) fails the run rather than treating every value as plain. */
function runtimeIsConfigSecret(key: string): boolean {
  const runtime = pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean };
  if (typeof runtime.isConfigSecret !== "function")
    throw new Error(
      "@pulumi/pulumi no longer exposes runtime.isConfigSecret: secret config cannot be honoured",
    );
  return runtime.isConfigSecret(key);
}

/** A transformation that makes every input of a resource (and of its children) secret. */
function secretInputs(args: pulumi.ResourceTransformationArgs): pulumi.ResourceTransformationResult {
  const props = Object.entries(args.props ?? {}).map(([key, value]) => [key, pulumi.secret(value)]);
  return { props: Object.fromEntries(props) as Record<string, unknown>, opts: args.opts };
}

/** Options for a component that reads `reads`: every input of its resources is secret when one of them is. */
export function secretWhen(secretKeys: ReadonlySet<string>, reads: readonly string[]) {
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

/** Every string and number leaf of a config value (JSON text, or plain text). */
function leafValues(raw: string): string[] {
  let parsed: unknown = raw;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // Plain text: the text itself is the one leaf.
  }
  const walk = (value: unknown): string[] =>
    typeof value === "string" || typeof value === "number"
      ? [String(value)]
      : value !== null && typeof value === "object"
        ? Object.values(value).flatMap(walk)
        : [];
  return walk(parsed);
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
  const unquote = (text: string) => {
    try {
      return JSON.parse(text) as string;
    } catch {
      return text.slice(1, -1);
    }
  };
  return lines.map((line) => {
    const at = line.includes(": ") ? line.indexOf(": ") + 2 : 0;
    const message = line.slice(at).replace(/"(?:[^"\\]|\\.)*"/g, (text) => {
      const content = unquote(text);
      return values.some((v) => content.includes(v)) ? '"[secret]"' : text;
    });
    return line.slice(0, at) + message;
  });
}
