/**
 * Hand-written resources shaped like the argo-sso program's (chart names and value paths from
 * the pinned argo-cd 10.1.1 / argo-workflows 1.0.18 charts). `good*` builders pass every policy;
 * tests change one thing to make a bad one.
 */
import * as YAML from "yaml";
import type { FakeResource } from "./harness";

export const ADMINS_GROUP_ID = "9a1b2c3d-0000-4000-8000-000000000001";
export const CLIENT_SECRET = "s3cr3t-client-value-that-is-long-enough";

/** A Dex configuration like the program's: one SAML connector, the Workflows static client. */
export function dexConfig(
  overrides: { connector?: Record<string, unknown>; extra?: Record<string, unknown> } = {},
) {
  return {
    connectors: [
      {
        type: "saml",
        id: "aws-identity-center",
        name: "AWS IAM Identity Center",
        config: {
          ssoURL: "https://portal.sso.eu-west-1.amazonaws.com/saml/assertion/MTIzNDU2Nzg5MDEy",
          caData: Buffer.from("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n").toString(
            "base64",
          ),
          entityIssuer: "https://argocd.example.com/api/dex/callback",
          redirectURI: "https://argocd.example.com/api/dex/callback",
          usernameAttr: "email",
          emailAttr: "email",
          groupsAttr: "groups",
          ...overrides.connector,
        },
      },
    ],
    staticClients: [
      {
        id: "argo-workflows-sso",
        name: "Argo Workflows",
        redirectURIs: ["https://workflows.example.com/oauth2/callback"],
        secretEnv: "ARGO_WORKFLOWS_SSO_CLIENT_SECRET",
      },
    ],
    ...overrides.extra,
  };
}

export function argoCdRelease(
  values: Record<string, unknown> = {},
  props: Record<string, unknown> = {},
): FakeResource {
  return {
    type: "kubernetes:helm.sh/v3:Release",
    name: "argocd",
    props: {
      chart: "argo-cd",
      version: "10.1.1",
      namespace: "argocd",
      repositoryOpts: { repo: "https://argoproj.github.io/argo-helm" },
      values: {
        configs: {
          cm: { url: "https://argocd.example.com", "dex.config": YAML.stringify(dexConfig()) },
          rbac: {
            "policy.default": "",
            "policy.csv": `g, ${ADMINS_GROUP_ID}, role:admin\n`,
            scopes: "[groups, email]",
          },
        },
        dex: {
          env: [
            {
              name: "ARGO_WORKFLOWS_SSO_CLIENT_SECRET",
              valueFrom: { secretKeyRef: { name: "argo-workflows-sso", key: "client-secret" } },
            },
          ],
        },
        ...values,
      },
      ...props,
    },
  };
}

export function workflowsRelease(
  server: Record<string, unknown> = {},
  props: Record<string, unknown> = {},
): FakeResource {
  return {
    type: "kubernetes:helm.sh/v3:Release",
    name: "argo-workflows",
    props: {
      chart: "argo-workflows",
      version: "1.0.18",
      namespace: "argo",
      values: {
        server: {
          authModes: ["sso"],
          sso: {
            enabled: true,
            issuer: "https://argocd.example.com/api/dex",
            clientId: { name: "argo-workflows-sso", key: "client-id" },
            clientSecret: { name: "argo-workflows-sso", key: "client-secret" },
            redirectUrl: "https://workflows.example.com/oauth2/callback",
            scopes: ["groups", "email", "profile"],
          },
          ...server,
        },
      },
      ...props,
    },
  };
}

export function clientSecret(namespace: string, value = CLIENT_SECRET): FakeResource {
  return {
    type: "kubernetes:core/v1:Secret",
    name: `sso-secret-${namespace}`,
    props: {
      metadata: { name: "argo-workflows-sso", namespace },
      stringData: { "client-id": "argo-workflows-sso", "client-secret": value },
    },
  };
}

export function permissionSet(
  name: string,
  props: Record<string, unknown> = {},
  protect = true,
): FakeResource {
  return {
    type: "aws:ssoadmin/permissionSet:PermissionSet",
    name: `ps-${name}`,
    protect,
    props: {
      name,
      instanceArn: "arn:aws:sso:::instance/ssoins-0000111122223333",
      sessionDuration: "PT4H",
      arn: `arn:aws:sso:::permissionSet/ssoins-0000111122223333/ps-${name.toLowerCase()}`,
      ...props,
    },
  };
}

export function managedAttachment(set: FakeResource, policyArn: string): FakeResource {
  return {
    type: "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment",
    name: `${set.name}-${policyArn.split("/").pop()}`,
    props: {
      instanceArn: set.props.instanceArn,
      permissionSetArn: set.props.arn,
      managedPolicyArn: policyArn,
    },
  };
}

export function group(name: string, protect = true): FakeResource {
  return {
    type: "aws:identitystore/group:Group",
    name: `group-${name}`,
    protect,
    props: { identityStoreId: "d-0000000000", displayName: name, groupId: ADMINS_GROUP_ID },
  };
}

export function namespace(name: string, protect = true): FakeResource {
  return { type: "kubernetes:core/v1:Namespace", name: `ns-${name}`, protect, props: { metadata: { name } } };
}

export const ADMIN_POLICY = "arn:aws:iam::aws:policy/AdministratorAccess";

/** A whole stack that passes every policy under the prod pack config. */
export function goodStack(): FakeResource[] {
  const admin = permissionSet("Admin", { sessionDuration: "PT8H" });
  const developer = permissionSet("Developer");
  return [
    group("platform-admins"),
    admin,
    developer,
    managedAttachment(admin, ADMIN_POLICY),
    managedAttachment(developer, "arn:aws:iam::aws:policy/PowerUserAccess"),
    namespace("argocd"),
    namespace("argo"),
    clientSecret("argocd"),
    clientSecret("argo"),
    {
      type: "random:index/randomPassword:RandomPassword",
      name: "sso-client-secret",
      props: { length: 48, result: CLIENT_SECRET },
    },
    argoCdRelease(),
    workflowsRelease(),
  ];
}
