/**
 * The one rule for the Argo CD and Argo Workflows URLs, used by the config loader
 * (stacks/schema-identity.ts `httpsUrlProblem`) and the components (the chart's `global.domain`, the
 * Dex issuer and redirect URIs are built from it).
 *
 * Parse with the WHATWG URL parser first (what browsers, Node and Go's net/url agree on for
 * these forms), then require the text to be exactly the URL's origin: https, lower case,
 * punycode for an international name, no default port, no path, no trailing dot or slash. Argo
 * CD compares its `url` and redirect URIs as text, so `https://ArgoCD.example.com:443/` would be
 * a different URL from the one the browser comes back to.
 */

/** One DNS label: 1-63 letters, digits and `-`, not starting or ending with `-`. */
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** Why `text` is not an Argo origin URL, or undefined when it is. */
export function argoUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "must be an https URL like https://argocd.example.com";
  }
  if (url.protocol !== "https:") return "must start with https://";
  if (url.username !== "" || url.password !== "") return "must not contain a user name or password";
  const host = url.hostname;
  const labels = host.split(".");
  if (
    host.length > 253 ||
    labels.length < 2 ||
    !labels.every((l) => LABEL.test(l)) ||
    /^\d+$/.test(labels[labels.length - 1])
  ) {
    return `host ${JSON.stringify(host)} must be a DNS name: dot-separated labels of letters, digits and -, no wildcard, no IP address`;
  }
  if (text !== url.origin) {
    return `must be written exactly as ${url.origin} (lower case, punycode, no default port, no path, no trailing slash or dot)`;
  }
  return undefined;
}

/** The host of a valid Argo URL (see {@link argoUrlProblem}). */
export function argoUrlHost(text: string): string {
  return new URL(text).hostname;
}
