/**
 * The argo-sso guardrail policy pack. Constructing `PolicyPack` starts the analyzer server the
 * Pulumi CLI talks to, so this is the only file that does it; the policies themselves live in
 * `policies.ts`, which the tests import.
 *
 *   pulumi preview --policy-pack policy --policy-pack-config policy/config.prod.json
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_ENFORCEMENT, PACK_NAME, policies } from "./policies";

new PolicyPack(PACK_NAME, {
  description:
    "Guardrails for argo-sso: SAML, https, Argo RBAC and auth modes, pinned charts, secrets, AWS access.",
  enforcementLevel: PACK_ENFORCEMENT,
  policies,
});
