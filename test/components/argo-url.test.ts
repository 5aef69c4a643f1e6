/**
 * The Argo URL rule (components/argo-url.ts), case by case. The expected messages are the rule's
 * own wording, written out; the host limits are RFC 1035's (labels of 1-63 characters, a name of
 * at most 253 characters in text form).
 */
import { expect } from "chai";
import { argoUrlHost, argoUrlProblem } from "../../components/argo-url";

const DNS_NAME =
  "must be a DNS name: dot-separated labels of letters, digits and -, no wildcard, no IP address";
/** A host of exactly 253 characters: three labels of 63 and one of 61, joined by dots. */
const HOST_253 = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}`;
const HOST_254 = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(62)}`;

describe("components/argo-url", () => {
  describe("argoUrlProblem", () => {
    for (const url of [
      "https://argocd.example.com",
      "https://argocd.a1",
      "https://argocd.1a",
      `https://${"a".repeat(63)}.example.com`,
      `https://${HOST_253}`,
    ]) {
      it(`accepts ${url.length > 60 ? `a ${url.length - 8}-character host` : url}`, () => {
        expect(argoUrlProblem(url)).to.equal(undefined);
      });
    }

    const rejected: [string, string][] = [
      ["not a url", "must be an https URL like https://argocd.example.com"],
      ["http://argocd.example.com", "must start with https://"],
      ["https://user@argocd.example.com", "must not contain a user name or password"],
      ["https://:pw@argocd.example.com", "must not contain a user name or password"],
      ["https://localhost", `host "localhost" ${DNS_NAME}`],
      ["https://-argocd.example.com", `host "-argocd.example.com" ${DNS_NAME}`],
      ["https://argocd-.example.com", `host "argocd-.example.com" ${DNS_NAME}`],
      [`https://${"a".repeat(64)}.example.com`, `host "${"a".repeat(64)}.example.com" ${DNS_NAME}`],
      [`https://${HOST_254}`, `host "${HOST_254}" ${DNS_NAME}`],
      ["https://10.0.0.1", `host "10.0.0.1" ${DNS_NAME}`],
      ["https://10.0.0.12", `host "10.0.0.12" ${DNS_NAME}`],
      [
        "https://ArgoCD.example.com",
        "must be written exactly as https://argocd.example.com (lower case, punycode, no default port, no path, no trailing slash or dot)",
      ],
      [
        "https://argocd.example.com/",
        "must be written exactly as https://argocd.example.com (lower case, punycode, no default port, no path, no trailing slash or dot)",
      ],
    ];
    for (const [url, problem] of rejected) {
      it(`rejects ${url.length > 60 ? `a ${url.length - 8}-character host` : JSON.stringify(url)}`, () => {
        expect(argoUrlProblem(url)).to.equal(problem);
      });
    }
  });

  it("argoUrlHost gives the host", () => {
    expect(argoUrlHost("https://argocd.example.com")).to.equal("argocd.example.com");
  });
});
