/**
 * The configs the chart tests render, each with what its manifests must say, written out
 * literally from the stack files (never derived by the code under test).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { syntheticRuntimeConfig } from "../../../scripts/lib/synthetic-org";
import { devRuntimeConfig, prodRuntimeConfig } from "../../support/configs";
import { helm, renderStack, type StackRender } from "./render";

/** Literal expectations for one rendered config. */
export interface StackCase {
  /** Memo key and test title. */
  readonly key: string;
  readonly stack: string;
  readonly config: () => Record<string, string>;
  readonly argocd: {
    readonly release: string;
    readonly namespace: string;
    readonly url: string;
    readonly host: string;
  };
  readonly workflows: {
    readonly release: string;
    readonly namespace: string;
    readonly url: string;
    readonly host: string;
  };
  /** The Identity Center sign-in URL the stack file names. */
  readonly ssoURL: string;
  readonly clientId: string;
  readonly clientSecret: { readonly name: string; readonly key: string };
  readonly clientIdKey: string;
  readonly adminEnabled: "true" | "false";
  readonly authModes: readonly string[];
  readonly sessionExpiry: string;
  /** Ingress name → host, per chart (the synthetic organisation asks for none). */
  readonly ingresses: Readonly<Record<"argo-cd" | "argo-workflows", Readonly<Record<string, string>>>>;
}

/** test/fixtures/certs/example.pem: the certificate all three configs embed. */
export const EXAMPLE_PEM = fs.readFileSync(
  path.resolve(__dirname, "..", "..", "fixtures", "certs", "example.pem"),
  "utf8",
);

const SECRET = { name: "argo-workflows-sso", key: "client-secret" } as const;

export const STACK_CASES: readonly StackCase[] = [
  {
    key: "dev",
    stack: "dev",
    config: devRuntimeConfig,
    argocd: {
      release: "argocd",
      namespace: "argocd",
      url: "https://argocd.dev.example.com",
      host: "argocd.dev.example.com",
    },
    workflows: {
      release: "argo-workflows",
      namespace: "argo",
      url: "https://workflows.dev.example.com",
      host: "workflows.dev.example.com",
    },
    ssoURL: "https://portal.sso.eu-west-1.amazonaws.com/saml/assertion/RVhBTVBMRS1ub3QtcmVhbA",
    clientId: "argo-workflows-sso",
    clientSecret: SECRET,
    clientIdKey: "client-id",
    adminEnabled: "true",
    authModes: ["sso", "client"],
    sessionExpiry: "10h",
    ingresses: {
      "argo-cd": { "argocd-server": "argocd.dev.example.com" },
      "argo-workflows": { "argo-workflows-server": "workflows.dev.example.com" },
    },
  },
  {
    key: "prod",
    stack: "prod",
    config: prodRuntimeConfig,
    argocd: {
      release: "argocd",
      namespace: "argocd",
      url: "https://argocd.acme.example",
      host: "argocd.acme.example",
    },
    workflows: {
      release: "argo-workflows",
      namespace: "argo-workflows",
      url: "https://workflows.acme.example",
      host: "workflows.acme.example",
    },
    ssoURL: "https://portal.sso.us-east-1.amazonaws.com/saml/assertion/RVhBTVBMRS1wcm9kLW5vdC1yZWFs",
    clientId: "argo-workflows-sso",
    clientSecret: SECRET,
    clientIdKey: "client-id",
    adminEnabled: "false",
    authModes: ["sso"],
    sessionExpiry: "8h",
    ingresses: {
      "argo-cd": { "argocd-server": "argocd.acme.example" },
      "argo-workflows": { "argo-workflows-server": "workflows.acme.example" },
    },
  },
  {
    key: "generated (synthetic organisation, 3 accounts x 6 groups)",
    stack: "synthetic",
    config: () => syntheticRuntimeConfig({ accounts: 3, groups: 6 }),
    argocd: {
      release: "argocd",
      namespace: "argocd",
      url: "https://argocd.synthetic.example.com",
      host: "argocd.synthetic.example.com",
    },
    workflows: {
      release: "argo-workflows",
      namespace: "argo",
      url: "https://workflows.synthetic.example.com",
      host: "workflows.synthetic.example.com",
    },
    ssoURL: "https://portal.sso.eu-west-1.amazonaws.com/saml/assertion/U1lOVEhFVElDLW9yZw",
    clientId: "argo-workflows-sso",
    clientSecret: SECRET,
    clientIdKey: "client-id",
    // The documented defaults (docs/configuration.md): the synthetic config sets none of these.
    adminEnabled: "true",
    authModes: ["sso"],
    sessionExpiry: "8h",
    ingresses: { "argo-cd": {}, "argo-workflows": {} },
  },
];

/**
 * A `before` hook body: renders the case (once per test run) or skips the suite locally when
 * Helm cannot run on this platform. In CI a missing Helm fails the hook with the reason.
 */
export async function renderCase(ctx: Mocha.Context, c: StackCase): Promise<StackRender> {
  ctx.timeout(180000);
  const binary = helm();
  if (!binary) ctx.skip();
  return renderStack(c.key, c.stack, c.config, binary as string);
}
