/**
 * The capture mock records every resource option of the registration request and the render
 * shows them; invokes answer from the test's scenario. Expected values are the literals the
 * test program passes, never what the mock echoes for some other input.
 */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { Provider } from "@pulumi/kubernetes/provider";
import { ConfigMap } from "@pulumi/kubernetes/core/v1";
import { findCreated, runProgram } from "../support/capture";
import { toDocument } from "../../scripts/render";
import { renderText } from "../../scripts/lib/render-text";

const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";

/** Two ConfigMaps (a Secret would get the SDK's own secret outputs): every option set, and none. */
function declare(): Record<string, unknown> {
  const provider = new Provider("k8s", { kubeconfig: "{}" });
  const owner = new ConfigMap("owner", { metadata: { name: "owner" } }, { provider });
  new ConfigMap(
    "all-options",
    { metadata: { name: "all-options" }, data: { key: "value" } },
    {
      provider,
      additionalSecretOutputs: ["data", "stringData"],
      customTimeouts: { create: "3m", delete: "10m" },
      deletedWith: owner,
      ignoreChanges: ["metadata.labels", "data"],
      replaceOnChanges: ["type"],
      retainOnDelete: true,
      deleteBeforeReplace: true,
      aliases: [{ name: "old-name" }, "urn:pulumi:dev::argo-sso::kubernetes:core/v1:ConfigMap::older"],
      protect: true,
    },
  );
  return {};
}

describe("scripts/lib/mock-runtime", () => {
  describe("resource options", () => {
    let run: Awaited<ReturnType<typeof runProgram>>;
    before(async () => {
      run = await runProgram({ program: declare });
    });

    it("records additionalSecretOutputs, customTimeouts, deletedWith, ignoreChanges and replaceOnChanges", () => {
      const r = findCreated(run, CONFIG_MAP, "all-options");
      expect(r.additionalSecretOutputs).to.deep.equal(["data", "stringData"]);
      expect(r.customTimeouts).to.deep.equal({ create: "3m", delete: "10m" });
      expect(r.deletedWith).to.equal("kubernetes:core/v1:ConfigMap::owner");
      expect(r.ignoreChanges).to.deep.equal(["metadata.labels", "data"]);
      expect(r.replaceOnChanges).to.deep.equal(["type"]);
    });

    it("records retainOnDelete, deleteBeforeReplace, protect and aliases", () => {
      const r = findCreated(run, CONFIG_MAP, "all-options");
      expect([r.retainOnDelete, r.deleteBeforeReplace, r.protect]).to.deep.equal([true, true, true]);
      expect(r.aliases).to.deep.equal([
        { name: "old-name" },
        "urn:pulumi:dev::argo-sso::kubernetes:core/v1:ConfigMap::older",
      ]);
    });

    it("records the defaults for a resource without options", () => {
      const r = findCreated(run, CONFIG_MAP, "owner");
      expect({
        additionalSecretOutputs: r.additionalSecretOutputs,
        customTimeouts: r.customTimeouts,
        deletedWith: r.deletedWith,
        ignoreChanges: r.ignoreChanges,
        replaceOnChanges: r.replaceOnChanges,
        retainOnDelete: r.retainOnDelete,
        deleteBeforeReplace: r.deleteBeforeReplace,
        aliases: r.aliases,
        importId: r.importId,
        protect: r.protect,
      }).to.deep.equal({
        additionalSecretOutputs: [],
        customTimeouts: {},
        deletedWith: null,
        ignoreChanges: [],
        replaceOnChanges: [],
        retainOnDelete: false,
        deleteBeforeReplace: false,
        aliases: [],
        importId: null,
        protect: false,
      });
    });

    it("shows every option in the JSON render", () => {
      const doc = toDocument(run) as { resources: Record<string, unknown>[] };
      const r = doc.resources.find((x) => x.name === "all-options");
      expect(r).to.deep.include({
        additionalSecretOutputs: ["data", "stringData"],
        customTimeouts: { create: "3m", delete: "10m" },
        deletedWith: "kubernetes:core/v1:ConfigMap::owner",
        ignoreChanges: ["metadata.labels", "data"],
        replaceOnChanges: ["type"],
        retainOnDelete: true,
        deleteBeforeReplace: true,
        aliases: [{ name: "old-name" }, "urn:pulumi:dev::argo-sso::kubernetes:core/v1:ConfigMap::older"],
        importId: null,
        protect: true,
      });
    });

    it("shows every option that is set in the text render, and none for a resource without", () => {
      const lines = renderText(run).split("\n");
      expect(lines).to.include(
        "kubernetes:core/ConfigMap all-options (protected, provider k8s, secret outputs data stringData, " +
          "timeouts create 3m delete 10m, deleted with kubernetes:core/v1:ConfigMap::owner, " +
          "ignore changes metadata.labels data, replace on changes type, retain on delete, " +
          'delete before replace, aliases {"name":"old-name"} ' +
          "urn:pulumi:dev::argo-sso::kubernetes:core/v1:ConfigMap::older)",
      );
      expect(lines).to.include("kubernetes:core/ConfigMap owner (provider k8s)");
    });
  });

  describe("invokes answer from the scenario", () => {
    const ARN = "arn:aws:sso::123456789012:application/ssoins-1111222233334444/apl-5555666677778888";

    function readApplication(): Record<string, unknown> {
      const app = aws.ssoadmin.getApplicationOutput({ applicationArn: ARN });
      return { status: app.status };
    }

    it("answers an enabled application by default", async () => {
      const run = await runProgram({ program: readApplication });
      expect(run.outputs).to.deep.equal({ status: "ENABLED" });
    });

    it("answers the status the scenario gives", async () => {
      const run = await runProgram({
        program: readApplication,
        mocks: { applications: { [ARN]: { status: "DISABLED" } } },
      });
      expect(run.outputs).to.deep.equal({ status: "DISABLED" });
    });

    it("fails the lookup of an application the scenario says is missing", async () => {
      let error: unknown;
      try {
        await runProgram({ program: readApplication, mocks: { applications: { [ARN]: { missing: true } } } });
      } catch (e) {
        error = e;
      }
      expect(String(error)).to.include(`ResourceNotFoundException: application "${ARN}" not found`);
    });

    it("records warnings the program logs", async () => {
      const run = await runProgram({
        program: () => {
          pulumi.log.warn("first");
          pulumi.log.warn("second");
          return {};
        },
      });
      expect(run.warnings).to.deep.equal(["first", "second"]);
    });
  });
});
