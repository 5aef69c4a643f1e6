/**
 * The validated, defaulted stack configuration: the one typed object that `index.ts` builds from
 * `Pulumi.<stack>.yaml` (through `stacks/config.ts`) and hands to the components.
 *
 * Nothing here is written by hand: `StackConfig` and its parts are the output type of the
 * schema (stacks/schema.ts), whose last step maps the validated keys onto the components' own
 * argument types (re-exported below for the config layer's convenience).
 */
export type { ClientSecretSpec, IdentityCenterSpec, SamlApplicationSpec, StackConfig } from "./schema";
export type { ClusterSpec } from "./cluster";
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
