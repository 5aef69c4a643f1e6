/**
 * The stack-config schema: the one definition of every `argo-sso:*` key (and `aws:region`), its
 * type, default, limits and description, written with zod 4. `loadStackConfig`
 * (stacks/config.ts) parses a stack's runtime config with it; {@link StackConfig}, the
 * validated config the components get, is its inferred output.
 *
 * - {@link stackConfigSchema}: the root. Its keys are the config keys without their namespace
 *   (`region` is `aws:region`, every other key `argo-sso:<key>`), each value what the stack
 *   file holds there. A JSON Schema of a stack file comes from the INPUT side:
 *   `z.toJSONSchema(stackConfigSchema, { io: "input", unrepresentable: "any" })` (the output
 *   side ends in a transform onto the component types). Every key carries a description
 *   (`.describe`), which editors show.
 * - {@link STACK_CONFIG_KEYS}: the root keys and the stack-file key each one is.
 *
 * Rules that need more than one key are a refinement of the root (stacks/schema-refs.ts) that
 * runs even when other keys have problems.
 */
import { z } from "zod";
import type { GroupAwsGrant, GroupSpec, UserSpec } from "../components/identity-center-types";
import type { PermissionSetSpec } from "../components/permission-set";
import { PRESETS, isPresetName, partitionOf, type PresetName } from "./presets";
import { ORGANIZATIONAL_UNIT_ID } from "../components/import-ids";
import { ON_MAP, bool, own } from "./schema-kit";
import {
  EMAIL,
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

const normaliseDuration = (text: string | undefined) =>
  text === undefined ? undefined : formatIsoDuration(parseIsoDuration(text) as number);

/** A permission set under `name`: a preset with its defaults and the entry's overrides, or a custom set. */
function permissionSetSpec(
  name: string,
  entry: Partial<PermissionSetConfig>,
  partition: string,
): PermissionSetSpec {
  const common = {
    name,
    ...(entry.import === undefined ? {} : { importId: entry.import }),
    description: entry.description,
    sessionDuration: normaliseDuration(entry.sessionDuration),
    relayState: entry.relayState,
    tags: entry.tags ?? {},
  };
  if (entry.preset !== undefined) {
    const preset = PRESETS[entry.preset as PresetName];
    const policy = preset.inlinePolicy?.((entry.parameters ?? {}) as Record<string, string>, partition);
    return {
      ...common,
      preset: entry.preset as PresetName,
      description: entry.description ?? preset.description,
      sessionDuration: common.sessionDuration ?? preset.sessionDuration,
      relayState: entry.relayState ?? preset.relayState?.(partition),
      customerManagedPolicies: [],
      managedPolicies: preset.managedPolicies.map((p) => `arn:${partition}:iam::aws:policy/${p}`),
      inlinePolicy: policy === undefined ? undefined : JSON.stringify(policy),
    };
  }
  const boundary = entry.permissionsBoundary;
  return {
    ...common,
    sessionDuration: common.sessionDuration ?? "PT1H",
    managedPolicies: entry.managedPolicies ?? [],
    customerManagedPolicies: entry.customerManagedPolicies ?? [],
    inlinePolicy: entry.inlinePolicy === undefined ? undefined : inlinePolicyText(entry.inlinePolicy),
    permissionsBoundary:
      boundary?.managedPolicyArn !== undefined
        ? { managedPolicyArn: boundary.managedPolicyArn }
        : boundary && { customerManagedPolicy: boundary.customerManagedPolicy! },
  };
}

/** A preset under `name` with its defaults (a second project can use it: docs/identity-center.md). */
export function presetSpec(name: string, preset: PresetName, partition: string): PermissionSetSpec {
  return permissionSetSpec(name, { preset }, partition);
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
  ownerStack: unknown,
  accounts: Record<string, string>,
): GroupSpec {
  const { groupId, externalId, displayName } = group;
  const pin = {
    ...(groupId === undefined ? {} : { groupId }),
    ...(externalId === undefined ? {} : { externalId }),
    ...(displayName === undefined ? {} : { displayName }),
  };
  return {
    key,
    displayName: displayName ?? key,
    description: group.description,
    source: group.source ?? (ownerStack === undefined ? "managed" : "owner"),
    ...(groupId !== undefined || externalId !== undefined ? { pin } : {}),
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
  const { samlApplication, ownerStack } = ic;
  const sets = new Map<string, PermissionSetSpec>();
  for (const [name, entry] of Object.entries(config.permissionSets ?? {}))
    sets.set(name, permissionSetSpec(name, entry, partition));
  const grants = [...Object.values(config.groups ?? {}), ...Object.values(config.users ?? {})].flatMap(
    (p) => p.aws ?? [],
  );
  for (const { permissionSet: name } of grants)
    if (!sets.has(name) && isPresetName(name)) sets.set(name, presetSpec(name, name, partition));
  const { ingress: cdIngress, ...argocd } = withoutUnsafe(config.argocd);
  const { ingress: wfIngress, authModes, ...workflows } = withoutUnsafe(config.workflows);
  const { kubeconfig, stackReference, context } = config.cluster;
  const cluster: ClusterSpec =
    kubeconfig !== undefined
      ? { kind: "kubeconfig", kubeconfig, context }
      : stackReference !== undefined
        ? { kind: "stackReference", stack: stackReference.stack, output: stackReference.output, context }
        : { kind: "ambient", context };
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
      samlApplication: { ...samlApplication, certificate: normalisePem(samlApplication.certificate) },
      ...(ownerStack === undefined ? {} : { ownerStack }),
    },
    permissionSets: Object.fromEntries([...sets].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    users: Object.fromEntries(
      Object.entries(config.users ?? {}).map(([n, u]) => [n, userSpec(n, u, accounts)]),
    ),
    groups: Object.fromEntries(
      Object.entries(config.groups ?? {}).map(([key, g]) => [key, groupSpec(key, g, ownerStack, accounts)]),
    ),
    cluster,
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
