/**
 * The types of the stack configuration. The validated config and its parts are inferred from
 * the schema (stacks/schema.ts); the component argument types belong to the components, and
 * are re-exported here for the config layer's imports until those import them directly.
 */

// The components own their argument types (issue 12).
export { ARGOCD_BUILTIN_ROLES } from "../components/argocd-policy";
export { WORKFLOWS_ROLES, type WorkflowsRole } from "../components/workflows-rules";
export {
  DEPLOYERS,
  IDENTITY_SOURCES,
  type Deployer,
  type GroupAwsGrant,
  type GroupPin,
  type GroupSource,
  type GroupSpec,
  type IdentitySource,
  type UserSource,
  type UserSpec,
} from "../components/identity-center-types";
export type { PermissionsBoundary, PermissionSetSpec, PolicyReference } from "../components/permission-set";
export type { DexLogLevel } from "../components/dex-config";
export {
  INGRESS_MODES,
  type IngressMode,
  type IngressSpec,
  type IngressTls,
} from "../components/ingress-values";
export type { ArgoCdSpec } from "../components/argo-cd";
export type { WorkflowsSpec } from "../components/argo-workflows";

/** The validated stack config and its parts: inferred from the schema (stacks/schema.ts). */
export type { ClientSecretSpec, IdentityCenterSpec, StackConfig } from "./schema";
export type { ClusterSpec } from "./cluster";
