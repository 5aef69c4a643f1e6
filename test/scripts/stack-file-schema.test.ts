/**
 * The editor schema of a stack file (schema/stack-file.schema.json): committed up to date,
 * accepted by a real JSON Schema validator (Ajv 8, draft-07, the draft the generator emits) for
 * every stack file of the repository, and refusing the type-level mistakes the loader refuses.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import Ajv, { type ErrorObject } from "ajv";
import * as YAML from "yaml";
import { STACK_CONFIG_KEYS, stackConfigSchema } from "../../stacks/schema";
import { loadStackConfig } from "../../stacks/config";
import { readStackFile, toRuntimeConfig } from "../../scripts/lib/stack-file";
import {
  SCHEMA_PATH,
  allowSecure,
  buildStackFileSchema,
  schemaText,
  type JsonObject,
} from "../../scripts/lib/stack-file-schema";
import { FIXED_NOW } from "../support/configs";

const REPO = path.resolve(__dirname, "..", "..");
const SCHEMA_FILE = path.join(REPO, SCHEMA_PATH);
/** Every stack file of the repository, relative to it. */
const STACK_FILES = [
  "Pulumi.dev.yaml",
  "Pulumi.prod.yaml",
  "examples/multi-cluster/Pulumi.identity.yaml",
  "examples/multi-cluster/Pulumi.cluster-eu.yaml",
];

type StackDoc = { config: Record<string, unknown> } & Record<string, unknown>;
/** A stack file's config, changed freely by the cases below (the point is wrong shapes). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LooseConfig = Record<string, any>;

function readDoc(file: string): StackDoc {
  return YAML.parse(fs.readFileSync(path.join(REPO, file), "utf8")) as StackDoc;
}

const committed = JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")) as JsonObject;
// `doNotSuggest` is an editor keyword (completion only); Ajv's strict mode wants it declared.
const validate = new Ajv({ allErrors: true }).addKeyword("doNotSuggest").compile(committed);

function schemaErrors(doc: unknown): ErrorObject[] {
  return validate(doc) ? [] : (validate.errors ?? []);
}

function loaderProblems(doc: StackDoc): string[] {
  return loadStackConfig(toRuntimeConfig(doc.config).config, { now: FIXED_NOW }).problems;
}

/** Pulumi.dev.yaml with `change` applied to a deep copy of its config. */
function devWith(change: (config: LooseConfig) => void): StackDoc {
  const doc = readDoc("Pulumi.dev.yaml");
  change(doc.config);
  return doc;
}

describe("scripts/lib/stack-file-schema", () => {
  it("the committed schema is the one the stack-config schema generates (npm run schema)", async () => {
    const fresh = await schemaText(buildStackFileSchema(stackConfigSchema, STACK_CONFIG_KEYS), REPO);
    expect(
      fs.readFileSync(SCHEMA_FILE, "utf8") === fresh,
      `${SCHEMA_PATH} is stale: run npm run schema`,
    ).to.equal(true);
  });

  for (const file of STACK_FILES) {
    it(`accepts ${file}, which the loader accepts too`, () => {
      const doc = readDoc(file);
      expect(schemaErrors(doc)).to.deep.equal([]);
      expect(loaderProblems(doc)).to.deep.equal([]);
    });

    it(`${file} names the schema on its first line, by a path that exists`, () => {
      const first = fs.readFileSync(path.join(REPO, file), "utf8").split("\n")[0];
      const match = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
      expect(match, first).to.not.equal(null);
      expect(path.resolve(path.dirname(path.join(REPO, file)), match![1])).to.equal(SCHEMA_FILE);
    });
  }

  it("the stack-file reader reads a file that starts with the modeline", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "argo-sso-modeline-"));
    try {
      fs.writeFileSync(
        path.join(dir, "Pulumi.x.yaml"),
        "# yaml-language-server: $schema=./schema/stack-file.schema.json\nconfig:\n  aws:region: eu-west-1\n",
      );
      expect(readStackFile("x", dir).config).to.deep.equal({ "aws:region": "eu-west-1" });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("accepts the keys Pulumi itself writes and other namespaces' config", () => {
    const doc = devWith((config) => {
      config["kubernetes:context"] = "dev";
      config["aws:profile"] = "sandbox";
      config["aws:config:skipMetadataApiCheck"] = "true";
    });
    doc.secretsprovider = "awskms://alias/pulumi";
    doc.encryptedkey = "AQICAHh...";
    doc.encryptionsalt = "v1:abc";
    expect(schemaErrors(doc)).to.deep.equal([]);
  });

  it("accepts a secure value wherever Pulumi reads one: a whole key, a nested value, a list item", () => {
    const secure = { secure: "v1:c2VjcmV0:Y2lwaGVydGV4dA==" };
    const doc = devWith((config) => {
      config["argo-sso:clientSecret"] = secure;
      config["argo-sso:cluster"] = { kubeconfig: secure };
      config["argo-sso:accounts"].sandbox = secure;
      config["argo-sso:groups"]["platform-admins"].members[0] = secure;
      config["argo-sso:argocd"].timeoutSeconds = secure;
    });
    expect(schemaErrors(doc)).to.deep.equal([]);
  });

  it("refuses a map that only looks like a secure value", () => {
    const doc = devWith((config) => {
      config["argo-sso:argocd"].timeoutSeconds = { secure: "v1:abc", other: 1 };
    });
    expect(schemaErrors(doc).map((e) => e.instancePath)).to.include("/config/argo-sso:argocd/timeoutSeconds");
  });

  it("wraps every value position but not the alternatives of one", () => {
    const wrapped = allowSecure({
      description: "d",
      anyOf: [{ type: "boolean" }, { type: "object", properties: { a: { type: "string" } } }],
    });
    expect(wrapped).to.deep.equal({
      description: "d",
      anyOf: [
        {
          anyOf: [
            { type: "boolean" },
            {
              type: "object",
              properties: { a: { anyOf: [{ type: "string" }, { $ref: "#/definitions/secure" }] } },
            },
          ],
        },
        { $ref: "#/definitions/secure" },
      ],
    });
  });

  it("refuses a stack file without config, and unknown top-level keys", () => {
    expect(schemaErrors({ environment: ["argo-sso/dev"] }).map((e) => e.params)).to.deep.include({
      missingProperty: "config",
    });
    const doc = devWith(() => {});
    doc.secretProvider = "passphrase";
    expect(schemaErrors(doc).map((e) => e.params)).to.deep.include({ additionalProperty: "secretProvider" });
  });

  describe("refuses the type-level mistakes the loader refuses", () => {
    // [what, change to Pulumi.dev.yaml's config, JSON pointer of a schema error, key of a loader problem]
    const cases: [string, (config: LooseConfig) => void, string, string][] = [
      ["an unknown argo-sso key", (c) => (c["argo-sso:grups"] = {}), "/config", "argo-sso:grups"],
      ["aws:region missing", (c) => delete c["aws:region"], "/config", "aws:region"],
      ["a region that is not one", (c) => (c["aws:region"] = "Ireland"), "/config/aws:region", "aws:region"],
      [
        "an account ID written as a YAML number",
        (c) => (c["argo-sso:accounts"].sandbox = 111111111111),
        "/config/argo-sso:accounts/sandbox",
        "argo-sso:accounts.sandbox",
      ],
      [
        "an account ID of 5 digits",
        (c) => (c["argo-sso:accounts"].sandbox = "12345"),
        "/config/argo-sso:accounts/sandbox",
        "argo-sso:accounts.sandbox",
      ],
      [
        "a misspelt group key",
        (c) => (c["argo-sso:groups"]["platform-admins"].workflow = "admin"),
        "/config/argo-sso:groups/platform-admins",
        "argo-sso:groups.platform-admins.workflow",
      ],
      [
        "a Workflows level that does not exist",
        (c) => (c["argo-sso:groups"]["platform-admins"].workflows = "owner"),
        "/config/argo-sso:groups/platform-admins/workflows",
        "argo-sso:groups.platform-admins.workflows",
      ],
      [
        "a grant's accounts as a map",
        (c) => (c["argo-sso:groups"]["platform-admins"].aws[0].accounts = { sandbox: true }),
        "/config/argo-sso:groups/platform-admins/aws/0/accounts",
        "argo-sso:groups.platform-admins.aws[0].accounts",
      ],
      [
        "the SAML application without its ARN",
        (c) => delete c["argo-sso:identityCenter"].samlApplication.arn,
        "/config/argo-sso:identityCenter/samlApplication",
        "argo-sso:identityCenter.samlApplication.arn",
      ],
      [
        "Argo CD without a URL",
        (c) => delete c["argo-sso:argocd"].url,
        "/config/argo-sso:argocd",
        "argo-sso:argocd.url",
      ],
      [
        "a timeout as text",
        (c) => (c["argo-sso:argocd"].timeoutSeconds = "600"),
        "/config/argo-sso:argocd/timeoutSeconds",
        "argo-sso:argocd.timeoutSeconds",
      ],
      [
        "a negative timeout",
        (c) => (c["argo-sso:workflows"].timeoutSeconds = -1),
        "/config/argo-sso:workflows/timeoutSeconds",
        "argo-sso:workflows.timeoutSeconds",
      ],
      [
        "an ingress mode that does not exist",
        (c) => (c["argo-sso:argocd"].ingress = { mode: "traefik", tls: { secretName: "argocd-tls" } }),
        "/config/argo-sso:argocd/ingress/mode",
        "argo-sso:argocd.ingress.mode",
      ],
      [
        "protect that is not a boolean",
        (c) => (c["argo-sso:protect"] = "maybe"),
        "/config/argo-sso:protect",
        "argo-sso:protect",
      ],
      [
        "a stack reference without its stack",
        (c) => (c["argo-sso:cluster"] = { stackReference: { output: "kubeconfig" } }),
        "/config/argo-sso:cluster/stackReference",
        "argo-sso:cluster.stackReference.stack",
      ],
      [
        "an auth mode that does not exist",
        (c) => (c["argo-sso:workflows"].authModes = ["sso", "server"]),
        "/config/argo-sso:workflows/authModes/1",
        "argo-sso:workflows.authModes[1]",
      ],
      [
        "a client-secret rotation that is a map",
        (c) => (c["argo-sso:clientSecret"] = { rotation: { at: "2026-01" } }),
        "/config/argo-sso:clientSecret/rotation",
        "argo-sso:clientSecret.rotation",
      ],
      [
        "a client-secret rotation that is a boolean",
        (c) => (c["argo-sso:clientSecret"] = { rotation: true }),
        "/config/argo-sso:clientSecret/rotation",
        "argo-sso:clientSecret.rotation",
      ],
      [
        "an empty client-secret rotation",
        (c) => (c["argo-sso:clientSecret"] = { rotation: "" }),
        "/config/argo-sso:clientSecret/rotation",
        "argo-sso:clientSecret.rotation",
      ],
      [
        "a client-secret rotation of 257 characters",
        (c) => (c["argo-sso:clientSecret"] = { rotation: "r".repeat(257) }),
        "/config/argo-sso:clientSecret/rotation",
        "argo-sso:clientSecret.rotation",
      ],
    ];

    // rotation takes text or a number (YAML reads `rotation: 2` as one): both accept either.
    for (const rotation of [2, "2", "2026-01 leak", "r".repeat(256)]) {
      it(`a client-secret rotation of ${JSON.stringify(rotation).slice(0, 12)}: the schema and the loader accept it`, () => {
        const doc = devWith((c) => (c["argo-sso:clientSecret"] = { rotation }));
        expect(schemaErrors(doc), "schema errors").to.deep.equal([]);
        expect(loaderProblems(doc), "loader problems").to.deep.equal([]);
      });
    }

    for (const [what, change, pointer, key] of cases) {
      it(`${what}: the schema at ${pointer}, the loader at ${key}`, () => {
        const doc = devWith(change);
        const pointers = schemaErrors(doc).map((e) => e.instancePath);
        expect(pointers, "schema errors").to.include(pointer);
        const keys = loaderProblems(doc).map((line) => line.slice(0, line.indexOf(": ")));
        expect(keys, "loader problems").to.include(key);
      });
    }
  });
});
