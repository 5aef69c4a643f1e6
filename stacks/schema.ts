/**
 * The stack-config schema: the one definition of every `argo-sso:*` key (and `aws:region`),
 * its type, default, limits and description, written with zod 4. `loadStackConfig`
 * (stacks/config.ts) parses a stack's runtime config with it; {@link StackConfig}, the
 * validated config the components get, is its inferred output.
 *
 * Exports for tools:
 * - {@link stackConfigSchema}: the root schema. Its object keys are the config keys without
 *   their namespace: `region` is `aws:region`, every other key is `argo-sso:<key>`, and each
 *   value is what the stack file holds under that key (maps and lists as YAML writes them).
 *   For a JSON Schema of a stack file generate from the INPUT side:
 *   `z.toJSONSchema(stackConfigSchema, { io: "input", unrepresentable: "any" })`
 *   (the output side ends in a transform onto the component types and is not representable).
 *   Every key carries a description (`.describe`), the source of docs/configuration.md's table.
 * - {@link STACK_CONFIG_KEYS}: the root keys and the stack-file key each one is.
 *
 * Rules that need more than one key (references between groups, users, permission sets,
 * accounts and Argo CD roles; adoption; the cluster-stack rules; the two Argo releases) are a
 * refinement of the root (stacks/schema-refs.ts) that runs even when other keys have problems.
 */
import { z } from "zod";
import type { GroupAwsGrant, GroupSpec, UserSpec } from "../components/identity-center-types";
import type { PermissionSetSpec } from "../components/permission-set";
import { PRESETS, isPresetName, partitionOf, type PresetName } from "./presets";
import { ORGANIZATIONAL_UNIT_ID } from "../components/import-ids";
import { ON_MAP, bool, own } from "./schema-kit";
import {
  accountsSchema,
  identityCenterSchema,
  normalisePem,
  regionSchema,
  usersSchema,
  type GrantConfig,
  type UserConfig,
} from "./schema-identity";
import {
  formatIsoDuration,
  inlinePolicyText,
  parseIsoDuration,
  permissionSetsSchema,
  type PermissionSetConfig,
} from "./schema-permission-sets";
import { groupsSchema, type GroupConfig } from "./schema-groups";
import { argocdSchema, clientSecretSchema, clusterSchema, ingressSpec, workflowsSchema } from "./schema-argo";
import { crossReferences } from "./schema-refs";
import type { ClusterSpec } from "./cluster";

const rootShape = {
  region: regionSchema,
  accounts: accountsSchema,
  identityCenter: identityCenterSchema,
  permissionSets: permissionSetsSchema,
  users: usersSchema,
  groups: groupsSchema,
  cluster: clusterSchema,
  argocd: argocdSchema,
  workflows: workflowsSchema,
  clientSecret: clientSecretSchema,
  protect: bool()
    .default(false)
    .describe(
      "`argo-sso:protect`: protect groups, permission sets, assignments and namespaces from deletion.",
    ),
};

/** Each root key of the schema and the stack-file key it is. */
export const STACK_CONFIG_KEYS: Readonly<Record<keyof typeof rootShape, string>> = Object.fromEntries(
  Object.keys(rootShape).map((key) => [key, key === "region" ? "aws:region" : `argo-sso:${key}`]),
) as Record<keyof typeof rootShape, string>;

type Validated = z.output<z.ZodObject<typeof rootShape>>;

/** A preset instantiated with its defaults (or the given overrides) under `name`. */
export function presetSpec(
  name: string,
  preset: PresetName,
  partition: string,
  entry: Partial<PermissionSetConfig> = {},
): PermissionSetSpec {
  const definition = PRESETS[preset];
  const parameters = (entry.parameters ?? {}) as Record<string, string>;
  const policy = definition.inlinePolicy?.(parameters, partition);
  return {
    name,
    preset,
    description: entry.description ?? definition.description,
    sessionDuration: normaliseDuration(entry.sessionDuration) ?? definition.sessionDuration,
    relayState: entry.relayState ?? definition.relayState?.(partition),
    tags: entry.tags ?? {},
    customerManagedPolicies: [],
    managedPolicies: definition.managedPolicies.map((p) => `arn:${partition}:iam::aws:policy/${p}`),
    inlinePolicy: policy === undefined ? undefined : JSON.stringify(policy),
  };
}

function normaliseDuration(text: string | undefined): string | undefined {
  return text === undefined ? undefined : formatIsoDuration(parseIsoDuration(text) as number);
}

function permissionSetSpec(name: string, entry: PermissionSetConfig, partition: string): PermissionSetSpec {
  const importId = entry.import === undefined ? {} : { importId: entry.import };
  if (entry.preset !== undefined)
    return { ...presetSpec(name, entry.preset as PresetName, partition, entry), ...importId };
  const boundary = entry.permissionsBoundary;
  return {
    name,
    ...importId,
    description: entry.description,
    sessionDuration: normaliseDuration(entry.sessionDuration) ?? "PT1H",
    relayState: entry.relayState,
    tags: entry.tags ?? {},
    managedPolicies: entry.managedPolicies ?? [],
    customerManagedPolicies: entry.customerManagedPolicies ?? [],
    inlinePolicy: entry.inlinePolicy === undefined ? undefined : inlinePolicyText(entry.inlinePolicy),
    permissionsBoundary:
      boundary === undefined
        ? undefined
        : boundary.managedPolicyArn !== undefined
          ? { managedPolicyArn: boundary.managedPolicyArn }
          : { customerManagedPolicy: boundary.customerManagedPolicy! },
  };
}

/** Grants merged per permission set, account names resolved to IDs (sorted, distinct), OUs apart. */
function grantSpecs(
  grants: readonly GrantConfig[],
  accounts: Readonly<Record<string, string>>,
): GroupAwsGrant[] {
  const merged = new Map<string, { accounts: Set<string>; ous: Set<string>; adopt: boolean }>();
  for (const grant of grants) {
    const entry = merged.get(grant.permissionSet) ?? { accounts: new Set(), ous: new Set(), adopt: false };
    for (const ref of grant.accounts) {
      if (ORGANIZATIONAL_UNIT_ID.test(ref)) entry.ous.add(ref);
      else entry.accounts.add(own(accounts, ref) === undefined ? ref : (accounts[ref] as string));
    }
    entry.adopt ||= grant.import === true;
    merged.set(grant.permissionSet, entry);
  }
  return [...merged].map(([permissionSet, entry]) => ({
    permissionSet,
    accountIds: [...entry.accounts].sort(),
    ...(entry.ous.size === 0 ? {} : { organizationalUnits: [...entry.ous].sort() }),
    ...(entry.adopt ? { adopt: true } : {}),
  }));
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

function userSpec(userName: string, user: UserConfig, accounts: Record<string, string>): UserSpec {
  const aws = user.aws === undefined ? {} : { aws: grantSpecs(user.aws, accounts) };
  if (user.source === "existing")
    return { userName, source: "existing", displayName: "", givenName: "", familyName: "", ...aws };
  return {
    userName,
    displayName: user.displayName as string,
    givenName: user.givenName as string,
    familyName: user.familyName as string,
    email: user.email ?? (EMAIL.test(userName) ? userName : undefined),
    ...(user.import === undefined ? {} : { importId: user.import }),
    ...aws,
  };
}

function groupSpec(
  key: string,
  group: GroupConfig,
  ownerStack: string | undefined,
  accounts: Record<string, string>,
): GroupSpec {
  const pinned = group.groupId !== undefined || group.externalId !== undefined;
  return {
    key,
    displayName: group.displayName ?? key,
    description: group.description,
    source: group.source ?? (ownerStack === undefined ? "managed" : "owner"),
    ...(pinned
      ? {
          pin: {
            ...(group.groupId === undefined ? {} : { groupId: group.groupId }),
            ...(group.externalId === undefined ? {} : { externalId: group.externalId }),
            ...(group.displayName === undefined ? {} : { displayName: group.displayName }),
          },
        }
      : {}),
    ...(group.import === undefined ? {} : { importId: group.import }),
    members: [...new Set(group.members ?? [])],
    aws: grantSpecs(group.aws ?? [], accounts),
    argocd: group.argocd === "" ? undefined : group.argocd,
    workflows: group.workflows,
  };
}

/** A release's settings without `unsafeValues` (only the loader reads it). */
function withoutUnsafe<T extends { unsafeValues: unknown }>(release: T): Omit<T, "unsafeValues"> {
  const copy: Partial<T> = { ...release };
  delete copy.unsafeValues;
  return copy as Omit<T, "unsafeValues">;
}

/** The validated config mapped onto what the components take. */
function toStackConfig(config: Validated) {
  const partition = partitionOf(config.region);
  const accounts = config.accounts ?? {};
  const ic = config.identityCenter;
  const sets = new Map<string, PermissionSetSpec>();
  for (const [name, entry] of Object.entries(config.permissionSets ?? {}))
    sets.set(name, permissionSetSpec(name, entry, partition));
  const grants = [
    ...Object.values(config.groups ?? {}).flatMap((g) => g.aws ?? []),
    ...Object.values(config.users ?? {}).flatMap((u) => u.aws ?? []),
  ];
  for (const { permissionSet } of grants)
    if (!sets.has(permissionSet) && isPresetName(permissionSet))
      sets.set(permissionSet, presetSpec(permissionSet, permissionSet, partition));
  const { ingress: cdIngress, ...argocd } = withoutUnsafe(config.argocd);
  const { ingress: wfIngress, authModes, ...workflows } = withoutUnsafe(config.workflows);
  const { kubeconfig, stackReference, context } = config.cluster;
  return {
    region: config.region,
    accounts,
    identityCenter: {
      managementAccountId: ic.managementAccountId,
      deployer: ic.deployer,
      identitySource: ic.identitySource,
      instanceArn: ic.instanceArn,
      identityStoreId: ic.identityStoreId,
      accessPortalUrl: ic.accessPortalUrl,
      samlApplication: { ...ic.samlApplication, certificate: normalisePem(ic.samlApplication.certificate) },
      ...(ic.ownerStack === undefined ? {} : { ownerStack: ic.ownerStack }),
    },
    permissionSets: Object.fromEntries([...sets].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    users: Object.fromEntries(
      Object.entries(config.users ?? {}).map(([name, user]) => [name, userSpec(name, user, accounts)]),
    ),
    groups: Object.fromEntries(
      Object.entries(config.groups ?? {}).map(([key, group]) => [
        key,
        groupSpec(key, group, ic.ownerStack, accounts),
      ]),
    ),
    cluster: (kubeconfig !== undefined
      ? { kind: "kubeconfig" as const, kubeconfig, context }
      : stackReference !== undefined
        ? {
            kind: "stackReference" as const,
            stack: stackReference.stack,
            output: stackReference.output,
            context,
          }
        : { kind: "ambient" as const, context }) as ClusterSpec,
    argocd: { ...argocd, ...ingressSpec(cdIngress) },
    workflows: { ...workflows, authModes: [...new Set(authModes)], ...ingressSpec(wfIngress) },
    clientSecret: config.clientSecret,
    protect: config.protect,
  };
}

/** The root schema: the input side is the stack file's config, the output the validated {@link StackConfig}. */
export const stackConfigSchema = z
  .strictObject(rootShape)
  .superRefine(crossReferences, ON_MAP)
  .transform(toStackConfig)
  .describe("The argo-sso keys of a Pulumi stack file (and aws:region).");

/** The validated, defaulted stack configuration the components are built from. */
export type StackConfig = z.output<typeof stackConfigSchema>;
export type ClientSecretSpec = StackConfig["clientSecret"];
export type IdentityCenterSpec = StackConfig["identityCenter"];
export type SamlApplicationSpec = IdentityCenterSpec["samlApplication"];
