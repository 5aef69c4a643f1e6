/**
 * SSO bypass through chart values (issue 14): every key of the bypass table, derived from the
 * pinned charts' key trees (test/fixtures/charts/*.keys.json) and Argo CD v3.4.4's settings keys
 * and command parameters (listed literally below from util/settings/settings.go,
 * util/settings/accounts.go and docs/operator-manual/argocd-cmd-params-cm.yaml), is refused in
 * `values` with its key named, accepted only when acknowledged in `unsafeValues`, and reported
 * by the policy pack on the rendered values.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import {
  ARGO_SSO_SETS,
  BYPASS_RULES,
  checkSsoBypassValues,
  formatBypassPath,
  type BypassRule,
} from "../../policy/sso-bypass";
import { REMOVE, devRuntimeConfig, load, problemsOf, withPath } from "../support/configs";

const CHARTS = path.join(__dirname, "..", "fixtures", "charts");
const TREES = {
  "argo-cd": JSON.parse(fs.readFileSync(path.join(CHARTS, "argo-cd-10.1.1.keys.json"), "utf8")).tree,
  "argo-workflows": JSON.parse(fs.readFileSync(path.join(CHARTS, "argo-workflows-1.0.18.keys.json"), "utf8"))
    .tree,
} as const;
const KEY = { "argo-cd": "argo-sso:argocd", "argo-workflows": "argo-sso:workflows" } as const;

/** Argo CD settings and parameters that change login, identity providers, accounts or RBAC. */
const ARGOCD_WILDCARD_SAMPLES: readonly string[][] = [
  ["configs", "cm", "oidc.config"],
  ["configs", "cm", "oidc.tls.insecure.skip.verify"],
  ["configs", "cm", "additionalUrls"],
  ["configs", "cm", "users.session.duration"],
  ["configs", "cm", "accounts.ci"],
  ["configs", "cm", "accounts.ci.enabled"],
  ["configs", "cm", "server.rbac.disableApplicationFineGrainedRBACInheritance"],
  ["configs", "params", "server.disable.auth"],
  ["configs", "params", "server.dex.server"],
  ["configs", "params", "server.dex.server.plaintext"],
  ["configs", "params", "dexserver.disable.tls"],
  ["configs", "params", "server.basehref"],
  ["configs", "params", "server.rootpath"],
  ["configs", "rbac", "policy.extra.csv"],
  ["configs", "rbac", "policy.overlay.csv"],
  ["configs", "rbac", "create"],
  ["configs", "secret", "createSecret"],
  ["configs", "secret", "argocdServerAdminPassword"],
  ["configs", "secret", "extra"],
];
/** Keys beside them that are not about SSO and stay allowed. */
const HARMLESS: readonly [keyof typeof KEY, string[]][] = [
  ["argo-cd", ["configs", "cm", "exec.enabled"]],
  ["argo-cd", ["configs", "params", "server.log.level"]],
  ["argo-cd", ["server", "replicas"]],
  ["argo-cd", ["configs", "secret", "githubSecret"]],
  ["argo-workflows", ["server", "replicas"]],
  ["argo-workflows", ["controller", "extraArgs"]],
];

function hasPath(tree: unknown, keys: readonly string[]): boolean {
  let node = tree as Record<string, unknown> | null;
  for (const key of keys) {
    if (node === null || typeof node !== "object" || !(key in node)) return false;
    node = node[key] as Record<string, unknown> | null;
  }
  return true;
}

const literalCases = BYPASS_RULES.filter((r) => !r.path.includes("*")).map(
  (r) => [r.chart, [...r.path]] as const,
);
const cases = [
  ...literalCases.filter(([chart, keys]) => !ARGO_SSO_SETS[chart].includes(formatBypassPath(keys))),
  ...ARGOCD_WILDCARD_SAMPLES.map((p) => ["argo-cd", p] as const),
];

describe("SSO bypass keys in chart values", () => {
  it("names only keys that exist in the pinned charts' values", () => {
    const missing = literalCases.filter(([chart, keys]) => !hasPath(TREES[chart], keys));
    expect(missing).to.deep.equal([]);
  });

  for (const [chart, keys] of cases) {
    const shown = formatBypassPath(keys);
    it(`refuses ${chart} ${shown} naming the key, unless acknowledged in unsafeValues`, () => {
      const config = withPath(devRuntimeConfig(), KEY[chart], ["values", ...keys], "x");
      expect(problemsOf(config)).to.deep.equal([
        `${KEY[chart]}.values.${shown.replace(/[\s:]/g, "_")}: can bypass argo-sso's SSO set-up (${
          BYPASS_RULES.find((r) => r.chart === chart && checkRule(r, keys))?.why
        }); remove it, or acknowledge it by listing ${shown} in ${KEY[chart]}.unsafeValues (the prod policy pack still denies it)`,
      ]);
      expect(load(withPath(config, KEY[chart], ["unsafeValues"], [shown])).ok).to.equal(true);
      expect(checkSsoBypassValues(chart, setIn({}, keys, "x"))).to.have.length(1);
    });
  }

  for (const [chart, keys] of HARMLESS) {
    it(`allows ${chart} ${formatBypassPath(keys)}`, () => {
      // Without the dev stack's managed ingress, which sets server.insecure itself.
      const base = withPath(devRuntimeConfig(), KEY[chart], ["ingress"], REMOVE);
      expect(problemsOf(withPath(base, KEY[chart], ["values", ...keys], "x"))).to.deep.equal([]);
      expect(checkSsoBypassValues(chart, setIn({}, keys, "x"))).to.deep.equal([]);
    });
  }

  it("refuses an unsafeValues entry that values does not set", () => {
    expect(
      problemsOf(withPath(devRuntimeConfig(), "argo-sso:workflows", ["unsafeValues"], ["server.extraArgs"])),
    ).to.deep.equal([
      'argo-sso:workflows.unsafeValues[0]: "server.extraArgs" is not an SSO-bypass key that values sets',
    ]);
  });

  it("lets the policy pack pass what argo-sso sets itself", () => {
    const values = {
      configs: { rbac: { "policy.csv": "g, a, role:admin", "policy.default": "" }, cm: { url: "https://a" } },
    };
    expect(checkSsoBypassValues("argo-cd", values)).to.deep.equal([]);
  });
});

/** Whether a rule path (with "*") covers `keys`. */
function checkRule(rule: BypassRule, keys: readonly string[]): boolean {
  return (
    rule.path.length === keys.length &&
    rule.path.every((s, i) => (s === "*" ? (rule.keys?.test(keys[i]) ?? true) : s === keys[i]))
  );
}

function setIn(
  root: Record<string, unknown>,
  keys: readonly string[],
  value: unknown,
): Record<string, unknown> {
  let node = root;
  keys.slice(0, -1).forEach((k) => {
    node[k] = node[k] ?? {};
    node = node[k] as Record<string, unknown>;
  });
  node[keys[keys.length - 1]] = value;
  return root;
}
