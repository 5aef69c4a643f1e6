import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import {
  CLIENT_SECRET_LENGTH,
  clientSecretArgs,
  clientSecretChecksum,
  SsoClientSecret,
  validateSsoClientSecretArgs,
} from "../../components/sso-client-secret";
import { findCreated, ofType, runProgram } from "../support/capture";
import { CLIENT } from "../contract/argo-sample";

/** The value of an Output and whether it is secret. */
async function settle<T>(input: pulumi.Input<T>): Promise<{ value: T; secret: boolean }> {
  const output = pulumi.output(input) as pulumi.Output<T> & { isSecret: Promise<boolean> };
  const value = await new Promise<T>((resolve) => output.apply((v) => resolve(v as T)));
  return { value, secret: await output.isSecret };
}

/** Runs one SsoClientSecret under the mocks and hands back the component. */
async function runSecret(
  args = CLIENT,
): Promise<{ run: Awaited<ReturnType<typeof runProgram>>; sso: SsoClientSecret }> {
  let sso: SsoClientSecret | undefined;
  const run = await runProgram({
    program: () => {
      sso = new SsoClientSecret("sso-client", args);
      return {};
    },
  });
  return { run, sso: sso as SsoClientSecret };
}

describe("SsoClientSecret", () => {
  describe("validateSsoClientSecretArgs", () => {
    it("accepts the defaults", () => {
      expect(validateSsoClientSecretArgs(CLIENT)).to.deep.equal([]);
    });

    for (const reserved of ["argo-cd", "argo-cd-cli", "argo-cd-pkce"]) {
      it(`rejects Argo CD's own client id ${reserved}`, () => {
        expect(validateSsoClientSecretArgs({ ...CLIENT, clientId: reserved })).to.deep.equal([
          `clientId: must not be "${reserved}"; Argo CD registers argo-cd, argo-cd-cli, argo-cd-pkce itself`,
        ]);
      });
    }

    it("rejects a client id with whitespace", () => {
      expect(validateSsoClientSecretArgs({ ...CLIENT, clientId: "argo workflows\n" })[0]).to.match(
        /^clientId: must be 1-128 characters/,
      );
    });

    it("rejects a client id whose first character is not allowed", () => {
      expect(validateSsoClientSecretArgs({ ...CLIENT, clientId: "!argo" })).to.deep.equal([
        'clientId: must be 1-128 characters of letters, digits, ".", "_" or "-", got "!argo"',
      ]);
    });

    // Kubernetes object names (RFC 1123 subdomain): start and end alphanumeric, 1-253 characters.
    for (const secretName of ["a", "sso", "argo.sso-client", "0"]) {
      it(`accepts the Secret name ${JSON.stringify(secretName)}`, () => {
        expect(validateSsoClientSecretArgs({ ...CLIENT, secretName })).to.deep.equal([]);
      });
    }
    for (const secretName of ["sso-", "-sso", ".sso", "sso.", "Sso", "s_o", ""]) {
      it(`rejects the Secret name ${JSON.stringify(secretName)}`, () => {
        expect(validateSsoClientSecretArgs({ ...CLIENT, secretName })).to.deep.equal([
          `secretName: must be a Kubernetes name (lower case, digits, "-", "."), got ${JSON.stringify(secretName)}`,
        ]);
      });
    }

    it("reports every problem at once", () => {
      const problems = validateSsoClientSecretArgs({
        clientId: "argo-cd",
        secretName: "Bad_Name",
        rotation: "",
      });
      expect(problems.map((p) => p.split(":")[0])).to.deep.equal(["clientId", "secretName", "rotation"]);
    });
  });

  describe("clientSecretChecksum", () => {
    it("is the first 16 hex digits of sha256 over the JSON array [client id, rotation]", () => {
      // python3: hashlib.sha256(b'["argo-workflows-sso","1"]').hexdigest()[:16]
      expect(clientSecretChecksum("argo-workflows-sso", "1")).to.equal("16b25148917b8249");
      expect(clientSecretChecksum("argo-workflows-sso", "2")).to.equal("1d25817933f315d4");
    });

    it("changes with the rotation value", () => {
      expect(clientSecretChecksum("id", "1")).to.not.equal(clientSecretChecksum("id", "2"));
    });

    it("changes with the client id", () => {
      expect(clientSecretChecksum("a", "1")).to.not.equal(clientSecretChecksum("b", "1"));
    });

    it("does not confuse a shifted boundary between id and rotation", () => {
      expect(clientSecretChecksum("a1", "2")).to.not.equal(clientSecretChecksum("a", "12"));
    });
  });

  describe("clientSecretArgs", () => {
    const credentials = {
      clientId: "argo-workflows-sso",
      secretName: "sso",
      checksum: "c",
      clientSecret: "s3cret",
    };

    it("writes client-id as given, without a trailing newline", async () => {
      const args = clientSecretArgs(credentials, "argo");
      const data = args.stringData as Record<string, pulumi.Input<string>>;
      expect((await settle(data["client-id"])).value).to.equal("argo-workflows-sso");
    });

    it("marks client-secret as a Pulumi secret even when given plain", async () => {
      const data = clientSecretArgs(credentials, "argo").stringData as Record<string, pulumi.Input<string>>;
      expect(await settle(data["client-secret"])).to.deep.equal({ value: "s3cret", secret: true });
    });

    it("is an Opaque Secret with the project's managed-by and part-of labels", () => {
      const args = clientSecretArgs(credentials, "argo");
      expect(args.type).to.equal("Opaque");
      expect((args.metadata as { labels: unknown }).labels).to.deep.equal({
        "app.kubernetes.io/managed-by": "pulumi",
        "app.kubernetes.io/part-of": "argo-sso",
      });
    });

    it("names the Secret and puts it in the namespace", async () => {
      const metadata = clientSecretArgs(credentials, "argo").metadata as { name: string; namespace: string };
      expect([metadata.name, metadata.namespace]).to.deep.equal(["sso", "argo"]);
    });
  });

  describe("component", () => {
    it("creates one RandomPassword of at least 48 letters and digits", async () => {
      const { run } = await runSecret();
      const [password] = ofType(run, "random:index/randomPassword:RandomPassword");
      expect(password.inputs).to.include({ length: CLIENT_SECRET_LENGTH, special: false });
      expect(CLIENT_SECRET_LENGTH).to.be.at.least(48);
    });

    it("keys the password on the rotation value", async () => {
      const { run } = await runSecret({ ...CLIENT, rotation: "2024-q3" });
      expect(
        findCreated(run, "random:index/randomPassword:RandomPassword", "sso-client-password").inputs.keepers,
      ).to.deep.equal({
        rotation: "2024-q3",
      });
    });

    it("parents the password to the component", async () => {
      const { run } = await runSecret();
      expect(
        findCreated(run, "random:index/randomPassword:RandomPassword", "sso-client-password").parent,
      ).to.equal("argo-sso:sso-client-secret:SsoClientSecret::sso-client");
    });

    it("exposes the secret as a Pulumi secret", async () => {
      const { sso } = await runSecret();
      expect((await settle(sso.clientSecret)).secret).to.equal(true);
    });

    it("exposes the client id, secret name and checksum as plain values", async () => {
      const { sso } = await runSecret();
      const [id, name, checksum] = await Promise.all([
        settle(sso.clientId),
        settle(sso.secretName),
        settle(sso.checksum),
      ]);
      expect([id, name, checksum]).to.deep.equal([
        { value: CLIENT.clientId, secret: false },
        { value: CLIENT.secretName, secret: false },
        // clientSecretChecksum("argo-workflows-sso", "1"), written out (see above)
        { value: "16b25148917b8249", secret: false },
      ]);
    });

    it("refuses bad args with every problem on its own indented line", async () => {
      let error: Error | undefined;
      await runSecret({ ...CLIENT, clientId: "argo-cd", secretName: "Bad", rotation: "" }).catch(
        (e: Error) => (error = e),
      );
      expect(error?.message).to.contain(
        [
          "invalid SsoClientSecret sso-client:",
          '  clientId: must not be "argo-cd"; Argo CD registers argo-cd, argo-cd-cli, argo-cd-pkce itself',
          '  secretName: must be a Kubernetes name (lower case, digits, "-", "."), got "Bad"',
          "  rotation: must not be empty",
        ].join("\n"),
      );
    });

    it("refuses a reserved client id, naming the field", async () => {
      let error: Error | undefined;
      await runSecret({ ...CLIENT, clientId: "argo-cd" }).catch((e: Error) => (error = e));
      expect(error?.message).to.contain(
        'invalid SsoClientSecret sso-client:\n  clientId: must not be "argo-cd"',
      );
    });
  });
});
