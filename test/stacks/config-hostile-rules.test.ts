/**
 * The rules of stacks/config-hostile.ts at their edges, through `loadStackConfig`: which
 * characters are refused (and which multi-line text keeps), how each is named, every
 * `Object.prototype` name as a key, and the nesting limit. Expected problems are written out; the
 * refused ranges are those the file's comment lists (C0 except tab/LF/CR, DEL, C1, U+2028/2029,
 * U+202A–202E, U+2066–2069, U+FEFF; CVE-2021-42574 for the bidirectional controls).
 */
import { expect } from "chai";
import { devRuntimeConfig, problemsOf, withPath } from "../support/configs";

const G = "argo-sso:groups";
const describeWith = (text: string) =>
  problemsOf(withPath(devRuntimeConfig(), G, ["developers", "description"], text));

describe("hostile config values at the edges", () => {
  it("refuses each unsafe character, named by code point and kind", () => {
    const refused: [number, string][] = [
      [0x0000, "U+0000 (NUL)"],
      [0x0001, "U+0001 (a control character)"],
      [0x0008, "U+0008 (a control character)"],
      [0x000b, "U+000B (a control character)"],
      [0x000c, "U+000C (a control character)"],
      [0x000e, "U+000E (a control character)"],
      [0x001f, "U+001F (a control character)"],
      [0x007f, "U+007F (a control character)"],
      [0x0080, "U+0080 (a control character)"],
      [0x009f, "U+009F (a control character)"],
      [0x2028, "U+2028 (a Unicode line separator)"],
      [0x2029, "U+2029 (a Unicode line separator)"],
      [0x202a, "U+202A (a bidirectional control)"],
      [0x202e, "U+202E (a bidirectional control)"],
      [0x2066, "U+2066 (a bidirectional control)"],
      [0x2069, "U+2069 (a bidirectional control)"],
      [0xfeff, "U+FEFF (a byte-order mark)"],
    ];
    for (const [code, named] of refused) {
      expect(describeWith(`a${String.fromCharCode(code)}b`), named).to.deep.equal([
        `argo-sso:groups.developers.description: contains ${named}; remove it`,
      ]);
    }
  });

  it("keeps tab, line feed, carriage return and the characters next to each refused range", () => {
    const kept = [0x0009, 0x000a, 0x000d, 0x0020, 0x007e, 0x00a0, 0x2027, 0x202f, 0x2065, 0x206a, 0xfefe];
    for (const code of kept) {
      expect(describeWith(`a${String.fromCharCode(code)}b`), code.toString(16)).to.deep.equal([]);
    }
  });

  it("refuses every Object.prototype name as a key, wherever it is", () => {
    const names = [
      "__defineGetter__",
      "__defineSetter__",
      "__lookupGetter__",
      "__lookupSetter__",
      "constructor",
      "hasOwnProperty",
      "isPrototypeOf",
      "propertyIsEnumerable",
      "toLocaleString",
      "toString",
      "valueOf",
    ];
    let config = devRuntimeConfig();
    for (const name of names) config = withPath(config, "argo-sso:argocd", ["values", "server", name], 1);
    const why =
      "is a built-in JavaScript property name; the Pulumi SDK treats objects as plain JavaScript objects, where it is dropped or clashes with the built-in (a real pulumi up would fail or lose it); rename it";
    expect(problemsOf(config)).to.deep.equal(
      names.map((name) => `argo-sso:argocd.values.server.${name}: the key "${name}" ${why}`),
    );
  });

  it("names a key with a NUL by its escaped form", () => {
    expect(problemsOf(withPath(devRuntimeConfig(), G, ["x\u0000y"], { members: ["carol"] }))).to.deep.equal([
      'argo-sso:groups["x\\u0000y"]: the key contains U+0000 (NUL); remove it',
    ]);
  });

  it("accepts nesting up to 64 levels below the top-level key and refuses level 64 holding a list", () => {
    const nest = (levels: number) => {
      let value: unknown = "x";
      for (let i = 0; i < levels; i++) value = [value];
      return withPath(devRuntimeConfig(), "argo-sso:argocd", ["values", "a"], value);
    };
    // argocd (level 0) > values (1) > a (2) > 62 lists: the text "x" is at level 64.
    expect(problemsOf(nest(62))).to.deep.equal([]);
    // A number or boolean at level 64 is a leaf, not nesting.
    let leaf: unknown = 1;
    for (let i = 0; i < 62; i++) leaf = [leaf];
    expect(problemsOf(withPath(devRuntimeConfig(), "argo-sso:argocd", ["values", "a"], leaf))).to.deep.equal(
      [],
    );
    expect(problemsOf(nest(63))).to.deep.equal([
      `argo-sso:argocd.values.a${"[0]".repeat(62)}: nested more than 64 levels deep`,
    ]);
  });
});
