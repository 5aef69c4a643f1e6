/**
 * What VS Code's YAML extension shows for the stack files: yaml-language-server (the engine of
 * Red Hat's extension), given no schema settings at all, finds the schema through each file's
 * `# yaml-language-server: $schema=...` line, reports mistakes by key, and completes keys.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect } from "chai";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { LanguageService } from "yaml-language-server";

const REPO = path.resolve(__dirname, "..", "..");
const STACK_FILES = [
  "Pulumi.dev.yaml",
  "Pulumi.prod.yaml",
  "examples/multi-cluster/Pulumi.identity.yaml",
  "examples/multi-cluster/Pulumi.cluster-eu.yaml",
];

/** A language service configured as the extension is out of the box: no `yaml.schemas`. */
function languageService(): LanguageService {
  // yaml-language-server is an ES module; Node 20.19+ loads it with require.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const yls = require("yaml-language-server") as typeof import("yaml-language-server");
  const service = yls.getLanguageService({
    // Schemas are read from disk only: a test never reaches the network.
    schemaRequestService: async (uri) => fs.readFileSync(fileURLToPath(uri), "utf8"),
    workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).toString() },
  });
  service.configure({ validate: true, completion: true, hover: true, schemas: [] });
  return service;
}

let version = 0;

/** A new version of `file` each call: the service caches a parsed document by URI and version. */
function document(file: string, text: string): TextDocument {
  version += 1;
  return TextDocument.create(pathToFileURL(path.join(REPO, file)).toString(), "yaml", version, text);
}

async function messages(service: LanguageService, file: string, text: string): Promise<string[]> {
  return (await service.doValidation(document(file, text), false)).map(
    (d) => `${d.range.start.line}: ${d.message}`,
  );
}

describe("editing a stack file with yaml-language-server", () => {
  const service = languageService();

  for (const file of STACK_FILES) {
    it(`finds the schema of ${file} through its first line: no problem as it is, one for an unknown key`, async () => {
      const text = fs.readFileSync(path.join(REPO, file), "utf8");
      expect(await messages(service, file, text)).to.deep.equal([]);
      const lines = text.split("\n");
      const config = lines.indexOf("config:");
      expect(config, "a config: line").to.be.greaterThan(0);
      lines.splice(config + 1, 0, "  argo-sso:grups: {}");
      expect(await messages(service, file, lines.join("\n"))).to.deep.equal([
        `${config + 1}: Property argo-sso:grups is not allowed.`,
      ]);
    });
  }

  it("reports a wrong value with its allowed values, at its line", async () => {
    const text = [
      "# yaml-language-server: $schema=./schema/stack-file.schema.json",
      "config:",
      "  aws:region: eu-west-1",
      "  argo-sso:groups:",
      "    admins:",
      "      workflows: owner",
    ].join("\n");
    const found = await messages(service, "Pulumi.x.yaml", text);
    expect(found).to.include('5: Value is not accepted. Valid values: "admin", "edit", "view".');
  });

  it("accepts a secure value where a map is expected", async () => {
    const text = [
      "# yaml-language-server: $schema=./schema/stack-file.schema.json",
      "config:",
      "  aws:region: eu-west-1",
      "  argo-sso:cluster:",
      "    kubeconfig:",
      "      secure: v1:c2VjcmV0:Y2lwaGVydGV4dA==",
      "  argo-sso:clientSecret:",
      "    secure: v1:c2VjcmV0:Y2lwaGVydGV4dA==",
    ].join("\n");
    const found = await messages(service, "Pulumi.x.yaml", text);
    // Only what the file lacks is reported (so the schema applies), nothing about the secrets.
    expect(found).to.deep.equal([
      '1: Missing property "argo-sso:identityCenter".',
      '1: Missing property "argo-sso:argocd".',
      '1: Missing property "argo-sso:workflows".',
    ]);
  });

  it("completes the Argo CD keys, and never offers secure", async () => {
    const text = [
      "# yaml-language-server: $schema=./schema/stack-file.schema.json",
      "config:",
      "  argo-sso:argocd:",
      "    ",
    ].join("\n");
    const list = await service.doComplete(document("Pulumi.x.yaml", text), { line: 3, character: 4 }, false);
    const labels = list.items.map((item) => item.label);
    expect(labels).to.include.members([
      "url",
      "namespace",
      "releaseName",
      "chartVersion",
      "defaultRole",
      "adminEnabled",
      "anonymousEnabled",
      "dexLogLevel",
      "roles",
      "timeoutSeconds",
      "values",
      "ingress",
      "unsafeValues",
    ]);
    expect(labels).to.not.include("secure");
  });
});
