/**
 * docs/configuration.md cannot drift from the stack-config schema: every key the schema has is
 * documented there, and every key documented there exists. "Documented" is defined in
 * scripts/lib/doc-keys.ts (a heading naming the full key, or a row of a table marked
 * `<!-- keys: <base> -->`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { STACK_CONFIG_KEYS, stackConfigSchema } from "../../stacks/schema";
import { configJsonSchema, keyPaths } from "../../scripts/lib/stack-file-schema";
import { documentedKeys, undocumentedKeys, unknownDocumentedKeys } from "../../scripts/lib/doc-keys";

const DOC = path.resolve(__dirname, "..", "..", "docs", "configuration.md");

describe("docs/configuration.md", () => {
  const schemaKeys = keyPaths(configJsonSchema(stackConfigSchema, STACK_CONFIG_KEYS));
  const documented = documentedKeys(fs.readFileSync(DOC, "utf8"));

  it("documents every key of the stack-config schema", () => {
    expect(
      undocumentedKeys(schemaKeys, documented.keys),
      "keys missing from docs/configuration.md",
    ).to.deep.equal([]);
  });

  it("documents no key the schema does not have", () => {
    expect(
      unknownDocumentedKeys(schemaKeys, documented.keys),
      "keys to remove from docs/configuration.md",
    ).to.deep.equal([]);
  });

  it("has a table after every keys marker", () => {
    expect(documented.problems).to.deep.equal([]);
  });

  it("checks a reasonable number of keys (the walk reached into groups, users and the ingress)", () => {
    // Literal keys from docs/configuration.md: if the schema walk stopped early, these vanish.
    expect(schemaKeys).to.include.members([
      "aws:region",
      "argo-sso:groups.*.aws[].permissionSet",
      "argo-sso:users.*.aws[].accounts",
      "argo-sso:workflows.ingress.tls.certManager.kind",
      "argo-sso:permissionSets.*.permissionsBoundary.customerManagedPolicy.path",
      "argo-sso:cluster.stackReference.output",
    ]);
  });
});

describe("scripts/lib/doc-keys", () => {
  const doc = [
    "## `argo-sso:groups`",
    "",
    "<!-- keys: argo-sso:groups.* -->",
    "| key | type |",
    "|---|---|",
    "| *(key)* | text |",
    "| `displayName` ✓ | text |",
    "| `aws[].accounts` | list |",
    "",
    "| value | set instead |",
    "|---|---|",
    "| `configs.cm.url` | `argocd.url` |",
    "",
    "<!-- keys: argo-sso:argocd.ingress argo-sso:workflows.ingress -->",
    "",
    "| key | type |",
    "|---|---|",
    "| `tls.secretName` | text |",
  ].join("\n");

  it("reads headings and the rows of marked tables only, each row under every base", () => {
    expect(documentedKeys(doc)).to.deep.equal({
      keys: [
        "argo-sso:argocd.ingress.tls.secretName",
        "argo-sso:groups",
        "argo-sso:groups.*.aws[].accounts",
        "argo-sso:groups.*.displayName",
        "argo-sso:workflows.ingress.tls.secretName",
      ],
      problems: [],
    });
  });

  it("reports a marker that no table follows", () => {
    expect(documentedKeys("<!-- keys: argo-sso:x -->\n\nSome prose.\n").problems).to.deep.equal([
      "line 1: a keys marker must be followed by a table",
    ]);
  });

  it("reports a schema key nothing documents, and accepts a parent documented through its children", () => {
    const schema = [
      "argo-sso:groups",
      "argo-sso:groups.*.aws",
      "argo-sso:groups.*.aws[].accounts",
      "argo-sso:groups.*.source",
    ];
    const docs = ["argo-sso:groups", "argo-sso:groups.*.aws[].accounts"];
    expect(undocumentedKeys(schema, docs)).to.deep.equal(["argo-sso:groups.*.source"]);
  });

  it("reports a documented key the schema does not have", () => {
    expect(unknownDocumentedKeys(["argo-sso:groups"], ["argo-sso:groups", "argo-sso:grups"])).to.deep.equal([
      "argo-sso:grups",
    ]);
  });
});
