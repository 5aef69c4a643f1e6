/**
 * Argo CD with SSO through AWS IAM Identity Center: its namespace, the shared Dex client Secret
 * in that namespace, and the argo-cd Helm release whose values carry the Dex SAML connector, the
 * Argo Workflows static client and the RBAC policy bound to Identity Store group IDs.
 */
import * as pulumi from "@pulumi/pulumi";
import { Release } from "@pulumi/kubernetes/helm/v3/release";
import { buildPolicyCsv, type ArgoCdGroup } from "./argocd-policy";
import {
  CLIENT_SECRET_KEY,
  dexIssuer,
  renderDexConfig,
  WORKFLOWS_CLIENT_SECRET_ENV,
  type DexLogLevel,
  type DexSamlSpec,
} from "./dex-config";
import {
  ARGOCD_MANAGED_PATHS,
  CLIENT_SECRET_CHECKSUM_ANNOTATION,
  managedOverrideProblems,
  mergeValues,
  releaseValues,
} from "./helm-values";
import {
  argoCdIngressEntries,
  ingressContradictionProblems,
  valuesOfEntries,
  type IngressSpec,
} from "./ingress-values";
import { argoUrlHost } from "./argo-url";
import { argoReleaseArgs, namespaceWithClientSecret } from "./argo-release";
import type { SsoClientCredentials } from "./sso-client-secret";

/** The config key of the user's extra argo-cd values, for error messages. */
const VALUES_KEY = "argo-sso:argocd.values";

/** `argo-sso:argocd`, defaults resolved. */
export interface ArgoCdSpec {
  /** https URL without a trailing slash. */
  readonly url: string;
  /** @default "argocd" */
  readonly namespace: string;
  /** @default "argocd" */
  readonly releaseName: string;
  /** @default "10.1.1" */
  readonly chartVersion: string;
  /** `policy.default`. @default "" (no access unless a group grants it) */
  readonly defaultRole: string;
  /** Local `admin` user. @default true */
  readonly adminEnabled: boolean;
  /** @default false */
  readonly anonymousEnabled: boolean;
  /** @default "info" */
  readonly dexLogLevel: DexLogLevel;
  /** Custom roles: role name (without `role:`) → policy lines `<resource>, <action>, <object>, <effect>`. @default {} */
  readonly roles: Readonly<Record<string, readonly string[]>>;
  /** Helm release timeout in seconds. @default 600 */
  readonly timeoutSeconds: number;
  /** Extra chart values, merged under the managed SSO keys. @default {} */
  readonly values: Readonly<Record<string, unknown>>;
  /** The managed ingress; absent = argo-sso sets no ingress value. */
  readonly ingress?: IngressSpec;
}

export interface ArgoCdArgs {
  /** Argo CD settings (`argo-sso:argocd`), defaults resolved. */
  readonly spec: ArgoCdSpec;
  /** The Identity Center custom SAML application (sign-in URL and signing certificate). */
  readonly saml: DexSamlSpec;
  /** Argo Workflows' external URL: the Dex static client's redirect URI is `<url>/oauth2/callback`. */
  readonly workflowsUrl: string;
  /** Groups by config key; those with `argocd` set get a `g` line in `policy.csv`. */
  readonly groups: Readonly<Record<string, ArgoCdGroup>>;
  /** Group config key → Identity Store group ID (created and external groups alike). */
  readonly groupIds: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** The shared Dex client for Argo Workflows, usually an `SsoClientSecret`. */
  readonly clientSecret: SsoClientCredentials;
  /** Protect the namespace from deletion (prod). @default false */
  readonly protect?: boolean;
}

/** What {@link argoCdValues} needs: plain values only, no secret among them. */
export interface ArgoCdValuesInput {
  readonly spec: ArgoCdSpec;
  readonly saml: DexSamlSpec;
  readonly workflowsUrl: string;
  readonly policyCsv: string;
  readonly clientId: string;
  readonly secretName: string;
  readonly checksum: string;
}

/**
 * The values this program sets on the argo-cd chart: exactly the keys of `ARGOCD_MANAGED_PATHS`,
 * plus the managed ingress's values when `spec.ingress` is set (components/ingress-values.ts).
 */
export function argoCdManagedValues(input: ArgoCdValuesInput): Record<string, unknown> {
  const { spec } = input;
  const managed = {
    crds: { keep: true },
    configs: {
      cm: {
        url: spec.url,
        "admin.enabled": spec.adminEnabled,
        "users.anonymous.enabled": spec.anonymousEnabled,
        "dex.config": renderDexConfig({
          argocdUrl: spec.url,
          workflowsUrl: input.workflowsUrl,
          saml: input.saml,
          workflowsClientId: input.clientId,
          logLevel: spec.dexLogLevel,
        }),
      },
      rbac: {
        "policy.default": spec.defaultRole,
        "policy.csv": input.policyCsv,
        // Every value of these claims is tried as a subject: group IDs, then the email.
        scopes: "[groups, email]",
        "policy.matchMode": "glob",
      },
    },
    dex: {
      enabled: true,
      // Dex expands `secretEnv` of the static client from this variable, read at start-up.
      env: [
        {
          name: WORKFLOWS_CLIENT_SECRET_ENV,
          valueFrom: { secretKeyRef: { name: input.secretName, key: CLIENT_SECRET_KEY } },
        },
      ],
      // A crashed Dex otherwise leaves the pod Running (argo-cd cmd/argocd-dex).
      livenessProbe: { enabled: true },
      readinessProbe: { enabled: true },
      // Changes with the secret, so a rotation restarts Dex and it reads the new value.
      podAnnotations: { [CLIENT_SECRET_CHECKSUM_ANNOTATION]: input.checksum },
    },
  };
  if (spec.ingress === undefined) return managed;
  return mergeValues(managed, valuesOfEntries(argoCdIngressEntries(spec.ingress, spec.url)));
}

/** Values in `spec.values` that contradict the managed ingress, each naming both keys. */
function ingressProblems(spec: ArgoCdSpec): string[] {
  if (spec.ingress === undefined) return [];
  return ingressContradictionProblems(spec.values, argoCdIngressEntries(spec.ingress, spec.url), VALUES_KEY);
}

/**
 * All values of the argo-cd release: `global.domain` from the URL (a default), then
 * `spec.values`, then {@link argoCdManagedValues}. Throws if `spec.values` sets a managed key or
 * contradicts the managed ingress.
 */
export function argoCdValues(input: ArgoCdValuesInput): Record<string, unknown> {
  const contradictions = ingressProblems(input.spec);
  if (contradictions.length > 0) throw new Error(contradictions.join("\n"));
  return releaseValues(
    { global: { domain: argoUrlHost(input.spec.url) } },
    input.spec.values,
    argoCdManagedValues(input),
    ARGOCD_MANAGED_PATHS,
    VALUES_KEY,
  );
}

/**
 * Argo CD, logging people in through Identity Center. Creates the namespace (protected when
 * `protect`), the client Secret in it, then the Helm release (atomic, so a failed upgrade rolls
 * back). The Kubernetes provider comes through `opts.providers` or `opts.provider`.
 */
export class ArgoCd extends pulumi.ComponentResource {
  /** The namespace Argo CD runs in. */
  public readonly namespace: pulumi.Output<string>;
  /** The argo-cd Helm release (for `dependsOn`: argo-server needs Dex up at start-up). */
  public readonly release: Release;
  /** Argo CD's external URL. */
  public readonly url: pulumi.Output<string>;
  /** `<url>/api/dex`: the OIDC issuer for Argo Workflows. */
  public readonly dexIssuer: pulumi.Output<string>;
  /** The generated `policy.csv`. */
  public readonly policyCsv: pulumi.Output<string>;

  constructor(name: string, args: ArgoCdArgs, opts?: pulumi.ComponentResourceOptions) {
    super("argo-sso:argo-cd:ArgoCd", name, {}, opts);
    const { spec } = args;
    // Fail before any child exists; the values are built again (identically) once IDs are known.
    const problems = [
      ...managedOverrideProblems(spec.values, ARGOCD_MANAGED_PATHS, VALUES_KEY),
      ...ingressProblems(spec),
    ];
    if (problems.length > 0) throw new pulumi.ResourceError(problems.join("\n"), this);

    const { namespace, secret } = namespaceWithClientSecret(
      this,
      name,
      spec.namespace,
      args.clientSecret,
      args.protect ?? false,
    );

    this.policyCsv = pulumi
      .output(args.groupIds)
      .apply((groupIds) => buildPolicyCsv({ groups: args.groups, groupIds, roles: spec.roles }));
    const { clientId, secretName, checksum } = args.clientSecret;
    const values = pulumi
      .all([this.policyCsv, clientId, secretName, checksum])
      .apply(([policyCsv, clientId, secretName, checksum]) =>
        argoCdValues({
          spec,
          saml: args.saml,
          workflowsUrl: args.workflowsUrl,
          policyCsv,
          clientId,
          secretName,
          checksum,
        }),
      );

    this.release = new Release(
      `${name}-release`,
      argoReleaseArgs("argo-cd", spec, namespace.metadata.name, values),
      // Dex's env references the Secret.
      { parent: this, dependsOn: [secret] },
    );

    this.namespace = namespace.metadata.name;
    this.url = pulumi.output(spec.url);
    this.dexIssuer = pulumi.output(dexIssuer(spec.url));
    this.registerOutputs({
      namespace: this.namespace,
      url: this.url,
      dexIssuer: this.dexIssuer,
      policyCsv: this.policyCsv,
    });
  }
}
