import { expect } from "chai";
import { z } from "zod";
import { bool, formatPath, issueProblems, str, unique } from "../../stacks/schema-kit";
import { httpsUrlProblem } from "../../stacks/schema-identity";

/** Parses `value` with `schema` at key `argo-sso:x` and returns its value and the problem lines. */
function run<S extends z.ZodType>(schema: S, value: unknown): { value?: z.output<S>; problems: string[] } {
  const result = z.strictObject({ x: schema }).safeParse({ x: value });
  if (result.success) return { value: (result.data as { x: z.output<S> }).x, problems: [] };
  return { problems: issueProblems(result.error.issues, (path) => formatPath("argo-sso", path)) };
}

describe("schema-kit", () => {
  describe("str", () => {
    it("says required for a missing value", () => {
      expect(run(str(), undefined).problems).to.deep.equal(["argo-sso:x: required"]);
    });

    it("names the pattern in words", () => {
      expect(run(str({ pattern: /^[a-z]+$/, hint: "lowercase letters" }), "Ab").problems).to.deep.equal([
        'argo-sso:x: must be lowercase letters, got "Ab"',
      ]);
    });

    it("reports only the first broken rule", () => {
      expect(
        run(str({ max: 2, pattern: /^[a-z]+$/, hint: "lowercase letters" }), "ABC").problems,
      ).to.deep.equal(["argo-sso:x: must be at most 2 characters, got 3"]);
    });

    it("says what a non-text value is", () => {
      expect(run(str(), 42).problems).to.deep.equal(["argo-sso:x: must be text, got 42"]);
    });
  });

  describe("bool", () => {
    it("accepts the text the Pulumi CLI passes", () => {
      expect([run(bool(), "true").value, run(bool(), "false").value, run(bool(), true).value]).to.deep.equal([
        true,
        false,
        true,
      ]);
    });

    it("refuses other text", () => {
      expect(run(bool(), "yes").problems).to.deep.equal(['argo-sso:x: must be true or false, got "yes"']);
    });
  });

  describe("httpsUrlProblem", () => {
    it("allows a path when an origin is not required", () => {
      expect(httpsUrlProblem("https://acme.awsapps.com/start", false)).to.equal(undefined);
      expect(httpsUrlProblem("https://acme.awsapps.com/start", true)).to.equal(
        'must be scheme and host only, no path (argo-sso does not set Argo\'s root path), got "https://acme.awsapps.com/start"',
      );
    });
  });

  describe("unique", () => {
    it("reports each duplicate against its index", () => {
      const schema = z.array(z.string()).superRefine(unique((v) => (typeof v === "string" ? v : undefined)));
      expect(run(schema, ["a", "b", "a"]).problems).to.deep.equal(["argo-sso:x[2]: duplicate of [0] (a)"]);
    });
  });

  describe("formatPath", () => {
    it("prints a Helm value path as it is, after the key", () => {
      expect(formatPath("argo-sso", ["argocd", "values", '\u0000raw:configs.cm."dex.config"'])).to.equal(
        'argo-sso:argocd.values.configs.cm."dex.config"',
      );
    });
  });
});
