/**
 * How a problem line names its key (components/config-key.ts), every form written out: plain
 * segments joined with dots, indexes in brackets, anything else JSON-quoted in brackets with
 * whitespace, colons, C1 controls, line/paragraph separators, bidi controls and the BOM escaped as
 * `\uXXXX` (so the key, the text before the first `": "`, never contains a space or a colon and
 * never hides text; docs/configuration.md "How validation works").
 */
import { expect } from "chai";
import { formatKey, formatSegment } from "../../components/config-key";

describe("components/config-key", () => {
  it("joins plain segments with dots and writes indexes in brackets", () => {
    expect(formatKey("argo-sso", ["groups", "dev-ops_1", "aws", 0, "accounts", 12])).to.equal(
      "argo-sso:groups.dev-ops_1.aws[0].accounts[12]",
    );
    expect(formatKey("aws", ["region"])).to.equal("aws:region");
    expect(formatKey("argo-sso", [])).to.equal("argo-sso:");
    expect(formatKey("argo-sso", [0, "a"])).to.equal("argo-sso:[0].a");
  });

  it("keeps every character of a plain segment bare: letters, digits and _ @ + = , -", () => {
    expect(formatSegment("aZ09_@+=,-", true)).to.equal("aZ09_@+=,-");
    expect(formatSegment("aZ09_@+=,-", false)).to.equal(".aZ09_@+=,-");
  });

  it("quotes any other segment in brackets, first or not", () => {
    expect(
      ["alice@example.com", "a/b", "", "ä", 'say"hi"', "a\\b"].map((s) => formatSegment(s, false)),
    ).to.deep.equal(['["alice@example.com"]', '["a/b"]', '[""]', '["ä"]', '["say\\"hi\\""]', '["a\\\\b"]']);
    expect(formatKey("argo-sso", ["a.b", "c"])).to.equal('argo-sso:["a.b"].c');
  });

  it("escapes whitespace, colons and invisible or reordering characters as \\uXXXX", () => {
    const escaped = [
      "a b",
      "a:b",
      "a\u00a0b",
      "a\u3000b",
      "a\u007fb",
      "a\u0085b",
      "a\u009fb",
      "a\u2028b",
      "a\u2029b",
      "a\u202ab",
      "a\u202eb",
      "a\u2066b",
      "a\u2069b",
      "a\ufeffb",
    ].map((s) => formatSegment(s, true));
    expect(escaped).to.deep.equal([
      '["a\\u0020b"]',
      '["a\\u003ab"]',
      '["a\\u00a0b"]',
      '["a\\u3000b"]',
      '["a\\u007fb"]',
      '["a\\u0085b"]',
      '["a\\u009fb"]',
      '["a\\u2028b"]',
      '["a\\u2029b"]',
      '["a\\u202ab"]',
      '["a\\u202eb"]',
      '["a\\u2066b"]',
      '["a\\u2069b"]',
      '["a\\ufeffb"]',
    ]);
    // Tab and newline are escaped by JSON itself; neighbours of the escaped ranges are kept.
    expect(
      ["a\tb", "a\nb", "a\u00a1b", "a\u202fb", "a\u2065b", "a\u206ab", "a~b"].map((s) =>
        formatSegment(s, true),
      ),
    ).to.deep.equal([
      '["a\\tb"]',
      '["a\\nb"]',
      '["a¡b"]',
      '["a\\u202fb"]',
      '["a\u2065b"]',
      '["a\u206ab"]',
      '["a~b"]',
    ]);
  });
});
