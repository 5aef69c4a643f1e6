/**
 * Validates Kubernetes objects the way the API server would before storing them, as far as that
 * can be done offline:
 *
 * - the type schema of the object's apiVersion/kind, from the OpenAPI of the Kubernetes API as
 *   compiled by the `kubernetes-models` package (types, required fields, enums, formats);
 * - the name, namespace, label and annotation rules that the schema does not carry, written
 *   from `k8s.io/apimachinery` `pkg/util/validation/validation.go` and `pkg/api/validation`
 *   (`objectmeta.go`, `generic.go`), `k8s.io/kubernetes` `pkg/apis/core/validation` (Namespace
 *   and Service names, container and port names, ConfigMap/Secret keys) and
 *   `pkg/apis/rbac/validation` (path-segment names);
 * - an object of a kind with no built-in schema (a custom resource) is reported, never passed.
 *
 * Not checked here: unknown fields (the compiled schemas allow extra properties, like a
 * non-strict API server), admission webhooks, and anything a controller decides later.
 */

/** One object as a manifest holds it. */
export type K8sObject = Record<string, unknown> & {
  readonly apiVersion?: unknown;
  readonly kind?: unknown;
  readonly metadata?: Record<string, unknown>;
};

interface ModelClass {
  readonly apiVersion: string;
  readonly kind: string;
  new (data: unknown): { validate(): void };
}

// kubernetes-models is ESM-only; TypeScript's CommonJS output would turn `import()` into
// `require()`, which its `exports` map refuses, so the native dynamic import is kept.
const importEsm = new Function("specifier", "return import(specifier)") as (s: string) => Promise<unknown>;

/** `apiVersion/kind` → its model class, or undefined when the package has none; each imported once. */
const models = new Map<string, Promise<ModelClass | undefined>>();

/** An API group (DNS subdomain) and version, or a core version, as kubernetes-models names its folders. */
const API_VERSION =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?v[0-9]+((alpha|beta)[0-9]+)?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;

/** Whether `value` is a model class of exactly this `apiVersion` and `kind`. */
function isModelOf(value: unknown, apiVersion: string, kind: string): value is ModelClass {
  const model = value as { apiVersion?: unknown; kind?: unknown };
  return typeof value === "function" && model.apiVersion === apiVersion && model.kind === kind;
}

/**
 * The `kubernetes-models` class of one kind, or undefined for a kind it has no schema for (a
 * custom resource). Only that kind's module is imported (`kubernetes-models/<group>/<version>/<Kind>`,
 * the package's `exports` map, 5.1.0), not the package index: the index loads all 1,900 modules
 * of the package, 1.6 s of CPU per mocha worker (issue 11); one kind's module and its schema take
 * a few milliseconds. The class must carry exactly that `apiVersion` and `kind`.
 */
export function modelOf(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  const key = `${apiVersion}/${kind}`;
  let model = models.get(key);
  if (model === undefined) {
    model =
      API_VERSION.test(apiVersion) && KIND.test(kind)
        ? importEsm(`kubernetes-models/${key}`).then(
            (mod) => {
              const found = (mod as Record<string, unknown>)[kind];
              return isModelOf(found, apiVersion, kind) ? found : undefined;
            },
            (err: { code?: string }) => {
              // The exports map has no such path: a kind the package does not know.
              if (err.code === "ERR_PACKAGE_PATH_NOT_EXPORTED" || err.code === "ERR_MODULE_NOT_FOUND")
                return undefined;
              throw err;
            },
          )
        : Promise.resolve(undefined);
    models.set(key, model);
  }
  return model;
}

const LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_LABEL = new RegExp(`^${LABEL}$`);
const DNS1123_SUBDOMAIN = new RegExp(`^${LABEL}(\\.${LABEL})*$`);
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
/** `TotalAnnotationSizeLimitB` in apimachinery objectmeta.go. */
const ANNOTATIONS_LIMIT = 256 * 1024;

export function isDns1123Label(s: string): boolean {
  return s.length <= 63 && DNS1123_LABEL.test(s);
}
export function isDns1123Subdomain(s: string): boolean {
  return s.length <= 253 && DNS1123_SUBDOMAIN.test(s);
}
export function isDns1035Label(s: string): boolean {
  return s.length <= 63 && DNS1035_LABEL.test(s);
}
/** A label or annotation key: `[prefix/]name`, prefix a DNS subdomain, name at most 63 characters. */
export function isQualifiedName(s: string): boolean {
  const parts = s.split("/");
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1];
  if (parts.length === 2 && (parts[0] === "" || !isDns1123Subdomain(parts[0]))) return false;
  return name.length <= 63 && QUALIFIED_NAME.test(name);
}
export function isLabelValue(s: string): boolean {
  return s.length <= 63 && LABEL_VALUE.test(s);
}
/** `IsValidPortName`: at most 15 characters, at least one letter, no leading, trailing or double hyphen. */
export function isPortName(s: string): boolean {
  return s.length <= 15 && IANA_SVC_NAME.test(s) && /[a-z]/.test(s) && !s.includes("--");
}
/** RBAC object names (`ValidateRBACName` = `path.IsValidPathSegmentName`). */
export function isPathSegmentName(s: string): boolean {
  return s !== "" && s !== "." && s !== ".." && !/[/%]/.test(s);
}

/** The name rule for a kind: Namespaces are DNS labels, Services DNS-1035 labels, RBAC path segments. */
function nameRule(kind: string): [string, (s: string) => boolean] {
  if (kind === "Namespace") return ["a DNS-1123 label", isDns1123Label];
  if (kind === "Service") return ["a DNS-1035 label", isDns1035Label];
  if (/^(Cluster)?Role(Binding)?$/.test(kind)) return ["a path segment name", isPathSegmentName];
  return ["a DNS-1123 subdomain", isDns1123Subdomain];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** JSON null is the API server's "absent" for an optional field; the schemas do not say so. */
function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = dropNulls(v);
  return out;
}

function metadataProblems(kind: string, meta: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const name = meta.name;
  const [ruleName, rule] = nameRule(kind);
  if (typeof name !== "string" || !rule(name))
    problems.push(`metadata.name ${JSON.stringify(name)} is not ${ruleName}`);
  if (
    meta.namespace !== undefined &&
    (typeof meta.namespace !== "string" || !isDns1123Label(meta.namespace))
  ) {
    problems.push(`metadata.namespace ${JSON.stringify(meta.namespace)} is not a DNS-1123 label`);
  }
  for (const [key, value] of Object.entries(isRecord(meta.labels) ? meta.labels : {})) {
    if (!isQualifiedName(key)) problems.push(`label key ${JSON.stringify(key)} is not a qualified name`);
    if (typeof value !== "string" || !isLabelValue(value)) {
      problems.push(`label ${key} value ${JSON.stringify(value)} is not a valid label value`);
    }
  }
  const annotations = isRecord(meta.annotations) ? meta.annotations : {};
  let size = 0;
  for (const [key, value] of Object.entries(annotations)) {
    if (!isQualifiedName(key)) problems.push(`annotation key ${JSON.stringify(key)} is not a qualified name`);
    size += key.length + String(value).length;
  }
  if (size > ANNOTATIONS_LIMIT) problems.push(`annotations total ${size} bytes, over the 256 KiB limit`);
  return problems;
}

/** Container, port and env-var names inside any pod spec of the object. */
function podSpecProblems(obj: unknown, at = ""): string[] {
  const problems: string[] = [];
  if (Array.isArray(obj)) obj.forEach((v, i) => problems.push(...podSpecProblems(v, `${at}[${i}]`)));
  if (!isRecord(obj)) return problems;
  for (const [key, value] of Object.entries(obj)) {
    const here = at ? `${at}.${key}` : key;
    if ((key === "containers" || key === "initContainers") && Array.isArray(value)) {
      value.forEach((c: unknown, i) => {
        if (!isRecord(c)) return;
        const where = `${here}[${i}]`;
        if (typeof c.name !== "string" || !isDns1123Label(c.name)) {
          problems.push(`${where}.name ${JSON.stringify(c.name)} is not a DNS-1123 label`);
        }
        for (const p of Array.isArray(c.ports) ? c.ports : []) {
          if (isRecord(p) && p.name !== undefined && !isPortName(String(p.name))) {
            problems.push(`${where} port name ${JSON.stringify(p.name)} is not an IANA service name`);
          }
        }
        for (const e of Array.isArray(c.env) ? c.env : []) {
          if (isRecord(e) && !ENV_VAR_NAME.test(String(e.name))) {
            problems.push(`${where} env name ${JSON.stringify(e.name)} is not a valid variable name`);
          }
        }
      });
    } else {
      problems.push(...podSpecProblems(value, here));
    }
  }
  return problems;
}

function dataKeyProblems(obj: K8sObject): string[] {
  const problems: string[] = [];
  for (const field of ["data", "stringData", "binaryData"]) {
    const map = obj[field];
    if (!isRecord(map)) continue;
    for (const key of Object.keys(map)) {
      if (key.length > 253 || !CONFIG_KEY.test(key))
        problems.push(`${field} key ${JSON.stringify(key)} is not a valid key`);
    }
  }
  return problems;
}

/** Every problem of one object, each prefixed with `<kind>/<name>`; empty when it is valid. */
export async function validateObject(obj: K8sObject): Promise<string[]> {
  const kind = String(obj.kind);
  const name = `${kind}/${String(obj.metadata?.name)}`;
  const model = await modelOf(String(obj.apiVersion), kind);
  if (!model)
    return [`${name}: ${String(obj.apiVersion)} ${kind} has no built-in schema (a custom resource?)`];
  const problems: string[] = [];
  try {
    new model(dropNulls(obj)).validate();
  } catch (err) {
    const errors = (
      err as { errors?: { instancePath: string; keyword?: string; message?: string; params?: unknown }[] }
    ).errors;
    if (!errors) throw err;
    for (const e of errors) {
      problems.push(
        `${e.instancePath || "/"} ${e.message ?? "is invalid"} ${JSON.stringify(e.params ?? {})}`,
      );
    }
  }
  problems.push(...metadataProblems(kind, isRecord(obj.metadata) ? obj.metadata : {}));
  problems.push(...podSpecProblems(obj.spec, "spec"));
  if (kind === "ConfigMap" || kind === "Secret") problems.push(...dataKeyProblems(obj));
  return problems.map((p) => `${name}: ${p}`);
}

/** Every problem of every object. */
export async function validateObjects(objects: readonly K8sObject[]): Promise<string[]> {
  const all = await Promise.all(objects.map(validateObject));
  return all.flat();
}
