/**
 * Runs the real program (`index.ts`) under Pulumi's mock runtime and captures what it declares.
 *
 * Used by the offline render, the whole-program tests and the benchmark. No Pulumi CLI, no
 * credentials: invokes are answered by {@link programMocks}, resources get deterministic
 * placeholder outputs derived from their names, and the mock monitor's registration requests
 * are wrapped so that every resource option the request carries (protect, parent, provider,
 * dependsOn, additionalSecretOutputs, customTimeouts, deletedWith, ignoreChanges,
 * replaceOnChanges, retainOnDelete, deleteBeforeReplace, aliases, import) and secret markers are
 * kept: the mocks themselves see none of them.
 */
import * as crypto from "node:crypto";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { childName } from "../../components/naming";

/** Pulumi's wire marker for a secret value (`@pulumi/pulumi` runtime/rpc). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
/** What every secret prints as, everywhere. */
export const SECRET_PLACEHOLDER = "[secret]";

export const PROJECT = "argo-sso";
const PROGRAM = path.resolve(__dirname, "..", "..", "index.ts");

export interface CapturedResource {
  readonly type: string;
  readonly name: string;
  /** `<type>::<name>` of the parent, or null for a top-level resource. */
  readonly parent: string | null;
  readonly inputs: Record<string, unknown>;
  /** Values the cloud would return (mocked, deterministic), secrets masked. */
  readonly outputs: Record<string, unknown>;
  readonly protect: boolean;
  /** `<type>::<name>` of the explicit provider, or null for a default provider. */
  readonly provider: string | null;
  /** `<type>::<name>` of each explicit dependency. */
  readonly dependsOn: readonly string[];
  readonly custom: boolean;
  readonly urn: string;
  /** Output names the engine stores as secrets (`additionalSecretOutputs`), in the order given. */
  readonly additionalSecretOutputs: readonly string[];
  /** `customTimeouts` as Pulumi duration strings; only the operations that were set. */
  readonly customTimeouts: Readonly<{ create?: string; update?: string; delete?: string }>;
  /** `<type>::<name>` of the `deletedWith` resource, or null. */
  readonly deletedWith: string | null;
  readonly ignoreChanges: readonly string[];
  readonly replaceOnChanges: readonly string[];
  readonly retainOnDelete: boolean;
  readonly deleteBeforeReplace: boolean;
  /** Each alias: an old URN, or a spec such as `{ name: "old" }` or `{ noParent: true }`. */
  readonly aliases: readonly (string | Readonly<Record<string, string | boolean>>)[];
  /** `import` ID, or null. */
  readonly importId: string | null;
}

export interface ProgramRun {
  readonly project: string;
  readonly stack: string;
  readonly resources: readonly CapturedResource[];
  /** Stack outputs, secrets masked. */
  readonly outputs: Record<string, unknown>;
  /**
   * Messages of `pulumi.log.warn` during the run, in order. Without an engine the SDK writes them
   * to `console.warn` as `warning: [runtime] <message>`; they are recorded here and still printed.
   */
  readonly warnings: readonly string[];
}

export interface MockOptions {
  /** Display names that `aws.identitystore.getGroup` reports as missing. */
  readonly missingExternalGroups?: readonly string[];
  /** Instance returned by `aws.ssoadmin.getInstances`. */
  readonly instance?: { readonly arn: string; readonly identityStoreId: string };
  /** Answer invokes with no instance at all (Identity Center not enabled). */
  readonly noInstance?: boolean;
  /**
   * Outputs of every stack a `pulumi.StackReference` reads (all secret, like a kubeconfig).
   * @default { kubeconfig: "[kubeconfig from the referenced stack]" }
   */
  readonly stackOutputs?: Readonly<Record<string, unknown>>;
  /**
   * `groupIds` output of each owner stack a cluster stack references (by stack name), plain.
   * @default for any stack: every key of `argo-sso:groups` → the ID the owner's offline render
   * gives its managed group of that key (so the two renders agree)
   */
  readonly ownerGroupIds?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * Accounts of each organizational unit (`getOrganizationalUnitDescendantAccounts`).
   * @default for any OU: two active placeholder accounts whose IDs are derived from the OU ID
   */
  readonly organizationalUnits?: Readonly<
    Record<string, readonly { readonly id: string; readonly name: string; readonly status?: string }[]>
  >;
  /** OU IDs that Organizations reports as missing. */
  readonly missingOrganizationalUnits?: readonly string[];
  /** User names that `aws.identitystore.getUser` reports as missing. */
  readonly missingUsers?: readonly string[];
  /**
   * Lookups that fail with a message of the test's choosing: user name, group display name, or
   * pin (`groupId` / `externalId.id`) → the error `getUser` / `getGroup` answers with (e.g. an
   * `AccessDeniedException`, or a not-found worded differently).
   */
  readonly lookupFailures?: Readonly<Record<string, string>>;
  /**
   * Display names the directory reports for pinned groups (`groupId` or `externalId.id` → name).
   * @default the configured group's display name (its key when none is set)
   */
  readonly pinnedGroupNames?: Readonly<Record<string, string>>;
  /**
   * What `aws.ssoadmin.getApplication` answers, by application ARN: `status` ("ENABLED" or
   * "DISABLED", as the SSO Admin API's DescribeApplication returns it) or `missing: true` for an
   * application that does not exist. An ARN not listed answers an enabled application.
   */
  readonly applications?: Readonly<Record<string, { readonly status?: string; readonly missing?: boolean }>>;
}

/** A 12-digit account ID derived from `seed` (placeholder for an OU's accounts). */
export function fakeAccountId(seed: string): string {
  return digest(seed, 24)
    .split("")
    .map((c) => String(parseInt(c, 16) % 10))
    .join("")
    .slice(0, 12);
}

/** The offline answer for an OU: two active accounts named after it. */
export function placeholderOuAccounts(ou: string): { id: string; name: string; status: string }[] {
  return [1, 2].map((n) => ({
    id: fakeAccountId(`${ou}:${n}`),
    name: `${ou}-account-${n}`,
    status: "ACTIVE",
  }));
}

/**
 * The owner stack's `groupIds` as its own offline render would give them: the placeholder ID of
 * the managed group `identity-center-directory-group/<key>`, for every group key of this stack.
 */
function placeholderOwnerGroupIds(): Record<string, string> {
  const ids: Record<string, string> = {};
  for (const key of Object.keys(configuredGroups()).sort()) {
    ids[key] = fakeGuid(`group:${childName("identity-center-directory", "group", key)}`);
  }
  return ids;
}

/** `argo-sso:groups` of the running stack, parsed (the mock's source for deterministic answers). */
function configuredGroups(): Record<string, Record<string, unknown>> {
  const raw = pulumi.runtime.allConfig()["argo-sso:groups"];
  try {
    const groups: unknown = raw === undefined ? {} : JSON.parse(raw);
    return typeof groups === "object" && groups !== null && !Array.isArray(groups)
      ? (groups as Record<string, Record<string, unknown>>)
      : {};
  } catch {
    return {};
  }
}

/** The display name the configured group pinned by `pin` expects (so the offline render agrees), else the pin. */
function pinnedDisplayName(pin: string): string {
  for (const [key, group] of Object.entries(configuredGroups())) {
    const externalId = group?.externalId as { id?: unknown } | undefined;
    if (group?.groupId === pin || externalId?.id === pin) {
      return typeof group.displayName === "string" ? group.displayName : key;
    }
  }
  return pin;
}

export interface RunOptions {
  /** @default "dev" */
  readonly stack?: string;
  /** Runtime config: `argo-sso:groups` → JSON text, as the Pulumi CLI passes it. @default {} */
  readonly config?: Readonly<Record<string, string>>;
  readonly secretKeys?: readonly string[];
  readonly mocks?: MockOptions;
  /**
   * The program to run: a module path (required fresh each run), or a function that declares
   * resources and returns the stack outputs (for component tests). @default the repository's index.ts
   */
  readonly program?: string | (() => unknown);
}

/** A short stable hex digest of `text`. */
export function digest(text: string, length = 16): string {
  return crypto.createHash("sha256").update(text).digest("hex").slice(0, length);
}

/** A GUID-shaped placeholder derived from `seed`, like Identity Store IDs. */
export function fakeGuid(seed: string): string {
  const h = digest(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export const DEFAULT_INSTANCE = {
  arn: "arn:aws:sso:::instance/ssoins-0000111122223333",
  identityStoreId: "d-0000000000",
};

/** Computed outputs of each resource type that the cloud would return (inputs pass through). */
function computedOutputs(
  type: string,
  name: string,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- mock inputs are untyped wire data
  inputs: Record<string, any>,
  id?: string,
): Record<string, unknown> {
  switch (type) {
    case "aws:identitystore/group:Group":
      // An adopted group keeps its ID (the second part of its import ID).
      return { groupId: importedObjectId(id) ?? fakeGuid(`group:${name}`) };
    case "aws:identitystore/user:User":
      return { userId: importedObjectId(id) ?? fakeGuid(`user:${name}`) };
    case "aws:identitystore/groupMembership:GroupMembership":
      return { membershipId: fakeGuid(`membership:${name}`) };
    case "aws:ssoadmin/permissionSet:PermissionSet":
      return {
        arn: `arn:aws:sso:::permissionSet/${String(inputs.instanceArn ?? "")
          .split("/")
          .pop()}/ps-${digest(name)}`,
        createdDate: "2026-01-01T00:00:00Z",
      };
    case "random:index/randomPassword:RandomPassword":
      return { result: `mock-${digest(`password:${name}:${JSON.stringify(inputs.keepers ?? {})}`, 48)}` };
    case "kubernetes:helm.sh/v3:Release":
      return { status: { name: inputs.name ?? name, namespace: inputs.namespace, status: "deployed" } };
    default:
      return {};
  }
}

/** `<store>/<object ID>` (a group or user import ID) → the object ID. */
function importedObjectId(id: string | undefined): string | undefined {
  const parts = id?.split("/");
  return parts?.length === 2 && parts[1] !== "" ? parts[1] : undefined;
}

/** Output fields that providers mark secret in real runs (mocks do not). */
const SECRET_OUTPUTS: Readonly<Record<string, readonly string[]>> = {
  "random:index/randomPassword:RandomPassword": ["result", "bcryptHash"],
};

/**
 * An invoke failure shaped like the engine's gRPC error: the SDK rethrows `new Error(err.details)`,
 * so without `details` the message would arrive empty.
 */
function invokeError(message: string): Error {
  return Object.assign(new Error(message), { details: message });
}

/**
 * The mock implementation: deterministic outputs, and an answer for each invoke the program
 * uses. Any other invoke throws, so a new data source cannot slip in untested.
 */
export function programMocks(options: MockOptions = {}): pulumi.runtime.Mocks {
  const instance = options.instance ?? DEFAULT_INSTANCE;
  const missing = new Set(options.missingExternalGroups ?? []);
  const missingUsers = new Set(options.missingUsers ?? []);
  const failures = new Map(Object.entries(options.lookupFailures ?? {}));
  const missingOus = new Set(options.missingOrganizationalUnits ?? []);
  return {
    newResource(args) {
      if (args.type === "pulumi:pulumi:StackReference") {
        const secret = options.stackOutputs ?? { kubeconfig: "[kubeconfig from the referenced stack]" };
        const stackName = String(args.inputs.name ?? "");
        const groupIds = options.ownerGroupIds?.[stackName] ?? placeholderOwnerGroupIds();
        return {
          id: args.id,
          state: { outputs: { groupIds, ...secret }, secretOutputNames: Object.keys(secret) },
        };
      }
      const outputs = computedOutputs(args.type, args.name, args.inputs, args.id);
      return { id: args.id ?? (args.custom === false ? undefined : `${args.name}-id`), state: outputs };
    },
    call(args) {
      switch (args.token) {
        case "aws:ssoadmin/getInstances:getInstances":
          return options.noInstance
            ? { arns: [], identityStoreIds: [], id: "mock" }
            : { arns: [instance.arn], identityStoreIds: [instance.identityStoreId], id: "mock" };
        case "aws:identitystore/getGroup:getGroup": {
          const pin: unknown = args.inputs?.groupId ?? args.inputs?.alternateIdentifier?.externalId?.id;
          const lookedUp: unknown = pin ?? args.inputs?.alternateIdentifier?.uniqueAttribute?.attributeValue;
          const failure = typeof lookedUp === "string" ? failures.get(lookedUp) : undefined;
          if (failure !== undefined) throw invokeError(failure);
          if (typeof pin === "string") {
            if (missing.has(pin)) throw invokeError(`ResourceNotFoundException: group ${pin} not found`);
            const groupId =
              typeof args.inputs.groupId === "string" ? args.inputs.groupId : fakeGuid(`external-id:${pin}`);
            const pinnedName = options.pinnedGroupNames?.[pin] ?? pinnedDisplayName(pin);
            return { ...args.inputs, groupId, displayName: pinnedName, id: groupId };
          }
          const displayName = args.inputs?.alternateIdentifier?.uniqueAttribute?.attributeValue;
          if (typeof displayName !== "string" || missing.has(displayName)) {
            throw invokeError(`ResourceNotFoundException: group ${JSON.stringify(displayName)} not found`);
          }
          return {
            ...args.inputs,
            groupId: fakeGuid(`external-group:${displayName}`),
            displayName,
            id: fakeGuid(`external-group:${displayName}`),
          };
        }
        case "aws:identitystore/getUser:getUser": {
          const userName = args.inputs?.alternateIdentifier?.uniqueAttribute?.attributeValue;
          const failure = typeof userName === "string" ? failures.get(userName) : undefined;
          if (failure !== undefined) throw invokeError(failure);
          if (typeof userName !== "string" || missingUsers.has(userName)) {
            throw invokeError(`ResourceNotFoundException: user ${JSON.stringify(userName)} not found`);
          }
          const userId = fakeGuid(`existing-user:${userName}`);
          return { ...args.inputs, userId, userName, id: userId };
        }
        case "aws:organizations/getOrganizationalUnitDescendantAccounts:getOrganizationalUnitDescendantAccounts": {
          const ou = String(args.inputs?.parentId ?? "");
          if (missingOus.has(ou)) {
            throw invokeError(`ParentNotFoundException: You specified a parent that doesn't exist. (${ou})`);
          }
          const accounts = (options.organizationalUnits?.[ou] ?? placeholderOuAccounts(ou)).map((a) => ({
            arn: `arn:aws:organizations::000000000000:account/o-placeholder/${a.id}`,
            email: `${a.id}@example.com`,
            id: a.id,
            name: a.name,
            status: a.status ?? "ACTIVE",
          }));
          return { accounts, id: ou, parentId: ou };
        }
        case "aws:ssoadmin/getApplication:getApplication": {
          const arn = String(args.inputs?.applicationArn ?? "");
          const scenario = options.applications?.[arn] ?? {};
          if (scenario.missing) {
            throw invokeError(`ResourceNotFoundException: application ${JSON.stringify(arn)} not found`);
          }
          return {
            ...args.inputs,
            id: arn,
            name: "Argo CD",
            applicationProviderArn: "arn:aws:sso::aws:applicationProvider/custom-saml",
            status: scenario.status ?? "ENABLED",
          };
        }
        default:
          throw invokeError(
            `unmocked invoke ${args.token}: add it to programMocks (scripts/lib/mock-runtime.ts)`,
          );
      }
    },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Replaces every secret on the wire format with {@link SECRET_PLACEHOLDER}; unwraps resource references. */
export function maskWire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskWire);
  if (!isObject(value)) return value;
  if (value[SIG_KEY] === SECRET_SIG) return SECRET_PLACEHOLDER;
  if (value[SIG_KEY] === RESOURCE_SIG) return `[resource ${String(value.urn ?? "")}]`;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = maskWire(value[key]);
  return out;
}

/** `urn:pulumi:stack::project::a$b$type::name` → `type::name`. */
function shortUrn(urn: string): string {
  const parts = urn.split("::");
  const qualifiedType = parts[2] ?? "";
  const type = qualifiedType.split("$").pop() ?? qualifiedType;
  return `${type}::${parts.slice(3).join("::")}`;
}

/** The parts of the monitor's protobuf messages read here (the SDK ships them untyped). */
interface Struct {
  toJavaScript(): Record<string, unknown>;
}
interface CustomTimeoutsMessage {
  getCreate(): string;
  getUpdate(): string;
  getDelete(): string;
}
interface AliasSpecMessage {
  getName(): string;
  getType(): string;
  getStack(): string;
  getProject(): string;
  getParenturn(): string;
  getNoparent(): boolean;
}
interface AliasMessage {
  getUrn(): string;
  getSpec(): AliasSpecMessage | undefined;
}
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getProvider(): string;
  getObject(): Struct | undefined;
  getProtect(): boolean | undefined;
  getDependenciesList(): string[];
  getCustom(): boolean;
  getAdditionalsecretoutputsList(): string[];
  getCustomtimeouts(): CustomTimeoutsMessage | undefined;
  getDeletedwith(): string;
  getIgnorechangesList(): string[];
  getReplaceonchangesList(): string[];
  getRetainondelete(): boolean | undefined;
  getDeletebeforereplace(): boolean;
  getAliasesList(): AliasMessage[];
  getAliasurnsList(): string[];
  getImportid(): string;
}
interface RegisterResponse {
  getUrn(): string;
  getObject(): Struct | undefined;
}
type Callback = (err: unknown, res: RegisterResponse) => void;
interface Monitor {
  registerResource(req: RegisterRequest, callback: Callback): Promise<void>;
}

function structToJs(struct: Struct | undefined): Record<string, unknown> {
  return struct && typeof struct.toJavaScript === "function" ? struct.toJavaScript() : {};
}

/** The options of a registration request beyond protect, parent, provider and dependsOn. */
function requestOptions(
  req: RegisterRequest,
): Pick<
  CapturedResource,
  | "additionalSecretOutputs"
  | "customTimeouts"
  | "deletedWith"
  | "ignoreChanges"
  | "replaceOnChanges"
  | "retainOnDelete"
  | "deleteBeforeReplace"
  | "aliases"
  | "importId"
> {
  const timeouts = req.getCustomtimeouts();
  const customTimeouts: { create?: string; update?: string; delete?: string } = {};
  if (timeouts?.getCreate()) customTimeouts.create = timeouts.getCreate();
  if (timeouts?.getUpdate()) customTimeouts.update = timeouts.getUpdate();
  if (timeouts?.getDelete()) customTimeouts.delete = timeouts.getDelete();
  const aliases = [
    ...req.getAliasesList().map((alias) => {
      const spec = alias.getSpec();
      if (!spec) return alias.getUrn();
      const out: Record<string, string | boolean> = {};
      if (spec.getName()) out.name = spec.getName();
      if (spec.getType()) out.type = spec.getType();
      if (spec.getStack()) out.stack = spec.getStack();
      if (spec.getProject()) out.project = spec.getProject();
      if (spec.getParenturn()) out.parent = shortUrn(spec.getParenturn());
      if (spec.getNoparent()) out.noParent = true;
      return out;
    }),
    ...req.getAliasurnsList(),
  ];
  const deletedWith = req.getDeletedwith();
  return {
    additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
    customTimeouts,
    deletedWith: deletedWith ? shortUrn(deletedWith) : null,
    ignoreChanges: req.getIgnorechangesList(),
    replaceOnChanges: req.getReplaceonchangesList(),
    retainOnDelete: req.getRetainondelete() === true,
    deleteBeforeReplace: req.getDeletebeforereplace() === true,
    aliases,
    importId: req.getImportid() || null,
  };
}

/**
 * Runs the program once with `options.config` and returns every resource it registered and
 * its stack outputs. A config error surfaces as the program's own exception.
 */
export async function runProgram(options: RunOptions): Promise<ProgramRun> {
  const captured: CapturedResource[] = [];
  const mocks = programMocks(options.mocks);
  const stack = options.stack ?? "dev";
  await pulumi.runtime.setMocks(mocks, PROJECT, stack, false);
  pulumi.runtime.setAllConfig({ ...(options.config ?? {}) }, [...(options.secretKeys ?? [])]);

  const monitor = pulumi.runtime.getMonitor() as unknown as Monitor;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) =>
    register(req, (err, res) => {
      if (!err) {
        const type: string = req.getType();
        const name: string = req.getName();
        const secretOutputs = new Set(SECRET_OUTPUTS[type] ?? []);
        const outputs = maskWire(structToJs(res.getObject())) as Record<string, unknown>;
        for (const key of Object.keys(outputs)) if (secretOutputs.has(key)) outputs[key] = SECRET_PLACEHOLDER;
        const provider: string = req.getProvider() ?? "";
        captured.push({
          type,
          name,
          parent: req.getParent() ? shortUrn(req.getParent()) : null,
          inputs: maskWire(structToJs(req.getObject())) as Record<string, unknown>,
          outputs,
          protect: req.getProtect() === true,
          provider: provider ? shortUrn(provider.split("::").slice(0, -1).join("::")) : null,
          dependsOn: req.getDependenciesList().map(shortUrn),
          custom: req.getCustom() === true,
          urn: res.getUrn(),
          ...requestOptions(req),
        });
      }
      callback(err, res);
    });

  const warnings: string[] = [];
  const consoleWarn = console.warn;
  console.warn = (...args: unknown[]) => {
    const text = args.map(String).join(" ");
    if (text.startsWith(RUNTIME_WARNING)) warnings.push(text.slice(RUNTIME_WARNING.length));
    consoleWarn(...args);
  };
  try {
    const exported = await Promise.resolve(load(options.program ?? PROGRAM));
    const outputs = await resolveStackOutputs(exported);
    await waitForRegistrations();
    captured.sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
    return { project: PROJECT, stack, resources: captured, outputs, warnings };
  } finally {
    console.warn = consoleWarn;
  }
}

/** How `pulumi.log.warn` prints without an engine (`@pulumi/pulumi` log/index.js). */
const RUNTIME_WARNING = "warning: [runtime] ";

function load(program: string | (() => unknown)): unknown {
  if (typeof program === "function") return program();
  const file = require.resolve(program);
  delete require.cache[file];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file);
}

async function resolveStackOutputs(exported: unknown): Promise<Record<string, unknown>> {
  if (!isObject(exported)) return {};
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const rpc = require("@pulumi/pulumi/runtime/rpc");
  const wire = await rpc.serializeProperties("stack-outputs", exported, { keepOutputValues: false });
  return maskWire(wire) as Record<string, unknown>;
}

async function waitForRegistrations(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const settings = require("@pulumi/pulumi/runtime/settings");
  await settings.waitForRPCs();
}
