/**
 * How Argo CD v3.4.4 reads `policy.csv`, written out for tests from its source
 * (argoproj/argo-cd v3.4.4 util/rbac/rbac.go: `argocdAdapter.LoadPolicy`, `loadPolicyLine`):
 * the text is split on "\n", each line trimmed, empty lines and lines starting with "#"
 * skipped, and each other line read as one record by Go's `encoding/csv` with
 * `TrimLeadingSpace` (Go 1.24 src/encoding/csv/reader.go: a field starting with a double quote
 * is quoted, `""` inside it is one quote, and a quote in an unquoted field is `ErrBareQuote`).
 * A `g` record needs 3 fields and a `p` record 6, or the whole policy is refused.
 *
 * Independent of components/argocd-policy.ts on purpose: it is the reference the generated
 * text is checked against.
 */

/** One record of a line as Go's csv reader returns it, or an error message. */
export function readCsvRecord(line: string): string[] | { error: string } {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    while (i < line.length && /\s/u.test(line[i])) i++; // TrimLeadingSpace
    if (line[i] === '"') {
      let field = "";
      i++;
      for (;;) {
        if (i >= line.length) return { error: `extraneous or missing " in quoted-field` };
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += line[i++];
      }
      fields.push(field);
      if (i >= line.length) return fields;
      if (line[i] !== ",") return { error: `extraneous or missing " in quoted-field` };
      i++;
    } else {
      const end = line.indexOf(",", i);
      const field = end === -1 ? line.slice(i) : line.slice(i, end);
      if (field.includes('"')) return { error: `bare " in non-quoted-field` };
      fields.push(field);
      if (end === -1) return fields;
      i = end + 1;
    }
  }
}

/** Every `p` and `g` record Argo CD loads from a policy text, or the error that refuses it. */
export function argoCdPolicyRecords(policy: string): string[][] | { error: string } {
  const records: string[][] = [];
  for (const raw of policy.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const record = readCsvRecord(line);
    if (!Array.isArray(record)) return record;
    if (
      record[0] === "" ||
      (record[0] === "g" && record.length !== 3) ||
      (record[0] === "p" && record.length !== 6) ||
      (record[0] !== "p" && record[0] !== "g")
    ) {
      return { error: `invalid RBAC policy: ${line}` };
    }
    records.push(record);
  }
  return records;
}
