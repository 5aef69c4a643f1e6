/**
 * Checks across `argo-sso:identityCenter`, `users`, `groups` and `permissionSets` that follow
 * from how the organisation runs Identity Center (reserved names, a delegated administrator,
 * an external IdP). The rules themselves live in components/identity-center-rules.ts, so the
 * component refuses the same configs when used without this loader.
 */
import type { At } from "./config-read";
import {
  delegatedAdminProblems,
  reservedNameProblems,
  unusableUserWarnings,
  type RuleInputs,
} from "../components/identity-center-rules";

/** Reports every finding of the organisation rules against its key below `root` (`argo-sso:`). */
export function crossCheckIdentityCenter(root: At, inputs: RuleInputs): void {
  for (const f of [...reservedNameProblems(inputs), ...delegatedAdminProblems(inputs)]) {
    root.at(...f.path).problem(f.message);
  }
  for (const f of unusableUserWarnings(inputs)) root.at(...f.path).warn(f.message);
}
