/**
 * Loaded by .mocharc.json before any test (issue 11: `npm test`'s time): `new X509Certificate(pem)`
 * of `node:crypto` parses each PEM text once per mocha worker.
 *
 * The stack config loader (stacks/schema-identity.ts) reads the SAML certificate on every load,
 * and the tests load the repository's stack files about 5,000 times a run: 2.6 s of CPU, 0.5 ms a
 * parse, before this. An `X509Certificate` is a read-only view of the parsed certificate, so the
 * object parsed the first time answers every later `new` with the same text as a fresh one would.
 * Only the parse is shared: the loader's own code runs on every load, so a mutant of it still
 * meets every test (StrykerJS mutates our sources, not node's). Text that does not parse throws
 * each time, as before; Buffers are not remembered.
 *
 * The loader calls `new node_crypto_1.X509Certificate(...)` through the module object, so the
 * stand-in set here is the one it meets (CommonJS output of `import { X509Certificate } from
 * "node:crypto"`).
 */
import * as crypto from "node:crypto";

const parsed = new Map<string, RememberedX509Certificate>();

/** `X509Certificate`, giving the object already parsed from the same PEM text. */
class RememberedX509Certificate extends crypto.X509Certificate {
  constructor(data: crypto.BinaryLike) {
    const known = typeof data === "string" ? parsed.get(data) : undefined;
    if (known !== undefined) return known;
    super(data);
    if (typeof data === "string") parsed.set(data, this);
  }
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the module object itself, not an ES namespace copy
const cryptoModule = require("node:crypto") as { X509Certificate: typeof crypto.X509Certificate };
cryptoModule.X509Certificate = RememberedX509Certificate;

/** Whether this process has parsed `pem` (exactly this text) through the stand-in. */
export const wasParsed = (pem: string): boolean => parsed.has(pem);
