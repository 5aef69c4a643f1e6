/**
 * The vendored CRDs are the upstream bytes: expected digests are those of argo-helm tag
 * argo-workflows-1.0.18, charts/argo-workflows/files/crds/full/ (git blob ids from
 * `git ls-tree`, sha256 written in vendor/argo-workflows-1.0.18-crds/README.md).
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { retainCrds, WORKFLOWS_CRD_FILES, workflowsCrdPaths } from "../../components/workflows-crds";

const ROOT = path.resolve(__dirname, "..", "..");

/** `git hash-object`: sha1 of "blob <size>\0" + content. */
function gitBlob(bytes: Buffer): string {
  return crypto
    .createHash("sha1")
    .update(Buffer.concat([Buffer.from(`blob ${bytes.length}\0`), bytes]))
    .digest("hex");
}

const UPSTREAM_BLOBS: Readonly<Record<string, string>> = {
  "argoproj.io_clusterworkflowtemplates.yaml": "310413023063405017fdaddb5da245cbbf1df24c",
  "argoproj.io_cronworkflows.yaml": "fae444cbab4418be7d115a9ec18ac776bebdda7f",
  "argoproj.io_workflowartifactgctasks.yaml": "b3cff41286ea744607ab0b08ca57c1162ba86d9c",
  "argoproj.io_workfloweventbindings.yaml": "634beb6cb0c0b4cd7c5a48d9634dfbebb9ceb422",
  "argoproj.io_workflows.yaml": "487d6b1ca30d218d007275f8f9cf698c42c66807",
  "argoproj.io_workflowtaskresults.yaml": "3c98fa2a7c946874a927aa2cb075b31b2527516d",
  "argoproj.io_workflowtasksets.yaml": "50bdf11ee9f42352c4976cc811b7b7f12ab2bc58",
  "argoproj.io_workflowtemplates.yaml": "a56574db00e68b28a757f4bbf176711dc3810abc",
};

describe("components/workflows-crds", () => {
  it("lists the eight CRD files of the chart's files/crds/full", () => {
    expect([...WORKFLOWS_CRD_FILES]).to.deep.equal(Object.keys(UPSTREAM_BLOBS));
  });

  it("vendors each file byte for byte as upstream has it", () => {
    for (const [file, blob] of Object.entries(UPSTREAM_BLOBS)) {
      const bytes = fs.readFileSync(path.join(ROOT, "vendor", "argo-workflows-1.0.18-crds", file));
      expect(gitBlob(bytes), file).to.equal(blob);
    }
  });

  it("points the ConfigGroup at existing files, relative to the project root", () => {
    for (const p of workflowsCrdPaths()) {
      expect(path.isAbsolute(p), p).to.equal(false);
      expect(fs.existsSync(path.join(ROOT, p)), p).to.equal(true);
    }
  });

  it("holds one CustomResourceDefinition of argoproj.io per file", () => {
    for (const file of WORKFLOWS_CRD_FILES) {
      const head = fs
        .readFileSync(path.join(ROOT, "vendor", "argo-workflows-1.0.18-crds", file), "utf8")
        .slice(0, 200);
      const plural = file.replace(/^argoproj\.io_/, "").replace(/\.yaml$/, "");
      expect(head, file).to.match(
        /^apiVersion: apiextensions\.k8s\.io\/v1\nkind: CustomResourceDefinition\n/,
      );
      expect(head, file).to.contain(`  name: ${plural}.argoproj.io\n`);
    }
  });

  it("marks every resource the transform sees retainOnDelete, keeping its other options", () => {
    const result = retainCrds({
      type: "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition",
      name: "workflows.argoproj.io",
      custom: true,
      props: { spec: {} },
      opts: { protect: false },
    }) as pulumi.ResourceTransformResult;
    expect(result.opts).to.deep.include({ retainOnDelete: true, protect: false });
    expect(result.props).to.deep.equal({ spec: {} });
  });
});
