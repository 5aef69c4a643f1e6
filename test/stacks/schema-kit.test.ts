import { expect } from "chai";
import {
  closest,
  describe as describeValue,
  editDistance,
  formatKey,
  sortedUnique,
} from "../../stacks/schema-kit";

describe("schema-kit: keys, suggestions and lines", () => {
  describe("formatKey", () => {
    it("joins plain words with dots and indexes with brackets", () => {
      expect(formatKey("argo-sso", ["groups", "developers", "aws", 0, "permissionSet"])).to.equal(
        "argo-sso:groups.developers.aws[0].permissionSet",
      );
    });

    it("quotes a segment with dots", () => {
      expect(formatKey("argo-sso", ["users", "alice@example.com"])).to.equal(
        'argo-sso:users["alice@example.com"]',
      );
    });

    it("escapes whitespace and colons so the key never contains them", () => {
      expect(formatKey("argo-sso", ["groups", "a b:c\n"])).to.equal(
        'argo-sso:groups["a\\u0020b\\u003ac\\n"]',
      );
    });
  });

  describe("editDistance", () => {
    it("counts insertions, deletions and substitutions", () => {
      expect([
        editDistance("groups", "grups"),
        editDistance("kitten", "sitting"),
        editDistance("", "abc"),
      ]).to.deep.equal([1, 3, 3]);
    });
  });

  describe("closest", () => {
    it("finds a typo within a third of the word's length", () => {
      expect(closest("permisionSets", ["groups", "permissionSets"])).to.equal("permissionSets");
    });

    it("matches ignoring case", () => {
      expect(closest("readonlyaccess", ["ReadOnlyAccess", "ViewOnlyAccess"])).to.equal("ReadOnlyAccess");
    });

    it("offers the only candidate that starts with the word", () => {
      expect(closest("Admin", ["AdministratorAccess", "PowerUserAccess"])).to.equal("AdministratorAccess");
    });

    it("offers nothing for a word far from every candidate", () => {
      expect(closest("zzz", ["groups", "users"])).to.equal(undefined);
    });
  });

  describe("describe", () => {
    it("quotes text, names lists and maps, and shortens long text", () => {
      expect([
        describeValue("x"),
        describeValue([1]),
        describeValue({}),
        describeValue(null),
        describeValue("a".repeat(80)),
      ]).to.deep.equal(['"x"', "a list", "a map", "null", `"${"a".repeat(57)}..."`]);
    });
  });

  describe("sortedUnique", () => {
    it("sorts problem lines and drops duplicates", () => {
      expect(sortedUnique(["argo-sso:b: two", "argo-sso:a: one", "argo-sso:b: two"])).to.deep.equal([
        "argo-sso:a: one",
        "argo-sso:b: two",
      ]);
    });
  });
});
