import { expect } from "chai";
import { At, Report } from "../../stacks/config-read";
import { readBool, readHttpsUrl, readText, readUniqueList } from "../../stacks/config-values";

/** Runs one reader at key `argo-sso:x` and returns its value and the problem lines. */
function run<T>(read: (at: At) => T): { value: T; problems: string[] } {
  const report = new Report();
  const value = read(new At(report, "argo-sso", ["x"]));
  return { value, problems: report.problems() };
}

describe("config-values", () => {
  describe("readText", () => {
    it("says required for a missing value", () => {
      expect(run((at) => readText(at, undefined)).problems).to.deep.equal(["argo-sso:x: required"]);
    });

    it("names the pattern in words", () => {
      const { problems } = run((at) =>
        readText(at, "Ab", { pattern: /^[a-z]+$/, patternHint: "lowercase letters" }),
      );
      expect(problems).to.deep.equal(['argo-sso:x: must be lowercase letters, got "Ab"']);
    });
  });

  describe("readBool", () => {
    it("accepts the text the Pulumi CLI passes", () => {
      expect([
        run((at) => readBool(at, "true")).value,
        run((at) => readBool(at, "false")).value,
      ]).to.deep.equal([true, false]);
    });
  });

  describe("readHttpsUrl", () => {
    it("allows a path when an origin is not required", () => {
      expect(
        run((at) => readHttpsUrl(at, "https://acme.awsapps.com/start", { origin: false })),
      ).to.deep.equal({
        value: "https://acme.awsapps.com/start",
        problems: [],
      });
    });
  });

  describe("readUniqueList", () => {
    it("reports each duplicate against its index", () => {
      const { value, problems } = run((at) =>
        readUniqueList(
          at,
          ["a", "b", "a"],
          "letters",
          (h, v) => readText(h, v),
          (v) => v,
        ),
      );
      expect(value).to.equal(undefined);
      expect(problems).to.deep.equal(["argo-sso:x[2]: duplicate of [0] (a)"]);
    });
  });
});
