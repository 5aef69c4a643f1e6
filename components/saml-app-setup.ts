/**
 * Pure builder for the values of the one console-only step: configuring the custom SAML 2.0
 * application in IAM Identity Center. `CreateApplication` cannot make SAML applications
 * (terraform-provider-aws #34813), so the program prints these for a person to paste.
 *
 * Sources: Argo CD `util/dex/config.go` (Dex's SAML `redirectURI` is forced to
 * `<url>/api/dex/callback`, and `entityIssuer` must match the audience); Argo CD
 * docs/operator-manual/user-management/identity-center.md and AWS "Map attributes in your
 * application to IAM Identity Center attributes" (attribute names and the console's format
 * names: `persistent`, `unspecified`, ...).
 */

/** One row of the console's "Attribute mappings" page. */
export interface SamlAttributeMapping {
  /** "User attribute in the application". */
  readonly attribute: string;
  /** "Maps to this string value or user attribute in IAM Identity Center". */
  readonly value: string;
  /** "Format", as the console's menu names it. */
  readonly format: "persistent" | "unspecified" | "emailAddress" | "transient" | "uri" | "basic";
}

/** What to type into the console for the Argo CD SAML application. */
export interface SamlApplicationSetup {
  /** "Application ACS URL": Dex's callback, `<argocd url>/api/dex/callback`. */
  readonly acsUrl: string;
  /** "Application SAML audience": the same URL (Dex's `entityIssuer`). */
  readonly audience: string;
  /** "Application start URL": SP-initiated login, because Dex rejects IdP-initiated responses. */
  readonly startUrl: string;
  /**
   * "Relay state": always empty. Dex accepts a SAML response only for a request it started
   * (matching `InResponseTo` / RelayState), so a relay state or any IdP-initiated POST fails.
   */
  readonly relayState: "";
  /** The two console rules in words, for whoever types the values in. */
  readonly instructions: readonly string[];
  /**
   * Subject (NameID, persistent: Dex's default NameID format), `groups` (Identity Center sends
   * group IDs, which `policy.csv` and the Argo Workflows rules use) and `email`.
   */
  readonly attributeMappings: readonly SamlAttributeMapping[];
}

/**
 * The console values for an Argo CD served at `argocdUrl`.
 *
 * @param argocdUrl Argo CD's external URL, `http(s)://host[/path]` without a trailing slash
 *   (Argo CD concatenates `/api/dex` to it)
 * @param startUrl the application start URL. @default `<argocdUrl>/auth/login`
 * @throws Error when `argocdUrl` is not an http(s) URL or ends with `/`
 */
export function buildSamlApplicationSetup(argocdUrl: string, startUrl?: string): SamlApplicationSetup {
  if (!/^https?:\/\/[^\s/]+(\/\S*)?$/.test(argocdUrl)) {
    throw new Error(`argocdUrl must be an http(s) URL, got ${JSON.stringify(argocdUrl)}`);
  }
  if (argocdUrl.endsWith("/")) {
    throw new Error(`argocdUrl must not end with "/" (Argo CD appends /api/dex to it), got "${argocdUrl}"`);
  }
  const callback = `${argocdUrl}/api/dex/callback`;
  return {
    acsUrl: callback,
    audience: callback,
    startUrl: startUrl ?? `${argocdUrl}/auth/login`,
    relayState: "",
    instructions: [
      "Leave Relay state empty.",
      `The access-portal tile must open the start URL ${startUrl ?? `${argocdUrl}/auth/login`} (sign-in starts at Argo CD); Dex rejects IdP-initiated SAML responses.`,
    ],
    attributeMappings: [
      { attribute: "Subject", value: "${user:subject}", format: "persistent" },
      { attribute: "groups", value: "${user:groups}", format: "unspecified" },
      { attribute: "email", value: "${user:email}", format: "unspecified" },
    ],
  };
}
