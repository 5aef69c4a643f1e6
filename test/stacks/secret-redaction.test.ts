/**
 * A problem or warning that quotes a value refuses it with `got "..."`; under a secret config key
 * (the CLI's PULUMI_CONFIG_SECRET_KEYS) that value is decrypted plain text in `allConfig()`, so
 * it must not reach the error output: the program prints [secret] instead.
 */
import { expect } from "chai";
import { redactSecretValues } from "../../stacks/secret-config";
import { runProgram } from "../support/capture";
import { devRuntimeConfig, withPath } from "../support/configs";

const LEAK = "hunter2-not-a-url";

describe("secret values in config problems", () => {
  it("replaces every value of a secret key, plain and JSON-quoted, in every line", () => {
    const config = {
      "argo-sso:argocd": JSON.stringify({ url: LEAK, values: { a: 'x"quoted"y' } }),
      "aws:region": "eu-west-1",
    };
    expect(
      redactSecretValues(
        [
          `argo-sso:argocd.url: must be an https URL, got "${LEAK}"`,
          'argo-sso:argocd.values.a: got "x\\"quoted\\"y"',
          "aws:region: eu-west-1 is fine",
        ],
        config,
        new Set(["argo-sso:argocd"]),
      ),
    ).to.deep.equal([
      'argo-sso:argocd.url: must be an https URL, got "[secret]"',
      'argo-sso:argocd.values.a: got "[secret]"',
      "aws:region: eu-west-1 is fine",
    ]);
  });

  it("finds values in arrays, nested objects, numbers and plain (non-JSON) text, from 3 characters", () => {
    const config = {
      "argo-sso:groups": JSON.stringify({ g: { members: ["s3cr3t-member"], deep: { pin: 123456 } } }),
      "argo-sso:clientSecret": "plain-text-secret",
      "argo-sso:argocd": JSON.stringify({ a: "abc", b: "xy" }),
    };
    const secret = new Set(["argo-sso:groups", "argo-sso:clientSecret", "argo-sso:argocd"]);
    expect(
      redactSecretValues(
        [
          'argo-sso:groups.g.members[0]: got "s3cr3t-member"',
          'argo-sso:groups.g.deep.pin: got "123456"',
          'argo-sso:clientSecret: got "plain-text-secret"',
          'argo-sso:argocd.a: got "abc", argo-sso:argocd.b: got "xy"',
          'no key path here: quoted "s3cr3t-member"',
          'problem without a key path "plain-text-secret"',
        ],
        config,
        secret,
      ),
    ).to.deep.equal([
      'argo-sso:groups.g.members[0]: got "[secret]"',
      'argo-sso:groups.g.deep.pin: got "[secret]"',
      'argo-sso:clientSecret: got "[secret]"',
      'argo-sso:argocd.a: got "[secret]", argo-sso:argocd.b: got "xy"',
      'no key path here: quoted "[secret]"',
      'problem without a key path "[secret]"',
    ]);
  });

  it("ignores a secret key that has no value and never changes the key path", () => {
    const lines = ['argo-sso:argocd.url: got "value"'];
    expect(redactSecretValues(lines, {}, new Set(["argo-sso:argocd"]))).to.deep.equal(lines);
    expect(
      redactSecretValues(
        ['argo-sso:argocd.url: got "argocd"'],
        { "argo-sso:argocd": '{"namespace":"argocd"}' },
        new Set(["argo-sso:argocd"]),
      ),
    ).to.deep.equal(['argo-sso:argocd.url: got "[secret]"']);
  });

  it("leaves lines alone when no key is secret", () => {
    const lines = [`argo-sso:argocd.url: got "${LEAK}"`];
    expect(
      redactSecretValues(lines, { "argo-sso:argocd": JSON.stringify({ url: LEAK }) }, new Set()),
    ).to.deep.equal(lines);
  });

  it("keeps a secret value out of the program's config error", async () => {
    const config = withPath(devRuntimeConfig(), "argo-sso:argocd", ["url"], LEAK);
    let error: unknown;
    try {
      await runProgram({ config, secretKeys: ["argo-sso:argocd"] });
    } catch (err) {
      error = err;
    }
    const problems = (error as { problems?: string[] }).problems ?? [];
    expect(
      problems.some((p) => p.startsWith("argo-sso:argocd.url:")),
      problems.join("\n"),
    ).to.equal(true);
    expect(problems.join("\n")).to.not.include(LEAK);
    expect(String((error as Error).message)).to.not.include(LEAK);
  });
});

describe("secret values in config problems: edges", () => {
  const config = { "argo-sso:argocd": JSON.stringify({ a: null, b: true, name: "dev team" }) };
  const secret = new Set(["argo-sso:argocd"]);

  it("skips null and boolean leaves and never redacts the key path, even where it quotes the secret", () => {
    expect(
      redactSecretValues(
        ['argo-sso:argocd.roles["dev\\u0020team"]: role name must be 1 to 64 letters, got "dev team"'],
        config,
        secret,
      ),
    ).to.deep.equal([
      'argo-sso:argocd.roles["dev\\u0020team"]: role name must be 1 to 64 letters, got "[secret]"',
    ]);
  });

  it("redacts a quoted text that is not valid JSON by its raw content", () => {
    expect(redactSecretValues(['argo-sso:argocd.x: got "\\q dev team"'], config, secret)).to.deep.equal([
      'argo-sso:argocd.x: got "[secret]"',
    ]);
    expect(redactSecretValues(['argo-sso:argocd.x: got "\\q other"'], config, secret)).to.deep.equal([
      'argo-sso:argocd.x: got "\\q other"',
    ]);
  });
});
