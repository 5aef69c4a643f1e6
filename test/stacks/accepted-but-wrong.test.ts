/** Values that used to be accepted and then break something (issue 14, defect 6). */
import { expect } from "chai";
import { argoUrlProblem } from "../../components/argo-url";
import { goDurationSeconds } from "../../stacks/schema-argo";
import { devRuntimeConfig, problemsOf, withPath } from "../support/configs";

const CANONICAL = "(lower case, punycode, no default port, no path, no trailing slash or dot)";
const NOT_DNS =
  "must be a DNS name: dot-separated labels of letters, digits and -, no wildcard, no IP address";

describe("accepted-but-wrong values are refused", () => {
  const urls: [string, string][] = [
    ["https://argocd.example.com/.", `must be written exactly as https://argocd.example.com ${CANONICAL}`],
    ["https://argocd.example.com\\", `must be written exactly as https://argocd.example.com ${CANONICAL}`],
    ["https://argocd.example.com:443", `must be written exactly as https://argocd.example.com ${CANONICAL}`],
    ["https://ArgoCD.example.com", `must be written exactly as https://argocd.example.com ${CANONICAL}`],
    ["https://bücher.example", `must be written exactly as https://xn--bcher-kva.example ${CANONICAL}`],
    ["https://a..b.example.com", `host "a..b.example.com" ${NOT_DNS}`],
    ["https://-.example.com", `host "-.example.com" ${NOT_DNS}`],
    ["https://*.example.com", `host "*.example.com" ${NOT_DNS}`],
    ["https://10.0.0.1", `host "10.0.0.1" ${NOT_DNS}`],
  ];
  for (const [url, message] of urls) {
    it(`refuses the Argo URL ${url} with the URL rule`, () => {
      expect(argoUrlProblem(url)).to.equal(message);
      expect(problemsOf(withPath(devRuntimeConfig(), "argo-sso:argocd", ["url"], url))).to.deep.equal([
        `argo-sso:argocd.url: ${message}, got ${JSON.stringify(url)}`,
      ]);
    });
  }

  it("accepts a canonical origin", () => {
    expect(argoUrlProblem("https://argocd.example.com")).to.equal(undefined);
  });

  it("refuses Argo CD and Workflows on the same host written two ways", () => {
    expect(
      problemsOf(
        withPath(devRuntimeConfig(), "argo-sso:workflows", ["url"], "https://argocd.dev.example.com:8443"),
      ),
    ).to.deep.equal([]);
    const dev = devRuntimeConfig();
    const both = withPath(
      withPath(dev, "argo-sso:argocd", ["url"], "https://argo.example.com"),
      "argo-sso:workflows",
      ["url"],
      "https://argo.example.com:443",
    );
    expect(problemsOf(both)).to.include(
      'argo-sso:workflows.url: must be written exactly as https://argo.example.com (lower case, punycode, no default port, no path, no trailing slash or dot), got "https://argo.example.com:443"',
    );
  });

  it("refuses kube-system as a namespace", () => {
    expect(
      problemsOf(withPath(devRuntimeConfig(), "argo-sso:argocd", ["namespace"], "kube-system")),
    ).to.deep.equal([
      "argo-sso:argocd.namespace: kube-system belongs to Kubernetes itself: argo-sso creates, protects and may delete this namespace; choose a namespace of its own",
    ]);
  });

  it("bounds sessionExpiry to between a minute and a week", () => {
    expect(goDurationSeconds("10h30m")).to.equal(37800);
    for (const bad of ["0s", "59s", "169h", "87600h"]) {
      expect(
        problemsOf(withPath(devRuntimeConfig(), "argo-sso:workflows", ["sessionExpiry"], bad)),
      ).to.deep.equal([`argo-sso:workflows.sessionExpiry: must be between 1m and 168h (a week), got ${bad}`]);
    }
    expect(
      problemsOf(withPath(devRuntimeConfig(), "argo-sso:workflows", ["sessionExpiry"], "168h")),
    ).to.deep.equal([]);
  });

  it("refuses a client secretName that collides with a chart-owned or token Secret", () => {
    expect(
      problemsOf(withPath(devRuntimeConfig(), "argo-sso:clientSecret", ["secretName"], "argocd-secret"))[0],
    ).to.match(/^argo-sso:clientSecret\.secretName: "argocd-secret" is a Secret the argo-cd chart owns/);
    expect(
      problemsOf(
        withPath(
          devRuntimeConfig(),
          "argo-sso:clientSecret",
          ["secretName"],
          "sso-admins.service-account-token",
        ),
      ),
    ).to.deep.equal([
      "argo-sso:clientSecret.secretName: names ending in .service-account-token are the Workflows SSO token Secrets argo-sso creates; choose another name",
    ]);
  });
});

describe("account 000000000000", () => {
  it("is refused in accounts and as a direct reference in a group grant", () => {
    expect(
      problemsOf(withPath(devRuntimeConfig(), "argo-sso:accounts", ["sandbox"], "000000000000")),
    ).to.deep.equal([
      "argo-sso:accounts.sandbox: 000000000000 is not an AWS account ID (a placeholder); write the real 12-digit ID",
    ]);
    const groups = JSON.parse(devRuntimeConfig()["argo-sso:groups"]) as Record<
      string,
      { aws?: { accounts: string[] }[] }
    >;
    const [key] = Object.entries(groups).find(([, g]) => (g.aws ?? []).length > 0) as [string, unknown];
    expect(
      problemsOf(
        withPath(devRuntimeConfig(), "argo-sso:groups", [key, "aws", 0, "accounts", 0], "000000000000"),
      ),
    ).to.deep.equal([
      `argo-sso:groups.${key}.aws[0].accounts[0]: 000000000000 is not an AWS account ID (a placeholder); write the real 12-digit ID`,
    ]);
  });
});

describe("Helm values size", () => {
  it("refuses values beyond the release Secret's 1 MiB", () => {
    const big = "x".repeat(1024 * 1024);
    expect(
      problemsOf(
        withPath(devRuntimeConfig(), "argo-sso:workflows", ["values"], { controller: { note: big } }),
      ),
    ).to.deep.equal([
      "argo-sso:workflows.values: is 1048602 bytes of JSON; Helm stores a release (chart, values and manifest) in one Secret, which Kubernetes caps at 1 MiB (1048576 bytes): move large data to ConfigMaps or files of its own",
    ]);
  });
});
