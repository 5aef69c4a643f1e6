/**
 * Secret config keys mark what they feed (stacks/secret-config.ts through index.ts): the CLI says
 * only which top-level key is secret (PULUMI_CONFIG_SECRET_KEYS, read by @pulumi/pulumi 3.270
 * runtime/config.ts), so every input of every resource of a component that reads the key, and
 * every stack output derived from it, is secret; what does not read it stays plain.
 * `argo-sso:workflows` is read by the Argo CD and Argo Workflows components (Argo CD's Dex needs
 * the Workflows URL), not by Identity Center or the client secret.
 */
import { expect } from "chai";
import { SECRET_PLACEHOLDER, type ProgramRun } from "../support/capture";
import { runProgramOnce } from "../support/runs";
import { devRuntimeConfig } from "../support/configs";

/** `<type>::<name>` of each custom resource whose inputs are all, some or none secret. */
function marking(run: ProgramRun, prefix: string): Record<string, "all" | "some" | "none"> {
  const out: Record<string, "all" | "some" | "none"> = {};
  for (const r of run.resources) {
    if (!r.custom || !r.type.startsWith(prefix)) continue;
    const values = Object.values(r.inputs);
    const secret = values.filter((v) => v === SECRET_PLACEHOLDER).length;
    out[`${r.type}::${r.name}`] = secret === 0 ? "none" : secret === values.length ? "all" : "some";
  }
  return out;
}

describe("secret config keys mark what they feed", function () {
  this.timeout(120000);

  it("a secret argo-sso:workflows makes the Argo resources and outputs secret, Identity Center stays plain", async () => {
    const run = await runProgramOnce({ config: devRuntimeConfig(), secretKeys: ["argo-sso:workflows"] });
    const kube = marking(run, "kubernetes:");
    // 18 custom Kubernetes resources in dev: 2 namespaces, 2 releases, 5 Secrets, 3 ServiceAccounts,
    // 3 ClusterRoles, 3 ClusterRoleBindings (the CRDs' ConfigGroup is a component).
    expect(Object.keys(kube)).to.have.length(18);
    expect(new Set(Object.values(kube))).to.deep.equal(new Set(["all"]));
    const aws = marking(run, "aws:");
    expect(Object.keys(aws).length).to.be.greaterThan(30);
    expect(new Set(Object.values(aws))).to.deep.equal(new Set(["none"]));
    expect(marking(run, "random:")).to.deep.equal({
      "random:index/randomPassword:RandomPassword::sso-client-password": "none",
    });
    const secretOutputs = Object.keys(run.outputs).filter((k) => run.outputs[k] === SECRET_PLACEHOLDER);
    expect(secretOutputs).to.deep.equal([
      "argocdUrl",
      "dexIssuer",
      "workflowsUrl",
      "argocdPolicyCsv",
      "workflowsServiceAccounts",
    ]);
    expect(run.outputs.identityStoreId).to.equal("d-0000000000");
  });

  it("a secret argo-sso:clientSecret marks the client-secret component and both Argo components, not Identity Center", async () => {
    const run = await runProgramOnce({ config: devRuntimeConfig(), secretKeys: ["argo-sso:clientSecret"] });
    expect(marking(run, "random:")).to.deep.equal({
      "random:index/randomPassword:RandomPassword::sso-client-password": "all",
    });
    expect(new Set(Object.values(marking(run, "kubernetes:")))).to.deep.equal(new Set(["all"]));
    expect(new Set(Object.values(marking(run, "aws:")))).to.deep.equal(new Set(["none"]));
    // argocdUrl derives from the Argo CD component, which reads the client secret; the directory does not.
    expect([run.outputs.argocdUrl, run.outputs.identityStoreId]).to.deep.equal([
      SECRET_PLACEHOLDER,
      "d-0000000000",
    ]);
  });

  it("no secret key: only the client secret's own data is secret", async () => {
    const run = await runProgramOnce({ config: devRuntimeConfig() });
    const kube = marking(run, "kubernetes:");
    expect(
      Object.keys(kube)
        .filter((k) => kube[k] !== "none")
        .sort(),
    ).to.deep.equal([
      "kubernetes:core/v1:Secret::argocd-sso-client",
      "kubernetes:core/v1:Secret::workflows-sso-client",
    ]);
    expect(run.outputs.workflowsUrl).to.equal("https://workflows.dev.example.com");
  });
});
