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
