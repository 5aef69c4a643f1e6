import { expect } from "chai";
import { formatIsoDuration, parseIsoDuration } from "../../stacks/schema-permission-sets";
import { devRuntimeConfig, load, problemsOf, withPath } from "../support/configs";

const PS = "argo-sso:permissionSets";
const setDeveloper = (key: string, value: unknown) =>
  withPath(devRuntimeConfig(), PS, ["Developer", key], value);

describe("permission-set policies", () => {
  describe("parseIsoDuration", () => {
    it("reads hours, minutes, seconds and days", () => {
      expect([
        parseIsoDuration("PT8H"),
        parseIsoDuration("PT1H30M"),
        parseIsoDuration("PT90S"),
        parseIsoDuration("P1D"),
      ]).to.deep.equal([28800, 5400, 90, 86400]);
    });

    it("rejects text that is not a duration", () => {
      expect([
        parseIsoDuration("8h"),
        parseIsoDuration("PT"),
        parseIsoDuration("P"),
        parseIsoDuration("PT1.5H"),
      ]).to.deep.equal([undefined, undefined, undefined, undefined]);
    });
  });

  describe("formatIsoDuration", () => {
    it("writes hours and minutes, leaving out zero parts", () => {
      expect([formatIsoDuration(5400), formatIsoDuration(3600), formatIsoDuration(3661)]).to.deep.equal([
        "PT1H30M",
        "PT1H",
        "PT1H1M1S",
      ]);
    });
  });

  describe("sessionDuration", () => {
    for (const [given, stored] of [
      ["PT8H", "PT8H"],
      ["PT90M", "PT1H30M"],
      ["PT1H30M", "PT1H30M"],
      ["PT12H", "PT12H"],
    ]) {
      it(`accepts ${given} and stores ${stored}`, () => {
        expect(
          load(setDeveloper("sessionDuration", given)).config!.permissionSets.Developer.sessionDuration,
        ).to.equal(stored);
      });
    }

    for (const given of ["P1D", "PT13H", "PT30M"]) {
      it(`rejects ${given} as out of range`, () => {
        expect(problemsOf(setDeveloper("sessionDuration", given))).to.deep.equal([
          `argo-sso:permissionSets.Developer.sessionDuration: must be between PT1H and PT12H, got ${given}`,
        ]);
      });
    }

    it("rejects a Go-style duration with an example of the right form", () => {
      expect(problemsOf(setDeveloper("sessionDuration", "8h"))).to.deep.equal([
        'argo-sso:permissionSets.Developer.sessionDuration: must be an ISO-8601 duration between PT1H and PT12H such as PT8H or PT1H30M, got "8h"',
      ]);
    });

    it("defaults to PT1H", () => {
      const config = withPath(devRuntimeConfig(), PS, ["Developer", "sessionDuration"], undefined);
      expect(load(config).config!.permissionSets.Developer.sessionDuration).to.equal("PT1H");
    });
  });

  describe("description", () => {
    it("rejects characters outside Latin-1", () => {
      expect(problemsOf(setDeveloper("description", "Deploy → prod"))).to.deep.equal([
        'argo-sso:permissionSets.Developer.description: must use Latin-1 characters only (AWS rejects others), found "→"',
      ]);
    });

    it("accepts Latin-1 accents", () => {
      expect(problemsOf(setDeveloper("description", "Équipe développement"))).to.deep.equal([]);
    });

    it("rejects more than 700 characters", () => {
      expect(problemsOf(setDeveloper("description", "x".repeat(701)))).to.deep.equal([
        "argo-sso:permissionSets.Developer.description: must be at most 700 characters, got 701",
      ]);
    });
  });

  describe("relayState", () => {
    it("rejects more than 240 characters", () => {
      expect(problemsOf(setDeveloper("relayState", `https://example.com/${"a".repeat(230)}`))).to.deep.equal([
        "argo-sso:permissionSets.Developer.relayState: must be at most 240 characters, got 250",
      ]);
    });
  });

  describe("inlinePolicy", () => {
    const statement = { Effect: "Allow", Action: "s3:ListBucket", Resource: "*" };

    it("stores a map as compact JSON in the order given", () => {
      const config = setDeveloper("inlinePolicy", { Version: "2012-10-17", Statement: [statement] });
      expect(load(config).config!.permissionSets.Developer.inlinePolicy).to.equal(
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}',
      );
    });

    it("accepts JSON text", () => {
      const config = setDeveloper(
        "inlinePolicy",
        JSON.stringify({ Version: "2012-10-17", Statement: statement }, null, 2),
      );
      expect(load(config).config!.permissionSets.Developer.inlinePolicy).to.equal(
        '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}}',
      );
    });

    it("reports JSON text that does not parse", () => {
      const [problem] = problemsOf(setDeveloper("inlinePolicy", '{"Version": "2012-10-17",'));
      expect(problem).to.match(
        /^argo-sso:permissionSets\.Developer\.inlinePolicy: must be a JSON policy document: /,
      );
    });

    it("requires a Statement", () => {
      expect(problemsOf(setDeveloper("inlinePolicy", { Version: "2012-10-17" }))).to.deep.equal([
        "argo-sso:permissionSets.Developer.inlinePolicy: must have a Statement (a statement or a non-empty list of them)",
      ]);
    });

    it("rejects a policy over 10,240 bytes without whitespace", () => {
      const big = { Version: "2012-10-17", Statement: [{ ...statement, Resource: "a".repeat(10_300) }] };
      const [problem] = problemsOf(setDeveloper("inlinePolicy", big));
      expect(problem).to.match(
        /^argo-sso:permissionSets\.Developer\.inlinePolicy: must be at most 10240 bytes without whitespace, got \d+$/,
      );
    });

    it("rejects a policy over 32,768 bytes", () => {
      const big = { Version: "2012-10-17", Statement: [{ ...statement, Sid: " ".repeat(33_000) }] };
      const [problem] = problemsOf(setDeveloper("inlinePolicy", big));
      expect(problem).to.match(
        /^argo-sso:permissionSets\.Developer\.inlinePolicy: must be at most 32768 bytes as JSON, got \d+$/,
      );
    });
  });

  describe("managedPolicies", () => {
    it("rejects text that is not a policy ARN", () => {
      expect(problemsOf(setDeveloper("managedPolicies", ["PowerUserAccess"]))).to.deep.equal([
        'argo-sso:permissionSets.Developer.managedPolicies[0]: must be a policy ARN like arn:aws:iam::aws:policy/ReadOnlyAccess, got "PowerUserAccess"',
      ]);
    });

    it("sends a customer-managed ARN to customerManagedPolicies with its name and path", () => {
      expect(
        problemsOf(setDeveloper("managedPolicies", ["arn:aws:iam::123456789012:policy/team/deny-iam"])),
      ).to.deep.equal([
        "argo-sso:permissionSets.Developer.managedPolicies[0]: is a customer-managed policy ARN; use { name: deny-iam, path: /team/ } under customerManagedPolicies (or customerManagedPolicy for a boundary)",
      ]);
    });

    it("accepts ARNs of other partitions", () => {
      expect(
        problemsOf(setDeveloper("managedPolicies", ["arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess"])),
      ).to.deep.equal([]);
    });

    it("reports a duplicate ARN", () => {
      const arn = "arn:aws:iam::aws:policy/PowerUserAccess";
      expect(problemsOf(setDeveloper("managedPolicies", [arn, arn]))).to.deep.equal([
        `argo-sso:permissionSets.Developer.managedPolicies[1]: duplicate of [0] (${arn})`,
      ]);
    });
  });

  describe("customerManagedPolicies", () => {
    it("defaults the path to /", () => {
      const config = setDeveloper("customerManagedPolicies", [{ name: "extras" }]);
      expect(load(config).config!.permissionSets.Developer.customerManagedPolicies).to.deep.equal([
        { name: "extras", path: "/" },
      ]);
    });

    it("rejects a path that does not start and end with a slash", () => {
      expect(
        problemsOf(setDeveloper("customerManagedPolicies", [{ name: "extras", path: "team" }])),
      ).to.deep.equal([
        'argo-sso:permissionSets.Developer.customerManagedPolicies[0].path: must be an IAM path that starts and ends with "/", got "team"',
      ]);
    });

    it("reports an unknown key in a reference", () => {
      expect(
        problemsOf(setDeveloper("customerManagedPolicies", [{ name: "extras", arn: "x" }])),
      ).to.deep.equal([
        "argo-sso:permissionSets.Developer.customerManagedPolicies[0].arn: unknown key; allowed: name, path",
      ]);
    });
  });

  describe("permissionsBoundary", () => {
    it("requires exactly one of managedPolicyArn and customerManagedPolicy", () => {
      const both = {
        managedPolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess",
        customerManagedPolicy: { name: "boundary" },
      };
      expect(problemsOf(setDeveloper("permissionsBoundary", both))).to.deep.equal([
        "argo-sso:permissionSets.Developer.permissionsBoundary: must set exactly one of managedPolicyArn or customerManagedPolicy",
      ]);
    });

    it("rejects an empty boundary", () => {
      expect(problemsOf(setDeveloper("permissionsBoundary", {}))).to.deep.equal([
        "argo-sso:permissionSets.Developer.permissionsBoundary: must set exactly one of managedPolicyArn or customerManagedPolicy",
      ]);
    });

    it("accepts an AWS-managed policy ARN", () => {
      const config = setDeveloper("permissionsBoundary", {
        managedPolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess",
      });
      expect(load(config).config!.permissionSets.Developer.permissionsBoundary).to.deep.equal({
        managedPolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess",
      });
    });
  });
});
