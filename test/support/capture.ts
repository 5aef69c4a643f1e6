/**
 * Shared helpers for tests that run code under the capture mock (scripts/lib/mock-runtime.ts).
 * The mock throws on any invoke it does not know, so a new data source cannot go untested.
 */
import type { CapturedResource, ProgramRun } from "../../scripts/lib/mock-runtime";

export { runProgram, SECRET_PLACEHOLDER, fakeGuid } from "../../scripts/lib/mock-runtime";
export type { CapturedResource, ProgramRun } from "../../scripts/lib/mock-runtime";

/** Every captured resource of `type`. */
export function ofType(run: ProgramRun, type: string): CapturedResource[] {
  return run.resources.filter((r) => r.type === type);
}

/** The one resource with this type and logical name; throws with the known names otherwise. */
export function findCreated(run: ProgramRun, type: string, name: string): CapturedResource {
  const found = run.resources.find((r) => r.type === type && r.name === name);
  if (!found) {
    const known = ofType(run, type).map((r) => r.name);
    throw new Error(`no ${type} named ${name}; have: ${known.join(", ") || "none"}`);
  }
  return found;
}

/** `<type>::<name>` identities, the same form as `parent`, `provider` and `dependsOn`. */
export function identities(run: ProgramRun): string[] {
  return run.resources.map((r) => `${r.type}::${r.name}`);
}
