/**
 * A sample Argo set-up for the component and contract tests: typed specs like the ones the config
 * loader produces, and a program that wires SsoClientSecret, ArgoCd and ArgoWorkflows the way
 * index.ts does, with an explicit Kubernetes provider.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { ArgoCdSpec } from "../../components/argo-cd";
import type { WorkflowsSpec } from "../../components/argo-workflows";
import type { DexSamlSpec } from "../../components/dex-config";
import type { GroupSpec } from "../../components/identity-center-types";
import { SsoClientSecret, type SsoClientSecretArgs } from "../../components/sso-client-secret";
import { ArgoCd } from "../../components/argo-cd";
import { ArgoWorkflows } from "../../components/argo-workflows";
import {
  fakeGuid,
  findCreated,
  runProgram,
  type CapturedResource,
  type ProgramRun,
} from "../support/capture";

/** A self-signed test certificate (test/fixtures/certs/README.md). */
export const CERTIFICATE = fs.readFileSync(
  path.join(__dirname, "..", "fixtures", "certs", "example.pem"),
  "utf8",
);

export const SAML: DexSamlSpec = {
  signInUrl: "https://portal.sso.eu-west-1.amazonaws.com/saml/assertion/MTIzNDU2Nzg5MDEy",
  certificate: CERTIFICATE,
};

export const ARGOCD_SPEC: ArgoCdSpec = {
  url: "https://argocd.dev.example.com",
  namespace: "argocd",
  releaseName: "argocd",
  chartVersion: "10.1.1",
  defaultRole: "",
  adminEnabled: true,
  anonymousEnabled: false,
  dexLogLevel: "info",
  roles: {},
  timeoutSeconds: 600,
  values: {},
};

export const WORKFLOWS_SPEC: WorkflowsSpec = {
  url: "https://workflows.dev.example.com",
  namespace: "argo",
  releaseName: "argo-workflows",
  chartVersion: "1.0.18",
  sessionExpiry: "8h",
  authModes: ["sso"],
  timeoutSeconds: 600,
  values: {},
  artifactSecrets: [],
};

export const CLIENT: SsoClientSecretArgs = {
  clientId: "argo-workflows-sso",
  secretName: "argo-workflows-sso",
  rotation: "1",
};

/** A group spec with the defaults the config loader would fill in. */
export function group(key: string, fields: Partial<GroupSpec> = {}): GroupSpec {
  return { key, displayName: key, source: "managed", members: [], aws: [], ...fields };
}

export const GROUPS: Readonly<Record<string, GroupSpec>> = {
  "platform-admins": group("platform-admins", { argocd: "role:admin", workflows: "admin" }),
  developers: group("developers", { source: "external", argocd: "role:readonly", workflows: "view" }),
  "release-managers": group("release-managers", { workflows: "edit" }),
  auditors: group("auditors"),
};

/** A GUID-shaped ID for a group key, as Identity Center would return it. */
export function groupIdOf(key: string): string {
  return fakeGuid(`group:${key}`);
}

/** Group key → ID for {@link GROUPS}. */
export const GROUP_IDS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.keys(GROUPS).map((key) => [key, groupIdOf(key)]),
);

export interface SampleOptions {
  readonly argocd?: Partial<ArgoCdSpec>;
  readonly workflows?: Partial<WorkflowsSpec>;
  readonly client?: Partial<SsoClientSecretArgs>;
  readonly groups?: Readonly<Record<string, GroupSpec>>;
  readonly protect?: boolean;
  /** Receives the components, e.g. to read the secret value in a test. */
  readonly onCreated?: (parts: { sso: SsoClientSecret; argocd: ArgoCd; workflows: ArgoWorkflows }) => void;
}

/** A program for `runProgram` that declares the whole Argo half on provider `k8s`. */
export function sampleProgram(options: SampleOptions = {}): () => Record<string, unknown> {
  return () => {
    const provider = new k8s.Provider("k8s", {});
    const argocdSpec = { ...ARGOCD_SPEC, ...options.argocd };
    const workflowsSpec = { ...WORKFLOWS_SPEC, ...options.workflows };
    const groups = options.groups ?? GROUPS;
    const groupIds = pulumi.output(
      Object.fromEntries(Object.keys(groups).map((key) => [key, groupIdOf(key)])),
    );
    const sso = new SsoClientSecret("sso-client", { ...CLIENT, ...options.client });
    const argocd = new ArgoCd(
      "argocd",
      {
        spec: argocdSpec,
        saml: SAML,
        workflowsUrl: workflowsSpec.url,
        groups,
        groupIds,
        clientSecret: sso,
        protect: options.protect,
      },
      { providers: [provider] },
    );
    const workflows = new ArgoWorkflows(
      "workflows",
      {
        spec: workflowsSpec,
        argocdUrl: argocdSpec.url,
        groups,
        groupIds,
        clientSecret: sso,
        protect: options.protect,
        waitFor: [argocd.release],
      },
      { providers: [provider] },
    );
    options.onCreated?.({ sso, argocd, workflows });
    return { argocdUrl: argocd.url, workflowsUrl: workflows.url, dexIssuer: argocd.dexIssuer };
  };
}

export const RELEASE = "kubernetes:helm.sh/v3:Release";
export const SECRET = "kubernetes:core/v1:Secret";
export const NAMESPACE = "kubernetes:core/v1:Namespace";
export const SERVICE_ACCOUNT = "kubernetes:core/v1:ServiceAccount";
export const CLUSTER_ROLE = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole";
export const CLUSTER_ROLE_BINDING = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding";

/**
 * Helm values and parsed YAML as the tests read them: every property is again `Nested`, so
 * `values.configs.cm.url` type-checks; chai compares the leaves.
 */
export interface Nested {
  readonly [key: string]: Nested;
}

/** The `values` input of a captured Helm release. */
export function valuesOf(run: ProgramRun, releaseName: string): Nested {
  return findCreated(run, RELEASE, releaseName).inputs.values as Nested;
}

/** Runs {@link sampleProgram} under the capture mocks. */
export function runSample(options: SampleOptions = {}): Promise<ProgramRun> {
  return runProgram({ program: sampleProgram(options) });
}

/** The error a run fails with, or a failure if it does not fail. */
export async function runError(options: SampleOptions): Promise<Error> {
  try {
    await runSample(options);
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the program to fail");
}

/** The `metadata` input of a captured Kubernetes resource. */
export function metadataOf(resource: CapturedResource): Nested {
  return resource.inputs.metadata as Nested;
}

/** The Kubernetes resources (Helm releases included) that are children of `parent` (`<type>::<name>`). */
export function kubernetesChildren(run: ProgramRun, parent: string): CapturedResource[] {
  return run.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:") && r.parent === parent);
}
