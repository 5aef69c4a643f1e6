import { expect } from "chai";
import {
  ARGOCD_MANAGED_PATHS,
  findManagedOverrides,
  formatValuePath,
  leafPaths,
  managedOverrideProblems,
  mergeValues,
  releaseValues,
} from "../../components/helm-values";

describe("helm-values", () => {
  it("quotes path segments that contain dots", () => {
    expect(formatValuePath(["configs", "cm", "dex.config"])).to.equal('configs.cm."dex.config"');
  });

  it("finds a managed key that user values set", () => {
    expect(
      findManagedOverrides({ configs: { cm: { "dex.config": "x" } } }, ARGOCD_MANAGED_PATHS),
    ).to.deep.equal(['configs.cm."dex.config"']);
  });

  it("finds a parent of managed keys set to a non-map value", () => {
    expect(findManagedOverrides({ dex: "off" }, ARGOCD_MANAGED_PATHS)).to.deep.equal(["dex"]);
  });

  it("lets user values set siblings of managed keys", () => {
    expect(
      findManagedOverrides(
        { configs: { cm: { "exec.enabled": true } }, dex: { resources: {} } },
        ARGOCD_MANAGED_PATHS,
      ),
    ).to.deep.equal([]);
  });

  it("names the full config key of each override", () => {
    expect(
      managedOverrideProblems(
        { configs: { rbac: { scopes: "[groups]" } } },
        ARGOCD_MANAGED_PATHS,
        "argo-sso:argocd.values",
      ),
    ).to.deep.equal([
      "argo-sso:argocd.values.configs.rbac.scopes: is managed by argo-sso for SSO; remove it",
    ]);
  });

  it("merges maps key by key and lets the top win elsewhere", () => {
    expect(mergeValues({ a: { b: 1, c: [1] }, d: 1 }, { a: { c: [2] }, e: 2 })).to.deep.equal({
      a: { b: 1, c: [2] },
      d: 1,
      e: 2,
    });
  });

  it("leaves both arguments unchanged", () => {
    const base = { a: { b: 1 } };
    mergeValues(base, { a: { b: 2 } });
    expect(base).to.deep.equal({ a: { b: 1 } });
  });

  it("puts user values over defaults and managed values over both", () => {
    const out = releaseValues(
      { global: { domain: "d" } },
      { global: { domain: "u" }, x: 1 },
      { crds: { keep: true } },
      ARGOCD_MANAGED_PATHS,
      "k",
    );
    expect(out).to.deep.equal({ global: { domain: "u" }, x: 1, crds: { keep: true } });
  });

  it("refuses user values that set managed keys, listing every one", () => {
    expect(() =>
      releaseValues(
        {},
        { crds: { keep: false }, dex: { env: [] } },
        {},
        ARGOCD_MANAGED_PATHS,
        "argo-sso:argocd.values",
      ),
    ).to.throw(
      "argo-sso:argocd.values.dex.env: is managed by argo-sso for SSO; remove it\n" +
        "argo-sso:argocd.values.crds.keep: is managed by argo-sso for SSO; remove it",
    );
  });

  it("lists leaf paths, treating lists and empty maps as leaves", () => {
    expect(leafPaths({ a: { b: 1, c: [1, 2] }, d: {} })).to.deep.equal([["a", "b"], ["a", "c"], ["d"]]);
  });
});
