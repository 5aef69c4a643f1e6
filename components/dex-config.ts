/**
 * Pure helpers for the Dex configuration that Argo CD runs (`configs.cm."dex.config"` of the
 * argo-cd chart): one SAML connector for AWS IAM Identity Center and one static OIDC client for
 * Argo Workflows. No Pulumi here: everything is plain data, tested without mocks.
 *
 * Upstream facts relied on (argoproj/argo-cd util/dex/config.go, dexidp/dex connector/saml):
 * - Argo CD serves Dex under `<url>/api/dex` (plain concatenation) and overwrites a SAML
 *   connector's `redirectURI` with `<url>/api/dex/callback`; `entityIssuer` is left alone.
 * - Argo CD prepends its own static clients `argo-cd`, `argo-cd-cli` and `argo-cd-pkce`.
 * - A static client's `secretEnv` is expanded by Dex itself (dexidp/dex #1664), not by Argo CD's
 *   `$`-substitution, so the Argo CD v3.4.4 `$ENV` regression (argo-cd #28360) does not apply.
 */
import * as YAML from "yaml";

/** Dex's `logger.level` values. */
export type DexLogLevel = "debug" | "info" | "warn" | "error";

/** What Dex's SAML connector needs of the Identity Center custom SAML application. */
export interface DexSamlSpec {
  /** The application's "IAM Identity Center sign-in URL" (Dex `ssoURL`). */
  readonly signInUrl: string;
  /** The Identity Center SAML signing certificate, PEM (normalised, ends with a newline). */
  readonly certificate: string;
}

/** Dex static client ids that Argo CD itself registers; reusing one breaks Argo CD's login (argo-cd #19787). */
export const RESERVED_DEX_CLIENT_IDS: readonly string[] = ["argo-cd", "argo-cd-cli", "argo-cd-pkce"];

/** Keys of the Kubernetes Secret shared by Dex (Argo CD namespace) and argo-server (Workflows namespace). */
export const CLIENT_ID_KEY = "client-id";
export const CLIENT_SECRET_KEY = "client-secret";

/** The Dex container environment variable holding the Workflows client secret (`secretEnv`). */
export const WORKFLOWS_CLIENT_SECRET_ENV = "ARGO_WORKFLOWS_SSO_CLIENT_SECRET";

/** The id of the SAML connector; it shows in Dex logs and in the `federated_claims` of a token. */
export const SAML_CONNECTOR_ID = "aws-identity-center";

/** `<argocd url>/api/dex`: the OIDC issuer Argo CD's Dex announces, and Argo Workflows' `sso.issuer`. */
export function dexIssuer(argocdUrl: string): string {
  return `${argocdUrl}/api/dex`;
}

/** `<argocd url>/api/dex/callback`: Dex's SAML ACS URL, also the SAML audience (`entityIssuer`). */
export function dexCallbackUrl(argocdUrl: string): string {
  return `${dexIssuer(argocdUrl)}/callback`;
}

/** `<workflows url>/oauth2/callback`: argo-server's `sso.redirectUrl`, byte for byte the Dex client's redirect URI. */
export function workflowsRedirectUrl(workflowsUrl: string): string {
  return `${workflowsUrl}/oauth2/callback`;
}

/** Base64 of the PEM text, as Dex wants `caData` (a Go `[]byte` in JSON/YAML). */
export function encodeCaData(pem: string): string {
  return Buffer.from(pem, "utf8").toString("base64");
}

/** What {@link buildDexConfig} needs; all plain values. */
export interface DexConfigInput {
  /** Argo CD's external URL, https, no trailing slash. */
  readonly argocdUrl: string;
  /** Argo Workflows' external URL, https, no trailing slash. */
  readonly workflowsUrl: string;
  readonly saml: DexSamlSpec;
  /** The Workflows static client id (never one of {@link RESERVED_DEX_CLIENT_IDS}). */
  readonly workflowsClientId: string;
  /** @default "info" */
  readonly logLevel?: DexLogLevel;
}

/** The Dex SAML connector `config` block (fields of dexidp/dex connector/saml `Config`). */
export interface DexSamlConnectorConfig {
  readonly ssoURL: string;
  readonly caData: string;
  readonly entityIssuer: string;
  readonly redirectURI: string;
  readonly usernameAttr: string;
  readonly emailAttr: string;
  readonly groupsAttr: string;
}

/** The Dex configuration object, before it is written as YAML. */
export interface DexConfig {
  readonly logger: { readonly level: DexLogLevel };
  readonly connectors: readonly {
    readonly type: "saml";
    readonly id: string;
    readonly name: string;
    readonly config: DexSamlConnectorConfig;
  }[];
  readonly staticClients: readonly {
    readonly id: string;
    readonly name: string;
    readonly redirectURIs: readonly string[];
    readonly secretEnv: string;
  }[];
}

/**
 * The Dex configuration for Argo CD: Identity Center as a SAML connector and Argo Workflows as a
 * static client whose secret Dex reads from {@link WORKFLOWS_CLIENT_SECRET_ENV}. The secret
 * itself never appears here.
 */
export function buildDexConfig(input: DexConfigInput): DexConfig {
  if (RESERVED_DEX_CLIENT_IDS.includes(input.workflowsClientId)) {
    throw new Error(
      `the Argo Workflows Dex client id must not be ${JSON.stringify(input.workflowsClientId)}: ` +
        `Argo CD registers ${RESERVED_DEX_CLIENT_IDS.join(", ")} itself`,
    );
  }
  const callback = dexCallbackUrl(input.argocdUrl);
  return {
    logger: { level: input.logLevel ?? "info" },
    connectors: [
      {
        type: "saml",
        id: SAML_CONNECTOR_ID,
        name: "AWS IAM Identity Center",
        config: {
          ssoURL: input.saml.signInUrl,
          caData: encodeCaData(input.saml.certificate),
          // Must equal the application's "SAML audience" in Identity Center.
          entityIssuer: callback,
          // Argo CD overwrites it with the same value; set so the file reads true on its own.
          redirectURI: callback,
          // The attribute names of the mappings made in the console (see docs/argo.md).
          usernameAttr: "email",
          emailAttr: "email",
          groupsAttr: "groups",
        },
      },
    ],
    staticClients: [
      {
        id: input.workflowsClientId,
        name: "Argo Workflows",
        redirectURIs: [workflowsRedirectUrl(input.workflowsUrl)],
        secretEnv: WORKFLOWS_CLIENT_SECRET_ENV,
      },
    ],
  };
}

/** {@link buildDexConfig} as the YAML text that goes into `dex.config`. */
export function renderDexConfig(input: DexConfigInput): string {
  return YAML.stringify(buildDexConfig(input), { lineWidth: 0 });
}
