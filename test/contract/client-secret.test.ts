/**
 * The shared Dex client secret: a Pulumi secret that lives in both namespaces and nowhere else
 * (not in either release's values, not in the render), and a rotation that changes the password
 * and the two restart annotations and nothing more.
 */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { CLIENT_SECRET_CHECKSUM_ANNOTATION } from "../../components/helm-values";
import type { SsoClientSecret } from "../../components/sso-client-secret";
import { findCreated, SECRET_PLACEHOLDER, type ProgramRun } from "../support/capture";
import {
  ARGOCD_SPEC,
  metadataOf,
  runSample,
  SECRET,
  valuesOf,
  WORKFLOWS_SPEC,
  type SampleOptions,
} from "./argo-sample";

/** A sample run and the real value of its client secret. */
async function runWithSecret(
  options: SampleOptions = {},
): Promise<{ run: ProgramRun; secret: string; isSecret: boolean }> {
  let sso: SsoClientSecret | undefined;
  const run = await runSample({ ...options, onCreated: (parts) => (sso = parts.sso) });
  const output = (sso as SsoClientSecret).clientSecret as pulumi.Output<string> & {
    isSecret: Promise<boolean>;
  };
  const secret = await new Promise<string>((resolve) => output.apply(resolve));
  return { run, secret, isSecret: await output.isSecret };
}

/** Every path where two JSON-like values differ, as `a.b[2].c`. */
function differences(a: unknown, b: unknown, at = ""): string[] {
  if (typeof a === "object" && a !== null && typeof b === "object" && b !== null) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) =>
      differences(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        Array.isArray(a) ? `${at}[${k}]` : `${at}.${k}`,
      ),
    );
  }
  return a === b ? [] : [at];
}

/** Differences between two runs, resource by resource (`<name>.inputs...`, `<name>.outputs...`). */
function runDifferences(a: ProgramRun, b: ProgramRun): string[] {
  const index = (run: ProgramRun) =>
    Object.fromEntries(run.resources.map((r) => [r.name, { inputs: r.inputs, outputs: r.outputs }]));
  return differences(index(a), index(b)).map((p) => p.slice(1));
}

describe("contract: the client secret", () => {
  it("is a Pulumi secret", async () => {
    expect((await runWithSecret()).isSecret).to.equal(true);
  });

  it("is long and random-looking", async () => {
    expect((await runWithSecret()).secret).to.have.length.of.at.least(48);
  });

  it("is absent from both releases' values", async () => {
    const { run, secret } = await runWithSecret();
    for (const release of ["argocd-release", "workflows-release"]) {
      const values = JSON.stringify(valuesOf(run, release));
      expect(values, release).to.not.contain(secret);
      expect(values, release).to.not.contain(SECRET_PLACEHOLDER);
    }
  });

  it("is absent from everything the render prints", async () => {
    const { run, secret } = await runWithSecret();
    expect(JSON.stringify(run)).to.not.contain(secret);
  });

  it("is present, masked, in a Secret in each namespace", async () => {
    const { run } = await runWithSecret();
    const secrets = ["argocd-sso-client", "workflows-sso-client"].map((name) =>
      findCreated(run, SECRET, name),
    );
    expect(secrets.map((s) => [metadataOf(s).namespace, s.inputs.stringData])).to.deep.equal([
      [ARGOCD_SPEC.namespace, SECRET_PLACEHOLDER],
      [WORKFLOWS_SPEC.namespace, SECRET_PLACEHOLDER],
    ]);
  });
});

describe("contract: rotating the client secret", () => {
  it("changes the password", async () => {
    const before = await runWithSecret({ client: { rotation: "1" } });
    const after = await runWithSecret({ client: { rotation: "2" } });
    expect(after.secret).to.not.equal(before.secret);
  });

  it("changes the password's keeper and both restart annotations, and nothing else", async () => {
    const before = await runSample({ client: { rotation: "1" } });
    const after = await runSample({ client: { rotation: "2" } });
    expect(runDifferences(before, after)).to.deep.equal([
      `argocd-release.inputs.values.dex.podAnnotations.${CLIENT_SECRET_CHECKSUM_ANNOTATION}`,
      "sso-client-password.inputs.keepers.rotation",
      `workflows-release.inputs.values.server.podAnnotations.${CLIENT_SECRET_CHECKSUM_ANNOTATION}`,
    ]);
  });
});
