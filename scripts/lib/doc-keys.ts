/**
 * Which config keys docs/configuration.md documents, so a test can compare them with the keys
 * of the stack-config schema (scripts/lib/stack-file-schema.ts `keyPaths`).
 *
 * "Documented" means exactly one of:
 * - a heading whose text starts with the full key in a code span: `` ## `argo-sso:groups` ``;
 * - a row of a key table: a table right after a marker line `<!-- keys: <base> [<base>...] -->`
 *   (blank lines may sit between them). A row whose first cell starts with a code span documents
 *   `<base>.<span>` for every base: under `<!-- keys: argo-sso:groups.* -->` the row
 *   `` | `aws[].permissionSet` | ... `` documents `argo-sso:groups.*.aws[].permissionSet`. Rows
 *   without a code span in front (`*(key)*`) document nothing.
 *
 * Key paths are written as the schema's: `*` for a map key the user picks, `[]` for a list item.
 * A key is also documented when a key below it is (`samlApplication.arn` documents
 * `samlApplication`): {@link undocumentedKeys} applies that.
 */

/** What {@link documentedKeys} found. */
export interface DocumentedKeys {
  /** Documented key paths, sorted, distinct. */
  readonly keys: string[];
  /** Markers that do not precede a table. */
  readonly problems: string[];
}

const MARKER = /^<!--\s*keys:\s*(.+?)\s*-->\s*$/;
const HEADING = /^#{2,6}\s+`([^`]+:[^`]+)`/;
const ROW = /^\|\s*`([^`]+)`/;
const SEPARATOR = /^\|[\s:|-]+\|\s*$/;

/** The documented keys of a markdown text (see the module comment for the rules). */
export function documentedKeys(markdown: string): DocumentedKeys {
  const lines = markdown.split(/\r?\n/);
  const keys = new Set<string>();
  const problems: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const heading = HEADING.exec(lines[i]);
    if (heading) keys.add(heading[1]);
    const marker = MARKER.exec(lines[i]);
    if (!marker) continue;
    const bases = marker[1].split(/\s+/);
    let row = i + 1;
    while (row < lines.length && lines[row].trim() === "") row++;
    if (row >= lines.length || !lines[row].startsWith("|")) {
      problems.push(`line ${i + 1}: a keys marker must be followed by a table`);
      continue;
    }
    // The header row and the separator name no key.
    row += 2;
    for (; row < lines.length && lines[row].startsWith("|"); row++) {
      if (SEPARATOR.test(lines[row])) continue;
      const key = ROW.exec(lines[row]);
      if (!key) continue;
      for (const base of bases) keys.add(`${base}.${key[1]}`);
    }
  }
  return { keys: [...keys].sort(), problems };
}

/** Schema keys the docs name neither themselves nor through a key below them. */
export function undocumentedKeys(schemaKeys: readonly string[], documented: readonly string[]): string[] {
  const below = (parent: string, key: string) =>
    key.startsWith(`${parent}.`) || key.startsWith(`${parent}[]`);
  return schemaKeys.filter((key) => !documented.some((d) => d === key || below(key, d)));
}

/** Documented keys that the schema does not have. */
export function unknownDocumentedKeys(
  schemaKeys: readonly string[],
  documented: readonly string[],
): string[] {
  const known = new Set(schemaKeys);
  return documented.filter((key) => !known.has(key));
}
