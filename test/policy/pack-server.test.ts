/**
 * The pack as the Pulumi CLI runs it: `@pulumi/pulumi`'s own policy-pack runner starts
 * `policy/index.ts` (TypeScript, the pack's tsconfig.json and package.json, cwd = policy/), and
 * this test talks to the analyzer it serves over gRPC on 127.0.0.1, like the engine does.
 */
import { expect } from "chai";
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { policies, PACK_NAME } from "../../policy/policies";
import { resolvePolicy } from "../../policy/pack-config";
import { argoCdRelease } from "./fixtures";

const ROOT = path.resolve(__dirname, "..", "..");
const POLICY_DIR = path.join(ROOT, "policy");
// The engine's own protocol modules, resolved where @pulumi/pulumi resolves them.
const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/package.json"));
/* eslint-disable @typescript-eslint/no-explicit-any -- generated protobuf classes are untyped here */
const grpc: any = fromPulumi("@grpc/grpc-js");
const rpc: any = fromPulumi("./proto/analyzer_grpc_pb");
const pb: any = fromPulumi("./proto/analyzer_pb");
const { Struct }: any = fromPulumi("google-protobuf/google/protobuf/struct_pb");
const { Empty }: any = fromPulumi("google-protobuf/google/protobuf/empty_pb");
/* eslint-enable @typescript-eslint/no-explicit-any */

const LEVEL_NAMES = ["advisory", "mandatory", "disabled", "remediate"];

function call<T>(
  client: Record<string, (...args: unknown[]) => void>,
  method: string,
  request: unknown,
): Promise<T> {
  return new Promise((resolve, reject) =>
    client[method](request, (err: Error | null, response: T) => (err ? reject(err) : resolve(response))),
  );
}

describe("policy/index.ts served by the Pulumi policy-pack runner", function () {
  this.timeout(90000);
  let child: ChildProcess;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let client: any;

  before(async () => {
    const runner = fromPulumi.resolve("./cmd/run-policy-pack");
    child = spawn(process.execPath, [runner, "127.0.0.1:0", "."], {
      cwd: POLICY_DIR,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (d) => (stderr += d));
    const port = await new Promise<string>((resolve, reject) => {
      child.stdout?.once("data", (d) => resolve(String(d).trim()));
      child.once("exit", (code) => reject(new Error(`the pack exited with ${code}: ${stderr}`)));
    });
    expect(port).to.match(/^\d+$/);
    client = new rpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  });

  after(() => {
    client?.close();
    if (child && child.exitCode === null) child.kill();
  });

  /** Analyzes one resource; returns `policy level message` (the pack prefixes the description: dropped). */
  async function analyze(resource: {
    type: string;
    name?: string;
    props: Record<string, unknown>;
  }): Promise<string[]> {
    const req = new pb.AnalyzeRequest();
    req.setType(resource.type);
    req.setName(resource.name ?? "r");
    req.setUrn(`urn:pulumi:prod::argo-sso::${resource.type}::${resource.name ?? "r"}`);
    req.setProperties(Struct.fromJavaScript(resource.props));
    req.setOptions(new pb.AnalyzerResourceOptions());
    const res = await call<{ getDiagnosticsList(): any[] }>(client, "analyze", req); // eslint-disable-line @typescript-eslint/no-explicit-any
    return res
      .getDiagnosticsList()
      .map(
        (d) =>
          `${d.getPolicyname()} ${LEVEL_NAMES[d.getEnforcementlevel()]} ${d.getMessage().split("\n").pop()}`,
      );
  }

  /** Sends a pack config file the way the CLI does after resolving `all` per policy. */
  async function configure(file: string): Promise<void> {
    const packConfig = JSON.parse(fs.readFileSync(path.join(POLICY_DIR, file), "utf8"));
    const req = new pb.ConfigureAnalyzerRequest();
    const map = req.getPolicyconfigMap();
    for (const p of policies) {
      const { enforcementLevel, config } = resolvePolicy(p.name, packConfig);
      const entry = new pb.PolicyConfig();
      entry.setEnforcementlevel(LEVEL_NAMES.indexOf(enforcementLevel));
      entry.setProperties(Struct.fromJavaScript(config));
      map.set(p.name, entry);
    }
    await call(client, "configure", req);
  }

  it("announces the pack and every policy, mandatory by default", async () => {
    const info = await call<{
      getName(): string;
      getPoliciesList(): { getName(): string; getEnforcementlevel(): number }[];
    }>(client, "getAnalyzerInfo", new Empty());
    expect(info.getName()).to.equal(PACK_NAME);
    expect(info.getPoliciesList().map((p) => p.getName())).to.deep.equal(policies.map((p) => p.name));
    expect(new Set(info.getPoliciesList().map((p) => LEVEL_NAMES[p.getEnforcementlevel()]))).to.deep.equal(
      new Set(["mandatory"]),
    );
  });

  it("blocks an Argo CD release with policy.default role:admin under config.prod.json", async () => {
    await configure("config.prod.json");
    const release = argoCdRelease({ configs: { rbac: { "policy.default": "role:admin" } } });
    expect(await analyze(release)).to.deep.equal([
      'argocd-default-role-not-admin mandatory configs.rbac."policy.default" is "role:admin": every logged-in user would be an admin',
    ]);
  });

  it("only advises on the same release under config.dev.json, and skips the prod-only policies", async () => {
    await configure("config.dev.json");
    const release = argoCdRelease({
      configs: { rbac: { "policy.default": "role:admin" } },
      dex: { logLevel: "debug" },
    });
    expect(await analyze(release)).to.deep.equal([
      'argocd-default-role-not-admin advisory configs.rbac."policy.default" is "role:admin": every logged-in user would be an admin',
    ]);
  });

  it("passes a release shaped like the program's", async () => {
    await configure("config.prod.json");
    expect(await analyze(argoCdRelease())).to.deep.equal([]);
  });
});
