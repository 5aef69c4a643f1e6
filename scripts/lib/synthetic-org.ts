/**
 * Synthetic organisations for the benchmark (`npm run bench`) and the stable-identity tests:
 * N AWS accounts × G groups, half of the groups managed here and half synced by SCIM
 * (external), each group granted one permission set on every account and an Argo CD and an
 * Argo Workflows role. Everything is derived from the options, so the same options always give
 * the same config, byte for byte.
 *
 * The output is the `config:` map of a `Pulumi.<stack>.yaml` (see {@link syntheticStackConfig}),
 * which {@link syntheticRuntimeConfig} turns into the runtime config the Pulumi CLI would hand
 * the program, and {@link syntheticStackFile} prints as a stack file.
 */
import * as YAML from "yaml";
import { toRuntimeConfig } from "./stack-file";

/** What to generate. */
export interface SyntheticOrgOptions {
  /** Number of AWS accounts; every group is granted its permission set on all of them. */
  readonly accounts: number;
  /** Number of groups; even-numbered ones are managed, odd-numbered ones external. @default 10 */
  readonly groups?: number;
  /**
   * Number of permission sets (1 to {@link PERMISSION_SET_CATALOGUE}'s length); group `i` uses
   * set `i mod permissionSets`. @default 3
   */
  readonly permissionSets?: number;
  /** Directory users per managed group, each a member of that group only. @default 0 */
  readonly membersPerGroup?: number;
}

/** What one synthetic organisation holds, for sizing a benchmark row. */
export interface SyntheticOrgSize {
  readonly accounts: number;
  readonly groups: number;
  readonly managedGroups: number;
  readonly permissionSets: number;
  readonly users: number;
  /** Account assignments implied: groups × accounts (each group has one set on every account). */
  readonly assignments: number;
}

/**
 * The example signing certificate of the repository's stack files (`test/fixtures/certs/example.pem`,
 * self-signed for argo-sso, valid 2026-01-01 to 2036-01-01). Not an Identity Center certificate.
 */
export const EXAMPLE_CERTIFICATE = `-----BEGIN CERTIFICATE-----
MIIC9DCCAdwCAQEwDQYJKoZIhvcNAQELBQAwQDE+MDwGA1UEAww1YXJnby1zc28g
RVhBTVBMRSAtIG5vdCBhbiBJZGVudGl0eSBDZW50ZXIgY2VydGlmaWNhdGUwHhcN
MjYwMTAxMDAwMDAwWhcNMzYwMTAxMDAwMDAwWjBAMT4wPAYDVQQDDDVhcmdvLXNz
byBFWEFNUExFIC0gbm90IGFuIElkZW50aXR5IENlbnRlciBjZXJ0aWZpY2F0ZTCC
ASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBALDGj4a2JbXs4hLkC0hvvjAt
taHV9d7GapBfHEttEhTucxY83PDP9iz/YSSYBPuIAp0fBvgP4j2PImtKdjBsb8Dq
cr6hP5182mNgw3t3V5n6sqlTcRZW2JZyfnNlaGMKNpoSaqco4s1WXbUv/eSq6Qk4
3AIikQG5xGIZ6ElGC4OIG2rGAALuzDj/LFeB4pF/xZn2NyaBHQD90sUsbcXlMqAs
fsH/x5p7JeKrSgOCzu9yjtvXCPiJFdFNUh2CnaJKio06TI1WfLsRXbayp0ZJnOdT
vX2Md+tsahxtFlBxee1CK8/avOO4h8ogQckQG9PVgGqCEoQkH+htubyV2Or8FFEC
AwEAATANBgkqhkiG9w0BAQsFAAOCAQEAk2Y4CGva+D+y6XwYXSsSACD5f38bGTnl
hw3Qf6sDiCgdhcQRdAsvQKQDMGCUin1LT3DBjZ6Q2BeOnvi1RwrvhxnhKFPTjA6I
JPjwKhE72y9d1qwgBgEzxhqL3djkcZJEM7NWscUcMlg3EiumsvLC4quOKVNNPejn
Lby2IZLq0ceFZmaJelZFvkSILyggQ9RoRquGpxKOuKQoadE/MQiWpbPjYwyKkRcB
wOrAVZKh3RA0ppYWWnTEJwSTiHq47oVfHO2Mr2xoEWqMaOtZM4h2bv+xVIkGOnR5
XETQpgoL1m5Qk04k9q+AfQcS6kItID3W2dJSq8U2WBpruVNyESIoeQ==
-----END CERTIFICATE-----
`;

/**
 * The permission sets groups are given, in order: two presets and one custom set with a
 * managed policy, an inline policy and a boundary, so every attachment type is declared.
 */
export const PERMISSION_SET_CATALOGUE: readonly (readonly [string, Readonly<Record<string, unknown>>])[] = [
  ["Admin", { preset: "AdministratorAccess", sessionDuration: "PT2H" }],
  ["ReadOnly", { preset: "ReadOnlyAccess" }],
  [
    "Developer",
    {
      description: "Day-to-day engineering without IAM or billing",
      sessionDuration: "PT8H",
      managedPolicies: ["arn:aws:iam::aws:policy/PowerUserAccess"],
      inlinePolicy: {
        Version: "2012-10-17",
        Statement: [
          { Sid: "DenyBilling", Effect: "Deny", Action: ["aws-portal:*", "billing:*"], Resource: "*" },
        ],
      },
      permissionsBoundary: { managedPolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess" },
    },
  ],
  ["Billing", { preset: "BillingReadOnlyAccess" }],
];

const ARGOCD_ROLES = ["role:admin", "role:readonly"] as const;
const WORKFLOWS_ROLES = ["admin", "edit", "view"] as const;
const INSTANCE_ID = "ssoins-7000000000000001";

/** The 12-digit ID of synthetic account `index` (0-based): `700000000000`, `700000000001`, ... */
export function syntheticAccountId(index: number): string {
  return String(700000000000 + index);
}

/** The friendly name of synthetic account `index`: `acct-0000`, `acct-0001`, ... */
export function syntheticAccountName(index: number): string {
  return `acct-${String(index).padStart(4, "0")}`;
}

/** The config key of synthetic group `index`: `team-00`, `team-01`, ... */
export function syntheticGroupKey(index: number): string {
  return `team-${String(index).padStart(2, "0")}`;
}

function resolve(options: SyntheticOrgOptions): Required<SyntheticOrgOptions> {
  const resolved = {
    accounts: options.accounts,
    groups: options.groups ?? 10,
    permissionSets: options.permissionSets ?? 3,
    membersPerGroup: options.membersPerGroup ?? 0,
  };
  const problems: string[] = [];
  for (const [key, value] of Object.entries(resolved)) {
    if (!Number.isInteger(value) || value < 0)
      problems.push(`${key} must be a whole number ≥ 0, got ${value}`);
  }
  if (resolved.accounts < 1 || resolved.accounts > 99_999) {
    problems.push(`accounts must be between 1 and 99999, got ${resolved.accounts}`);
  }
  if (resolved.permissionSets < 1 || resolved.permissionSets > PERMISSION_SET_CATALOGUE.length) {
    problems.push(
      `permissionSets must be between 1 and ${PERMISSION_SET_CATALOGUE.length}, got ${resolved.permissionSets}`,
    );
  }
  if (problems.length > 0) throw new RangeError(`invalid synthetic org: ${problems.join("; ")}`);
  return resolved;
}

/** The sizes an organisation built from `options` has. */
export function syntheticOrgSize(options: SyntheticOrgOptions): SyntheticOrgSize {
  const o = resolve(options);
  const managedGroups = Math.ceil(o.groups / 2);
  return {
    accounts: o.accounts,
    groups: o.groups,
    managedGroups,
    permissionSets: Math.min(o.permissionSets, o.groups),
    users: managedGroups * o.membersPerGroup,
    assignments: o.groups * o.accounts,
  };
}

/**
 * The `config:` map of a stack file for the organisation (keys `aws:region`, `argo-sso:*`),
 * in the shape DESIGN.md's "Stack configuration" defines. Only permission sets some group uses
 * are defined, so the loader has nothing to warn about.
 */
export function syntheticStackConfig(options: SyntheticOrgOptions): Record<string, unknown> {
  const o = resolve(options);
  const accounts: Record<string, string> = {};
  const accountNames: string[] = [];
  for (let i = 0; i < o.accounts; i++) {
    accounts[syntheticAccountName(i)] = syntheticAccountId(i);
    accountNames.push(syntheticAccountName(i));
  }

  const users: Record<string, unknown> = {};
  const groups: Record<string, unknown> = {};
  const usedSets = new Set<number>();
  for (let g = 0; g < o.groups; g++) {
    const key = syntheticGroupKey(g);
    const managed = g % 2 === 0;
    const set = g % o.permissionSets;
    usedSets.add(set);
    const members: string[] = [];
    for (let m = 0; managed && m < o.membersPerGroup; m++) {
      const userName = `user-${String(g).padStart(2, "0")}-${String(m).padStart(3, "0")}@example.com`;
      users[userName] = { displayName: `User ${g}.${m}`, givenName: "User", familyName: `${g}.${m}` };
      members.push(userName);
    }
    groups[key] = {
      ...(managed
        ? { description: `Synthetic managed group ${g}` }
        : { source: "external", displayName: `Synthetic External ${g}` }),
      ...(members.length > 0 ? { members } : {}),
      aws: [
        {
          permissionSet: (PERMISSION_SET_CATALOGUE[set] as readonly [string, unknown])[0],
          accounts: [...accountNames],
        },
      ],
      argocd: ARGOCD_ROLES[g % ARGOCD_ROLES.length],
      workflows: WORKFLOWS_ROLES[g % WORKFLOWS_ROLES.length],
    };
  }
  const permissionSets = Object.fromEntries(
    [...usedSets].sort((a, b) => a - b).map((i) => PERMISSION_SET_CATALOGUE[i] as readonly [string, unknown]),
  );

  return {
    "pulumi:disable-default-providers": ["*"],
    "aws:region": "eu-west-1",
    "argo-sso:accounts": accounts,
    "argo-sso:identityCenter": {
      instanceArn: `arn:aws:sso:::instance/${INSTANCE_ID}`,
      identityStoreId: "d-7000000001",
      samlApplication: {
        arn: `arn:aws:sso::700000000000:application/${INSTANCE_ID}/apl-7000000000000001`,
        signInUrl: "https://portal.sso.eu-west-1.amazonaws.com/saml/assertion/U1lOVEhFVElDLW9yZw",
        certificate: EXAMPLE_CERTIFICATE,
      },
    },
    "argo-sso:permissionSets": permissionSets,
    ...(Object.keys(users).length > 0 ? { "argo-sso:users": users } : {}),
    "argo-sso:groups": groups,
    "argo-sso:cluster": {},
    "argo-sso:argocd": { url: "https://argocd.synthetic.example.com", namespace: "argocd" },
    "argo-sso:workflows": { url: "https://workflows.synthetic.example.com", namespace: "argo" },
    "argo-sso:clientSecret": { rotation: "1" },
    "argo-sso:protect": false,
  };
}

/** The runtime config (`"argo-sso:groups"` → JSON text) the Pulumi CLI would pass for the organisation. */
export function syntheticRuntimeConfig(options: SyntheticOrgOptions): Record<string, string> {
  return toRuntimeConfig(syntheticStackConfig(options)).config;
}

/** The organisation as the text of a `Pulumi.<stack>.yaml`, with a header saying what it is. */
export function syntheticStackFile(options: SyntheticOrgOptions): string {
  const size = syntheticOrgSize(options);
  const header =
    `# Synthetic organisation generated by scripts/lib/synthetic-org.ts (npm run bench -- --print-stack ...):\n` +
    `# ${size.accounts} accounts x ${size.groups} groups (${size.managedGroups} managed), ` +
    `${size.permissionSets} permission sets, ${size.assignments} account assignments. All IDs are fakes.\n`;
  return (
    header +
    YAML.stringify({ config: syntheticStackConfig(options) }, { lineWidth: 0, aliasDuplicateObjects: false })
  );
}
