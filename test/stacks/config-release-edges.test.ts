/**
 * Edges of the release checks (stacks/schema-argo.ts) and of the mapped config (stacks/schema.ts)
 * that the mutation run of issue 15 found untested: the values size limit at exactly 1 MiB, which
 * checks run after another has failed, `unsafeValues` with entries that are not text, Go durations
 * with a fraction, and the mapped users, groups and permission sets. Expected lines and mapped
 * values are written out.
 */
import { expect } from "chai";
import { goDurationSeconds } from "../../stacks/schema-argo";
import { devRuntimeConfig, load, problemsOf, withPath } from "../support/configs";

const CD = "argo-sso:argocd";
const WF = "argo-sso:workflows";
const cd = (at: (string | number)[], value: unknown) => withPath(devRuntimeConfig(), CD, at, value);
const wf = (at: (string | number)[], value: unknown) => withPath(devRuntimeConfig(), WF, at, value);
const MANAGED_DEX = "argo-sso:argocd.values.dex.enabled: managed by argo-sso; remove it";
const HOSTNAME = { server: { ingress: { hostname: "cd.example.com" } } };
const SIZE_LINE =
  "argo-sso:argocd.values: is 1048577 bytes of JSON; Helm stores a release (chart, values and manifest) in one Secret, which Kubernetes caps at 1 MiB (1048576 bytes): move large data to ConfigMaps or files of its own";
const HOSTNAME_LINE =
  'argo-sso:argocd.values.server.ingress.hostname: "cd.example.com" contradicts argo-sso:argocd.url, which sets it to "argocd.dev.example.com"; remove it';

describe("release and mapping edges (issue 15)", () => {
  describe("the size of argo-sso:argocd.values", () => {
    // {"x":"aaa…"} is the string's length + 8 bytes of JSON.
    const sized = (bytes: number) => ({ x: "a".repeat(bytes - 8) });

    it("accepts exactly 1 MiB (1048576 bytes) of JSON", () => {
      expect(problemsOf(cd(["values"], sized(1048576)))).to.deep.equal([]);
    });

    it("refuses one byte more, and reports nothing else about those values", () => {
      // {"x":"aaa…","dex":{"enabled":false}} is the string's length + 32 bytes; dex.enabled is managed.
      const values = { x: "a".repeat(1048577 - 32), dex: { enabled: false } };
      expect(problemsOf(cd(["values"], values))).to.deep.equal([SIZE_LINE]);
    });

    it("skips the ingress contradictions of values over 1 MiB", () => {
      // {"x":"aaa…","server":{"ingress":{"hostname":"cd.example.com"}}} is the string's length + 59 bytes.
      const values = { x: "a".repeat(1048577 - 59), ...HOSTNAME };
      expect(problemsOf(cd(["values"], values))).to.deep.equal([SIZE_LINE]);
    });
  });

  describe("checks after a values problem", () => {
    it("skips unsafeValues after a managed key", () => {
      const config = withPath(
        cd(["values"], { dex: { enabled: false } }),
        CD,
        ["unsafeValues"],
        ["extraObjects"],
      );
      expect(problemsOf(config)).to.deep.equal([MANAGED_DEX]);
    });

    it("skips unsafeValues after an unacknowledged bypass key", () => {
      const config = withPath(cd(["values"], { extraObjects: [] }), CD, ["unsafeValues"], ["server.env"]);
      expect(problemsOf(config)).to.deep.equal([
        "argo-sso:argocd.values.extraObjects: can bypass argo-sso's SSO set-up (adds objects beside the chart's); remove it, or acknowledge it by listing extraObjects in argo-sso:argocd.unsafeValues (the prod policy pack still denies it)",
      ]);
    });

    it("skips the ingress contradictions after a managed key", () => {
      expect(problemsOf(cd(["values"], { dex: { enabled: false }, ...HOSTNAME }))).to.deep.equal([
        MANAGED_DEX,
      ]);
    });

    it("still checks the ingress contradictions when an unsafeValues entry is not text", () => {
      const config = withPath(cd(["values"], HOSTNAME), CD, ["unsafeValues"], [1]);
      expect(problemsOf(config)).to.deep.equal([
        "argo-sso:argocd.unsafeValues[0]: must be text, got 1",
        HOSTNAME_LINE,
      ]);
    });

    it("reports only the type of values that are not a map, not the unsafeValues beside them", () => {
      const line = 'argo-sso:argocd.values: must be a map of chart values, got "text"';
      expect(problemsOf(cd(["values"], "text"))).to.deep.equal([line]);
      expect(
        problemsOf(withPath(cd(["values"], "text"), CD, ["unsafeValues"], ["extraObjects"])),
      ).to.deep.equal([line]);
    });
  });

  describe("argo-sso:argocd.unsafeValues", () => {
    it("reports only the type of an entry that is not text, not the text entries beside it", () => {
      expect(problemsOf(cd(["unsafeValues"], [1, "bogus"]))).to.deep.equal([
        "argo-sso:argocd.unsafeValues[0]: must be text, got 1",
      ]);
    });

    it("reports only the type of a value that is not a list", () => {
      expect(problemsOf(cd(["unsafeValues"], "text"))).to.deep.equal([
        'argo-sso:argocd.unsafeValues: must be a list of value paths such as "server.extraArgs", got "text"',
      ]);
      expect(problemsOf(cd(["unsafeValues"], null))).to.deep.equal([
        'argo-sso:argocd.unsafeValues: must be a list of value paths such as "server.extraArgs", got null',
      ]);
    });

    it("names the bypass keys values sets when an entry names another", () => {
      const values = { extraObjects: [], server: { env: [] } };
      const config = withPath(
        cd(["values"], values),
        CD,
        ["unsafeValues"],
        ["extraObjects", "server.env", "dex.env"],
      );
      expect(problemsOf(config)).to.deep.equal([
        'argo-sso:argocd.unsafeValues[2]: "dex.env" is not an SSO-bypass key that values sets; values sets: extraObjects, server.env',
      ]);
    });
  });

  describe("other release keys", () => {
    it("reports only the type of a defaultRole that is not text", () => {
      expect(problemsOf(cd(["defaultRole"], 5))).to.deep.equal([
        "argo-sso:argocd.defaultRole: must be text, got 5",
      ]);
    });

    it("gives the plain choice message for an auth mode other than server", () => {
      expect(problemsOf(wf(["authModes"], ["sso", "nosuch"]))).to.deep.equal([
        'argo-sso:workflows.authModes[1]: must be one of sso, client, got "nosuch"',
      ]);
    });

    it("lists the auth modes given, comma-separated, when sso is missing", () => {
      expect(problemsOf(wf(["authModes"], ["client", "client"]))).to.deep.equal([
        'argo-sso:workflows.authModes: must include sso (argo-sso sets up SSO; client alone would leave it unused), got "client, client"',
      ]);
    });

    it("lists every chart Secret when the client Secret takes one's name", () => {
      const config = withPath(devRuntimeConfig(), "argo-sso:clientSecret", ["secretName"], "argocd-secret");
      expect(problemsOf(config)).to.deep.equal([
        'argo-sso:clientSecret.secretName: "argocd-secret" is a Secret the argo-cd chart owns; the two would overwrite each other (known: argocd-secret, argocd-initial-admin-secret, argocd-notifications-secret, argocd-redis, argocd-repo-server-tls, argocd-server-tls, argocd-dex-server-tls)',
      ]);
    });

    it("names the Workflows TLS Secret after releaseName (cert-manager: <releaseName>-server-tls)", () => {
      const ingress = { mode: "nginx", tls: { certManager: { issuer: "letsencrypt" } } };
      const tls = (secretName: string) => ({
        server: { ingress: { tls: [{ secretName, hosts: ["workflows.dev.example.com"] }] } },
      });
      const config = (secretName: string) =>
        withPath(
          withPath(wf(["ingress"], ingress), WF, ["releaseName"], "wf"),
          WF,
          ["values"],
          tls(secretName),
        );
      expect(problemsOf(config("wf-server-tls"))).to.deep.equal([]);
      expect(problemsOf(config("argo-workflows-server-tls"))).to.deep.equal([
        'argo-sso:workflows.values.server.ingress.tls: [{"secretName":"argo-workflows-server-tls","hosts":["workflows.dev.example.com"]}] contradicts argo-sso:workflows.ingress.tls, which sets it to [{"secretName":"wf-server-tls","hosts":["workflows.dev.example.com"]}]; remove it',
      ]);
    });
  });

  it("checks the Workflows TLS Secret against argo-workflows-server-tls when releaseName is not text", () => {
    const ingress = { mode: "nginx", tls: { certManager: { issuer: "letsencrypt" } } };
    const values = {
      server: {
        ingress: { tls: [{ secretName: "argo-workflows-server-tls", hosts: ["workflows.dev.example.com"] }] },
      },
    };
    const config = withPath(
      withPath(wf(["ingress"], ingress), WF, ["releaseName"], 5),
      WF,
      ["values"],
      values,
    );
    expect(problemsOf(config)).to.deep.equal(["argo-sso:workflows.releaseName: must be text, got 5"]);
  });

  describe("argo-sso:workflows.sessionExpiry", () => {
    it("reads a fraction with more than one digit", () => {
      expect(goDurationSeconds("1.25h")).to.equal(4500);
      expect(goDurationSeconds("0.5m30s")).to.equal(60);
    });

    it("refuses 0.01h (36 seconds) and accepts exactly 1m", () => {
      expect(problemsOf(wf(["sessionExpiry"], "0.01h"))).to.deep.equal([
        "argo-sso:workflows.sessionExpiry: must be between 1m and 168h (a week), got 0.01h",
      ]);
      expect(problemsOf(wf(["sessionExpiry"], "1m"))).to.deep.equal([]);
    });
  });

  describe("the mapped config", () => {
    const IMPORT_ID = "d-1111111111/90677ed4-b0c1-7041-2b1c-1e3a0a0a0a0a";
    const mapped = () => {
      let config = withPath(devRuntimeConfig(), "argo-sso:users", ["dave"], { source: "existing" });
      config = withPath(config, "argo-sso:users", ["erin@example.com"], {
        displayName: "Erin E",
        givenName: "Erin",
        familyName: "E",
        import: IMPORT_ID,
      });
      config = withPath(config, "argo-sso:groups", ["ops"], {
        aws: [{ permissionSet: "ReadOnly", accounts: ["ou-zzzz-bbbbbbbb", "ou-aaaa-aaaaaaaa", "dev"] }],
      });
      config = withPath(config, "argo-sso:permissionSets", ["Plain"], {
        managedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
        permissionsBoundary: { managedPolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess" },
      });
      return load(config).config!;
    };

    it("maps an existing user with empty names and a new one with its import ID", () => {
      const { users } = mapped();
      expect(users.dave).to.deep.equal({
        userName: "dave",
        source: "existing",
        displayName: "",
        givenName: "",
        familyName: "",
      });
      expect(users["erin@example.com"]).to.deep.equal({
        userName: "erin@example.com",
        displayName: "Erin E",
        givenName: "Erin",
        familyName: "E",
        email: "erin@example.com",
        importId: IMPORT_ID,
      });
      expect(users.carol).to.have.all.keys("userName", "displayName", "givenName", "familyName", "email");
    });

    it("maps a group without pin or import, its OUs sorted apart from the account IDs", () => {
      expect(mapped().groups.ops).to.deep.equal({
        key: "ops",
        displayName: "ops",
        description: undefined,
        source: "managed",
        members: [],
        aws: [
          {
            permissionSet: "ReadOnly",
            accountIds: ["222222222222"],
            organizationalUnits: ["ou-aaaa-aaaaaaaa", "ou-zzzz-bbbbbbbb"],
          },
        ],
        argocd: undefined,
        workflows: undefined,
      });
    });

    it("maps a custom permission set's defaults and a managed-policy boundary", () => {
      expect(mapped().permissionSets.Plain).to.deep.equal({
        name: "Plain",
        description: undefined,
        sessionDuration: "PT1H",
        relayState: undefined,
        tags: {},
        managedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
        customerManagedPolicies: [],
        inlinePolicy: undefined,
        permissionsBoundary: { managedPolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess" },
      });
    });

    it("maps a customer-managed boundary and the policies of Pulumi.dev.yaml's Developer", () => {
      const developer = mapped().permissionSets.Developer;
      expect(developer.managedPolicies).to.deep.equal(["arn:aws:iam::aws:policy/PowerUserAccess"]);
      expect(developer.customerManagedPolicies).to.deep.equal([
        { name: "developer-extras", path: "/argo-sso/" },
      ]);
      expect(developer.permissionsBoundary).to.deep.equal({
        customerManagedPolicy: { name: "developer-boundary", path: "/argo-sso/" },
      });
      expect(developer).to.not.have.property("importId");
    });

    it("maps a preset without an inline policy to none", () => {
      const admin = mapped().permissionSets.Admin;
      expect(admin.inlinePolicy).to.equal(undefined);
      expect(admin).to.not.have.property("importId");
    });

    it("maps a preset with its defaults, no customer-managed policies and no inline policy", () => {
      expect(mapped().permissionSets.Admin).to.deep.equal({
        name: "Admin",
        preset: "AdministratorAccess",
        description: "Full access to every AWS service and resource in the account",
        sessionDuration: "PT2H",
        relayState: undefined,
        tags: {},
        customerManagedPolicies: [],
        managedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"],
        inlinePolicy: undefined,
      });
    });

    it("maps a custom set without managedPolicies to none", () => {
      const config = withPath(devRuntimeConfig(), "argo-sso:permissionSets", ["InlineOnly"], {
        inlinePolicy: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" }],
        },
      });
      const set = load(config).config!.permissionSets.InlineOnly;
      expect(set.managedPolicies).to.deep.equal([]);
      expect(set.customerManagedPolicies).to.deep.equal([]);
    });
  });
});
