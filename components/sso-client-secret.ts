/**
 * The OIDC client secret that Argo Workflows shares with Argo CD's Dex, and the Kubernetes Secret
 * that carries it into each namespace.
 *
 * `SsoClientSecret` owns the random value; `ArgoCd` and `ArgoWorkflows` each write it into their
 * own namespace (`namespaceWithClientSecret` in argo-release.ts, with {@link clientSecretArgs}),
 * between creating the namespace and installing the chart: namespace → Secret → release. A
 * separate owner of the Secrets could not keep that order without creating the namespaces itself.
 */
import * as crypto from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type * as k8s from "@pulumi/kubernetes";
import { CLIENT_ID_KEY, CLIENT_SECRET_KEY, RESERVED_DEX_CLIENT_IDS } from "./dex-config";

/** Labels on every Kubernetes object this program creates outside the charts. */
export const MANAGED_LABELS: Readonly<Record<string, string>> = {
  "app.kubernetes.io/managed-by": "pulumi",
  "app.kubernetes.io/part-of": "argo-sso",
};

/** Length of the generated secret: 64 alphanumerics, about 380 bits. */
export const CLIENT_SECRET_LENGTH = 64;

export interface SsoClientSecretArgs {
  /** The Dex static client id of Argo Workflows; not `argo-cd`, `argo-cd-cli` or `argo-cd-pkce`. */
  readonly clientId: string;
  /** Name of the Kubernetes Secret in both namespaces (a DNS-1123 subdomain). */
  readonly secretName: string;
  /** Any text; a new value makes a new secret (and restarts Dex and argo-server). */
  readonly rotation: string;
}

/** What a namespace-side consumer needs to write and reference the shared client Secret. */
export interface SsoClientCredentials {
  readonly clientId: pulumi.Input<string>;
  readonly secretName: pulumi.Input<string>;
  /** Non-secret; changes whenever the secret or the client id changes. */
  readonly checksum: pulumi.Input<string>;
  /** The secret value; must be a Pulumi secret. */
  readonly clientSecret: pulumi.Input<string>;
}

/** Every problem with the args, each naming its field; empty when they are valid. */
export function validateSsoClientSecretArgs(args: SsoClientSecretArgs): string[] {
  const problems: string[] = [];
  if (RESERVED_DEX_CLIENT_IDS.includes(args.clientId)) {
    problems.push(
      `clientId: must not be ${JSON.stringify(args.clientId)}; Argo CD registers ${RESERVED_DEX_CLIENT_IDS.join(", ")} itself`,
    );
  } else if (!/^[A-Za-z0-9._-]{1,128}$/.test(args.clientId)) {
    problems.push(
      `clientId: must be 1-128 characters of letters, digits, ".", "_" or "-", got ${JSON.stringify(args.clientId)}`,
    );
  }
  if (!/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(args.secretName)) {
    problems.push(
      `secretName: must be a Kubernetes name (lower case, digits, "-", "."), got ${JSON.stringify(args.secretName)}`,
    );
  }
  if (args.rotation === "") problems.push("rotation: must not be empty");
  return problems;
}

/**
 * A short hex digest of the client id and the rotation value: safe to print, and different
 * whenever the secret is regenerated. Used as the pod annotation that restarts Dex and
 * argo-server, which read the secret only at start-up.
 */
export function clientSecretChecksum(clientId: string, rotation: string): string {
  return crypto
    .createHash("sha256")
    .update(JSON.stringify([clientId, rotation]))
    .digest("hex")
    .slice(0, 16);
}

/**
 * The args of the Kubernetes Secret holding `client-id` and `client-secret` in `namespace`:
 * `stringData`, so the bytes are exactly the values (no trailing newline: argo-server uses them
 * raw); the secret value stays a Pulumi secret.
 */
export function clientSecretArgs(
  credentials: SsoClientCredentials,
  namespace: pulumi.Input<string>,
): k8s.core.v1.SecretArgs {
  return {
    metadata: {
      name: credentials.secretName,
      namespace,
      labels: MANAGED_LABELS,
    },
    type: "Opaque",
    stringData: {
      [CLIENT_ID_KEY]: credentials.clientId,
      [CLIENT_SECRET_KEY]: pulumi.secret(credentials.clientSecret),
    },
  };
}

/**
 * The shared Dex client secret: a `random.RandomPassword` regenerated when `rotation` changes.
 * Creates no Kubernetes resource; pass it as `clientSecret` to `ArgoCd` and `ArgoWorkflows`.
 * If default providers are disabled, give it a `random` provider through `opts.providers`.
 */
export class SsoClientSecret extends pulumi.ComponentResource implements SsoClientCredentials {
  public readonly clientId: pulumi.Output<string>;
  public readonly secretName: pulumi.Output<string>;
  public readonly checksum: pulumi.Output<string>;
  /** The secret value (a Pulumi secret). */
  public readonly clientSecret: pulumi.Output<string>;

  constructor(name: string, args: SsoClientSecretArgs, opts?: pulumi.ComponentResourceOptions) {
    super("argo-sso:sso-client-secret:SsoClientSecret", name, {}, opts);
    const problems = validateSsoClientSecretArgs(args);
    if (problems.length > 0) {
      throw new pulumi.ResourceError(`invalid SsoClientSecret ${name}:\n  ${problems.join("\n  ")}`, this);
    }

    const password = new random.RandomPassword(
      `${name}-password`,
      {
        length: CLIENT_SECRET_LENGTH,
        // Letters and digits only: the secret travels in HTTP Basic auth and form posts.
        special: false,
        keepers: { rotation: args.rotation },
      },
      { parent: this, additionalSecretOutputs: ["result"] },
    );

    this.clientId = pulumi.output(args.clientId);
    this.secretName = pulumi.output(args.secretName);
    this.checksum = pulumi.output(clientSecretChecksum(args.clientId, args.rotation));
    this.clientSecret = pulumi.secret(password.result);

    this.registerOutputs({
      clientId: this.clientId,
      secretName: this.secretName,
      checksum: this.checksum,
      clientSecret: this.clientSecret,
    });
  }
}
