import { expect } from "chai";
import * as fc from "fast-check";
import { propertyRuns } from "../support/property";
import {
  childName,
  customerPolicyKeys,
  decodeNamePart,
  encodeNamePart,
  kebabCase,
  managedPolicyKeys,
} from "../../components/naming";

/** Characters AWS allows in permission-set names, plus the ones that could break a naive scheme. */
const KEY_CHARS = "aZ09_+=,.@-/:% ".split("");
const key = fc.string({ unit: fc.constantFrom(...KEY_CHARS), minLength: 1, maxLength: 8 });

describe("components/naming", () => {
  describe("encodeNamePart", () => {
    it("keeps ordinary keys readable", () => {
      expect(encodeNamePart("alice+ops@example.com")).to.equal("alice+ops@example.com");
      expect(encodeNamePart("Admin.Role=x,y_z-1")).to.equal("Admin.Role=x,y_z-1");
    });

    it("escapes the separator, the escape character and colons", () => {
      expect(encodeNamePart("a/b:c%d")).to.equal("a%2Fb%3Ac%25d");
    });

    it("never emits a slash or a colon and decodes back to the key", () => {
      fc.assert(
        fc.property(key, (k) => {
          const encoded = encodeNamePart(k);
          expect(encoded).to.not.match(/[/:]/);
          expect(decodeNamePart(encoded)).to.equal(k);
        }),
        propertyRuns(1000),
      );
    });
  });

  describe("childName", () => {
    it("joins the parent, the role and each key", () => {
      expect(childName("sso-permission-set/Admin", "assignment", "platform-admins", "111111111111")).to.equal(
        "sso-permission-set/Admin-assignment/platform-admins/111111111111",
      );
    });

    it("names a singleton child by role alone", () => {
      expect(childName("sso", "directory")).to.equal("sso-directory");
    });

    it("rejects a role that is not a kebab-case word", () => {
      expect(() => childName("sso", "a/b")).to.throw(/kebab-case word, got "a\/b"/);
    });

    it("gives distinct names to distinct (group, permission set, account) triples", () => {
      const triple = fc.tuple(key, key, fc.constantFrom("111111111111", "222222222222"));
      fc.assert(
        fc.property(triple, triple, ([g1, p1, a1], [g2, p2, a2]) => {
          const n1 = childName(childName("sso", "permission-set", p1), "assignment", g1, a1);
          const n2 = childName(childName("sso", "permission-set", p2), "assignment", g2, a2);
          expect(n1 === n2).to.equal(g1 === g2 && p1 === p2 && a1 === a2);
        }),
        propertyRuns(2000),
      );
    });

    it("keeps the names that would collide under a '-' separator apart", () => {
      const a = childName(childName("sso", "permission-set", "a-b"), "assignment", "c", "111111111111");
      const b = childName(childName("sso", "permission-set", "a"), "assignment", "b-c", "111111111111");
      expect(a).to.not.equal(b);
    });
  });

  describe("managedPolicyKeys", () => {
    it("splits an AWS-managed policy ARN into owner, path and name", () => {
      expect(managedPolicyKeys("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess")).to.deep.equal([
        "aws",
        "job-function",
        "ViewOnlyAccess",
      ]);
    });

    it("keeps the owning account of a customer policy ARN", () => {
      expect(managedPolicyKeys("arn:aws:iam::123456789012:policy/deny")).to.deep.equal([
        "123456789012",
        "deny",
      ]);
    });

    it("keeps an unrecognised ARN whole", () => {
      expect(managedPolicyKeys("not-an-arn")).to.deep.equal(["not-an-arn"]);
      // Anchored at both ends: text around an ARN-like part is not an ARN.
      expect(managedPolicyKeys("x-arn:aws:iam::aws:policy/A")).to.deep.equal(["x-arn:aws:iam::aws:policy/A"]);
      expect(managedPolicyKeys("arn:aws:iam::aws:policy/A\nB")).to.deep.equal([
        "arn:aws:iam::aws:policy/A\nB",
      ]);
    });
  });

  describe("customerPolicyKeys", () => {
    it("uses the path segments and the name", () => {
      expect(customerPolicyKeys({ name: "deny-billing", path: "/team/" })).to.deep.equal([
        "team",
        "deny-billing",
      ]);
    });

    it("treats a missing path as the root path", () => {
      expect(customerPolicyKeys({ name: "deny-billing" })).to.deep.equal(["deny-billing"]);
    });

    it("treats the root path as no segment", () => {
      expect(customerPolicyKeys({ name: "deny-billing", path: "/" })).to.deep.equal(["deny-billing"]);
    });
  });

  describe("kebabCase", () => {
    it("splits camel case, acronyms and punctuation", () => {
      expect(kebabCase("PowerUserAccess")).to.equal("power-user-access");
      expect(kebabCase("EKSAdmin")).to.equal("eks-admin");
      expect(kebabCase("My Sandbox_1")).to.equal("my-sandbox-1");
      expect(kebabCase("My  Sandbox")).to.equal("my-sandbox");
    });

    it("returns an empty string when nothing alphanumeric is left", () => {
      expect(kebabCase("+=,")).to.equal("");
    });
  });
});
