/**
 * `argo-sso:groups` in the stack-config schema: who gets what. The references to users,
 * permission sets, accounts and Argo CD roles, and the rules that depend on
 * `identityCenter.ownerStack`, are checked in stacks/schema-refs.ts.
 */
import { z } from "zod";
import { WORKFLOWS_ROLES } from "../components/workflows-rules";
import { IDENTITY_STORE_OBJECT_ID } from "../components/import-ids";
import { directoryImportId, grantsSchema } from "./schema-identity";
import { ON_MAP, choice, describe, list, map, own, problem, section, str } from "./schema-kit";

/** Group keys become part of resource names: letters, digits and `._@+=,-`, 1–128. */
const GROUP_KEY = /^[A-Za-z0-9._@+=,-]{1,128}$/;

const groupSchema = section(
  {
    displayName: str({ max: 1024 })
      .optional()
      .describe("Identity Store display name (the lookup key of an external group). Default: the group key."),
    description: str({ max: 1024 }).optional().describe("The group's description (managed groups)."),
    source: choice(["managed", "external", "owner"])
      .optional()
      .describe(
        "managed: created here; external: synced by SCIM and looked up; owner: a group of the owner stack. Default: managed, or owner in a cluster stack.",
      ),
    members: list("user names from argo-sso:users", str())
      .optional()
      .describe("User names (keys of argo-sso:users); managed groups only."),
    aws: grantsSchema.optional().describe("Account assignments: a permission set in accounts or OUs."),
    argocd: str()
      .optional()
      .describe("Argo CD role: role:admin, role:readonly or role:<name> of argo-sso:argocd.roles."),
    workflows: choice(WORKFLOWS_ROLES)
      .optional()
      .describe("Argo Workflows SSO RBAC level: admin, edit or view."),
    groupId: str({
      pattern: IDENTITY_STORE_OBJECT_ID,
      hint: "an Identity Store group ID like 90677ed4-b0c1-7041-2b1c-1e3a0a0a0a0a",
    })
      .optional()
      .describe("External groups: pin the group by its Identity Store group ID."),
    externalId: section(
      {
        issuer: str({ max: 100 }).describe("The ExternalId issuer SCIM wrote."),
        id: str({ max: 256 }).describe("The IdP's identifier of the group."),
      },
      "issuer and id",
    )
      .optional()
      .describe("External groups: pin the group by the IdP's identifier (issuer and id)."),
    import: directoryImportId("group"),
  },
  "group settings",
).superRefine((group, ctx) => {
  if (own(group, "groupId") !== undefined && own(group, "externalId") !== undefined)
    problem(ctx, ["externalId"], "pin the group by groupId or by externalId, not both");
  if (own(group, "source") === "external" && own(group, "members") !== undefined) {
    const why = "an external group gets its members from the IdP by SCIM";
    problem(ctx, ["members"], `${why}; remove members (or set source: managed)`);
  }
}, ON_MAP);

export const groupsSchema = map("group key to group settings", groupSchema)
  .superRefine((groups, ctx) => {
    const displayNames = new Map<string, string>();
    for (const [key, group] of Object.entries(groups)) {
      if (!GROUP_KEY.test(key)) {
        const rule = "group key must be 1 to 128 letters, digits and ._@+=,- (it names resources)";
        problem(ctx, [key], `${rule}, got ${describe(key)}`);
      }
      const given = own(group, "displayName");
      const displayName = typeof given === "string" ? given : key;
      const clash = displayNames.get(displayName);
      if (clash === undefined) displayNames.set(displayName, key);
      else {
        const also = `is also the display name of group ${JSON.stringify(clash)}; display names must be unique`;
        problem(ctx, [key, "displayName"], `${describe(displayName)} ${also}`);
      }
    }
  }, ON_MAP)
  .optional()
  .describe(
    "`argo-sso:groups`: group key → who is in it and what it gets in AWS, Argo CD and Argo Workflows.",
  );

export type GroupConfig = z.output<typeof groupSchema>;
