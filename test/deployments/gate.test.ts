import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { loadDeploymentsConfig } from "../../stacks/deployments/config";
import { gate } from "../../stacks/deployments/gate";

const ROOT = path.resolve(__dirname, "..", "..");
const NS = "argo-sso-deployments";

function config(extra: Record<string, unknown>) {
  const values: Record<string, unknown> = {
    organization: "example-org",
    repository: "example-org/argo-sso",
    aws: { roleArn: "arn:aws:iam::111111111111:role/deploy" },
    stacks: { dev: {}, prod: { approval: "github-environment" } },
    ...extra,
  };
  const runtime = Object.fromEntries(
    Object.entries(values).map(([k, v]) => [`${NS}:${k}`, typeof v === "string" ? v : JSON.stringify(v)]),
  );
  const loaded = loadDeploymentsConfig(runtime);
  expect(loaded.problems).to.deep.equal([]);
  return loaded.config!;
}

describe("stacks/deployments/gate (what the workflows read from the settings)", () => {
  it("tells preview.yml the preview path", () => {
    expect(gate(["previews"], config({}), ROOT)).to.deep.equal(["previews=deployments"]);
    expect(gate(["previews"], config({ previews: "actions" }), ROOT)).to.deep.equal(["previews=actions"]);
  });

  it("tells deploy.yml which stacks wait for a GitHub environment", () => {
    expect(gate(["approval-stacks"], config({}), ROOT)).to.deep.equal([
      "project=argo-sso",
      'stacks=["prod"]',
    ]);
  });

  it("names the ESC environment of a stack whose credential path is in place", () => {
    expect(gate(["credentials", "prod"], config({}), ROOT)).to.deep.equal(["environment=argo-sso/prod"]);
  });

  it("fails the job, naming the file, for a stack without a credential path", () => {
    const run = spawnSync(
      process.execPath,
      ["--require", "./scripts/lib/ts-register.js", "stacks/deployments/gate.ts", "credentials", "staging"],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(run.status).to.equal(1);
    expect(run.stdout).to.equal("");
    expect(run.stderr).to.equal(
      "the staging stack has no AWS credential path: Pulumi.staging.yaml does not exist\n",
    );
  });
});
