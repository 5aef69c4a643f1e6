import { expect } from "chai";
import { checkHostile, keyProblem, unsafeCharacter } from "../../stacks/config-hostile";
import { formatKey } from "../../components/config-key";
import { secretConfigKeys } from "../../stacks/secret-config";
import { devRuntimeConfig, problemsOf, withPath } from "../support/configs";

/** dev's config with `argo-sso:groups` given as raw JSON text (as the CLI sends it). */
function withGroupsText(text: string) {
  return { ...devRuntimeConfig(), "argo-sso:groups": text };
}

describe("hostile config values", () => {
  it("refuses a group key __proto__ arriving as JSON text, naming it, before any reader runs", () => {
    const groups = JSON.parse(devRuntimeConfig()["argo-sso:groups"]) as Record<string, unknown>;
    const text = JSON.stringify(groups).replace(/^\{/, '{"__proto__":{"argocd":"role:admin"},');
    const problems = problemsOf(withGroupsText(text));
    expect(problems).to.have.length(1);
    expect(problems[0]).to.match(
      /^argo-sso:groups.__proto__: the key "__proto__" is a built-in JavaScript property name/,
    );
  });

  it("refuses a permission-set tag key toString with the reason", () => {
    const problems = problemsOf(
      withPath(devRuntimeConfig(), "argo-sso:permissionSets", ["ReadOnly", "tags", "toString"], "x"),
    );
    expect(problems).to.deep.equal([
      'argo-sso:permissionSets.ReadOnly.tags.toString: the key "toString" is a built-in JavaScript property name; the Pulumi SDK treats objects as plain JavaScript objects, where it is dropped or clashes with the built-in (a real pulumi up would fail or lose it); rename it',
    ]);
  });

  it("refuses NUL, bidi overrides and line separators in names, descriptions and tags", () => {
    expect(
      problemsOf(withPath(devRuntimeConfig(), "argo-sso:groups", ["developers", "description"], "a\u0000b")),
    ).to.deep.equal(["argo-sso:groups.developers.description: contains U+0000 (NUL); remove it"]);
    expect(
      problemsOf(
        withPath(
          devRuntimeConfig(),
          "argo-sso:permissionSets",
          ["ReadOnly", "tags", "team"],
          "plat\u202eform",
        ),
      ),
    ).to.deep.equal([
      "argo-sso:permissionSets.ReadOnly.tags.team: contains U+202E (a bidirectional control); remove it",
    ]);
    expect(unsafeCharacter("a\u2028b")).to.equal("U+2028 (a Unicode line separator)");
    expect(unsafeCharacter("line one\nline two\ttab")).to.equal(undefined);
  });

  it("escapes a hidden character in a key it names", () => {
    expect(keyProblem("x\u202ey")).to.equal("the key contains U+202E (a bidirectional control); remove it");
    const found = checkHostile({ "x\u202ey": {} });
    expect(found.map((f) => `${formatKey("argo-sso", ["groups", ...f.path])}: ${f.message}`)).to.deep.equal([
      'argo-sso:groups["x\\u202ey"]: the key contains U+202E (a bidirectional control); remove it',
    ]);
  });

  it("refuses nesting beyond 64 levels without exhausting the stack", () => {
    let deep: unknown = "x";
    for (let i = 0; i < 100000; i++) deep = [deep];
    const found = checkHostile(deep);
    expect(found).to.have.length(1);
    expect(found[0].message).to.equal("nested more than 64 levels deep");
  });
});

describe("secretConfigKeys", () => {
  it("lists the keys the CLI marks secret", () => {
    const keys = secretConfigKeys(
      { "argo-sso:argocd": "{}", "argo-sso:groups": "{}" },
      (k) => k === "argo-sso:argocd",
    );
    expect([...keys]).to.deep.equal(["argo-sso:argocd"]);
  });
});
