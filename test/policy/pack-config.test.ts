import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Policies } from "@pulumi/policy";
import { policies } from "../../policy/policies";
import { resolvePolicy, validatePackConfig } from "../../policy/pack-config";

const POLICY_DIR = path.resolve(__dirname, "..", "..", "policy");

function packConfig(stack: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(POLICY_DIR, `config.${stack}.json`), "utf8"));
}

const PROD_ONLY = ["dex-log-level-not-debug", "protected-resources"];

describe("policy/pack-config", () => {
  describe("the stack config files", () => {
    for (const stack of ["dev", "prod"]) {
      it(`config.${stack}.json names only real policies and valid properties`, () => {
        expect(validatePackConfig(packConfig(stack))).to.deep.equal([]);
      });
    }

    it("makes every policy mandatory in prod", () => {
      const levels = policies.map((p) => resolvePolicy(p.name, packConfig("prod")).enforcementLevel);
      expect(new Set(levels)).to.deep.equal(new Set(["mandatory"]));
    });

    it("makes every policy advisory in dev, except the prod-only ones, which are disabled", () => {
      for (const p of policies) {
        const expected = PROD_ONLY.includes(p.name) ? "disabled" : "advisory";
        expect(resolvePolicy(p.name, packConfig("dev")).enforcementLevel, p.name).to.equal(expected);
      }
    });

    it("limits prod sessions to 8 hours and allows AdministratorAccess only on Admin and TerraformApply", () => {
      expect(resolvePolicy("session-duration-limit", packConfig("prod")).config).to.deep.equal({
        maxSessionHours: 8,
      });
      expect(resolvePolicy("administrator-access-allow-list", packConfig("prod")).config).to.deep.equal({
        allowedPermissionSets: ["Admin", "TerraformApply"],
      });
    });
  });

  describe("resolvePolicy", () => {
    it("uses the pack's mandatory level when there is no config", () => {
      expect(resolvePolicy("https-urls-only", {}).enforcementLevel).to.equal("mandatory");
    });

    it("lets a policy's own entry win over all", () => {
      const config = {
        all: "advisory",
        "https-urls-only": "disabled",
        "session-duration-limit": { enforcementLevel: "mandatory" },
      };
      expect(resolvePolicy("https-urls-only", config).enforcementLevel).to.equal("disabled");
      expect(resolvePolicy("session-duration-limit", config).enforcementLevel).to.equal("mandatory");
      expect(resolvePolicy("chart-versions-pinned", config).enforcementLevel).to.equal("advisory");
    });

    it("fills schema defaults and keeps given properties", () => {
      expect(resolvePolicy("session-duration-limit", {}).config).to.deep.equal({ maxSessionHours: 12 });
      expect(
        resolvePolicy("protected-resources", { "protected-resources": { resourceTypes: ["x"] } }).config,
      ).to.deep.equal({
        resourceTypes: ["x"],
      });
    });

    it("rejects an unknown policy name", () => {
      expect(() => resolvePolicy("nope", {})).to.throw(/no policy named "nope"/);
    });
  });

  describe("validatePackConfig", () => {
    it("reports every problem with its key", () => {
      const problems = validatePackConfig({
        all: "strict",
        "https-url-only": "advisory",
        "session-duration-limit": { maxSessionHours: 13, enforcementLevel: "warn" },
        "administrator-access-allow-list": { allowedPermissionSets: "Admin", extra: true },
        "chart-versions-pinned": 3,
      });
      expect(problems).to.have.length(7);
      expect(problems[0]).to.equal("all: must be one of advisory, mandatory, remediate, disabled");
      expect(problems[1]).to.match(
        /^https-url-only: unknown policy; known: saml-signature-validation, https-urls-only/,
      );
      expect(problems[2]).to.equal("session-duration-limit.maxSessionHours: must be at most 12, got 13");
      expect(problems[3]).to.match(/^session-duration-limit\.enforcementLevel: must be one of/);
      expect(problems[4]).to.equal(
        'administrator-access-allow-list.allowedPermissionSets: must be a list, got "Admin"',
      );
      expect(problems[5]).to.equal(
        "administrator-access-allow-list.extra: unknown property; known: allowedPermissionSets",
      );
    });

    it("rejects a file that is not an object", () => {
      expect(validatePackConfig([])).to.deep.equal(["the pack config must be a JSON object"]);
    });
  });

  describe("with a pack of its own", () => {
    const check = () => undefined;
    const pack: Policies = [
      {
        name: "typed",
        description: "one property of each schema type the checker knows",
        enforcementLevel: "advisory",
        configSchema: {
          properties: {
            count: { type: "integer", minimum: 2, maximum: 4 },
            ratio: { type: "number", minimum: 0.5 },
            label: { type: "string", default: "x" },
            names: { type: "array", items: { type: "string" } },
            anything: { type: "array" },
            counts: { type: "array", items: { type: "integer" } },
            free: { type: "object" },
          },
        },
        validateResource: check,
      },
      { name: "plain", description: "no config schema", validateResource: check },
    ];

    it("takes a policy's own default level before the pack's, after all", () => {
      expect(resolvePolicy("typed", {}, pack).enforcementLevel).to.equal("advisory");
      expect(resolvePolicy("plain", {}, pack).enforcementLevel).to.equal("mandatory");
      expect(resolvePolicy("typed", { all: "remediate" }, pack).enforcementLevel).to.equal("remediate");
      expect(resolvePolicy("typed", { all: "loud" }, pack).enforcementLevel).to.equal("advisory");
      expect(resolvePolicy("typed", { typed: { enforcementLevel: "loud" } }, pack).enforcementLevel).to.equal(
        "advisory",
      );
      expect(resolvePolicy("typed", { all: "disabled", typed: "loud" }, pack).enforcementLevel).to.equal(
        "disabled",
      );
    });

    it("hands the policy its properties without enforcementLevel, defaults filled", () => {
      expect(
        resolvePolicy("typed", { typed: { enforcementLevel: "mandatory", count: 3 } }, pack),
      ).to.deep.equal({
        enforcementLevel: "mandatory",
        config: { label: "x", count: 3 },
      });
      expect(resolvePolicy("plain", { plain: "disabled" }, pack).config).to.deep.equal({});
    });

    it("checks each property against its schema type and bounds", () => {
      expect(
        validatePackConfig(
          {
            typed: {
              count: 2.5,
              ratio: "1",
              label: 7,
              names: ["a", 1],
              anything: "x",
            },
          },
          pack,
        ),
      ).to.deep.equal([
        "typed.count: must be an integer, got 2.5",
        'typed.ratio: must be a number, got "1"',
        "typed.label: must be a string, got 7",
        "typed.names: must be a list of strings",
        'typed.anything: must be a list, got "x"',
      ]);
      expect(validatePackConfig({ typed: { count: 1, ratio: 0.4 } }, pack)).to.deep.equal([
        "typed.count: must be at least 2, got 1",
        "typed.ratio: must be at least 0.5, got 0.4",
      ]);
      expect(validatePackConfig({ typed: { count: 5 } }, pack)).to.deep.equal([
        "typed.count: must be at most 4, got 5",
      ]);
    });

    it("accepts values at the bounds, any list where items are not typed, and any value of a type it does not check", () => {
      expect(
        validatePackConfig(
          {
            all: "remediate",
            typed: { count: 4, ratio: 0.5, label: "", names: [], anything: [1, "a"], counts: [1], free: 3 },
            plain: "advisory",
          },
          pack,
        ),
      ).to.deep.equal([]);
      expect(validatePackConfig({ typed: { count: 2 } }, pack)).to.deep.equal([]);
    });

    it("names a policy without properties as having none, and refuses entries that are neither a level nor an object", () => {
      expect(validatePackConfig({ plain: { x: 1 }, typed: ["advisory"] }, pack)).to.deep.equal([
        "plain.x: unknown property; known: none",
        "typed: must be an enforcement level or an object",
      ]);
      expect(validatePackConfig({ typed: { extra: 1, enforcementLevel: "loud" } }, pack)).to.deep.equal([
        "typed.extra: unknown property; known: count, ratio, label, names, anything, counts, free",
        "typed.enforcementLevel: must be one of advisory, mandatory, remediate, disabled",
      ]);
      expect(validatePackConfig({ all: "loud" }, pack)).to.deep.equal([
        "all: must be one of advisory, mandatory, remediate, disabled",
      ]);
      expect(validatePackConfig("advisory", pack)).to.deep.equal(["the pack config must be a JSON object"]);
      expect(validatePackConfig({ nope: "advisory" }, pack)).to.deep.equal([
        "nope: unknown policy; known: typed, plain",
      ]);
    });
  });
});
