/**
 * The benchmark's floor: a bare program that registers the same resources as a render of the
 * real program (same types, names, parents and explicit providers, the rendered inputs as plain
 * values) on the same mock engine, and does nothing else: no config validation, no `Output`
 * wiring between resources, no invokes, no `dependsOn`. Its cost is what the Pulumi SDK needs for
 * that many resources; the program's own cost is the difference.
 *
 * By default each resource is constructed with its provider SDK class (`aws.ssoadmin.AccountAssignment`
 * for `aws:ssoadmin/accountAssignment:AccountAssignment`, loaded by deep import), because those
 * generated classes are part of the SDK's cost (one `Output` per declared property, whether set
 * or not) and no program can avoid them. `kind: "bare"` uses `pulumi.CustomResource` instead:
 * the cost of the core SDK alone.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ProgramRun } from "./mock-runtime";

/** One resource of a render, as much as the floor needs to register it again. */
export interface ShapeEntry {
  readonly type: string;
  readonly name: string;
  /** `<type>::<name>` of the parent, or null. */
  readonly parent: string | null;
  /** `<type>::<name>` of the explicit provider, or null. */
  readonly provider: string | null;
  readonly custom: boolean;
  /** The rendered inputs (secrets already masked), registered as plain values. */
  readonly inputs: Record<string, unknown>;
}

const PROVIDER_PREFIX = "pulumi:providers:";

/** What the floor constructs each resource with. */
export type FloorKind = "classes" | "bare";

/** A generated resource class: `new (name, inputs, opts)`, with its type token as `__pulumiType`. */
type ResourceClass = (new (
  name: string,
  args: Record<string, unknown>,
  opts?: pulumi.CustomResourceOptions,
) => pulumi.Resource) & {
  readonly __pulumiType?: string;
};

/**
 * The module a type token's class lives in, for a deep import: `aws:ssoadmin/accountAssignment:X`
 * → `@pulumi/aws/ssoadmin`; `kubernetes:rbac.authorization.k8s.io/v1:X` → `@pulumi/kubernetes/rbac/v1`;
 * `random:index/randomPassword:X` → `@pulumi/random/randomPassword`; `pulumi:providers:aws` → `@pulumi/aws/provider`.
 * Undefined for a token of another form (components, engine types).
 */
export function classModule(type: string): { module: string; exportName: string } | undefined {
  if (type.startsWith(PROVIDER_PREFIX)) {
    return { module: `@pulumi/${type.slice(PROVIDER_PREFIX.length)}/provider`, exportName: "Provider" };
  }
  const match = /^([a-z0-9-]+):([^:/]+)\/([^:]+):(\w+)$/.exec(type);
  if (!match) return undefined;
  const [, pkg, mod, rest, exportName] = match as unknown as [string, string, string, string, string];
  if (mod === "index") return { module: `@pulumi/${pkg}/${rest}`, exportName };
  if (pkg === "kubernetes") return { module: `@pulumi/kubernetes/${mod.split(".")[0]}/${rest}`, exportName };
  return { module: `@pulumi/${pkg}/${mod}`, exportName };
}

/** The provider SDK class registered under `type`, or undefined when there is none to load. */
export function resourceClass(type: string): ResourceClass | undefined {
  const where = classModule(type);
  if (where === undefined) return undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cls = (require(where.module) as Record<string, ResourceClass | undefined>)[where.exportName];
    const token = type.startsWith(PROVIDER_PREFIX) ? type.slice(PROVIDER_PREFIX.length) : type;
    return typeof cls === "function" && cls.__pulumiType === token ? cls : undefined;
  } catch {
    return undefined;
  }
}
/** Types the engine registers itself; a program never declares them. */
const ENGINE_TYPES = new Set(["pulumi:pulumi:Stack"]);

/** The shape of a render: every resource the program declared, in URN order. */
export function shapeOf(run: ProgramRun): ShapeEntry[] {
  return run.resources
    .filter((r) => !ENGINE_TYPES.has(r.type))
    .map((r) => ({
      type: r.type,
      name: r.name,
      parent: r.parent,
      provider: r.provider,
      custom: r.custom,
      inputs: r.inputs,
    }));
}

/** `<type>::<name>`, the form of `parent` and `provider`. */
export function identityOf(entry: Pick<ShapeEntry, "type" | "name">): string {
  return `${entry.type}::${entry.name}`;
}

/** The SDK's base classes, made constructible. */
class BareCustom extends pulumi.CustomResource {}
class BareProvider extends pulumi.ProviderResource {}
class BareComponent extends pulumi.ComponentResource {
  /** Closes the component the way every real one does, with `registerOutputs`. */
  done(): void {
    this.registerOutputs({});
  }
}

/**
 * A program (for `runProgram({ program })`) that declares `shape` again: parents before
 * children, providers before the resources that use them, every component closed with an empty
 * `registerOutputs`.
 *
 * @param kind `"classes"`: provider SDK classes where the type has one; `"bare"`: `pulumi.CustomResource`
 *   and `pulumi.ProviderResource` only. @default "classes"
 */
export function floorProgram(
  shape: readonly ShapeEntry[],
  kind: FloorKind = "classes",
): () => Record<string, never> {
  return () => {
    const classes = new Map<string, ResourceClass | undefined>();
    const classOf = (type: string): ResourceClass | undefined => {
      if (kind === "bare") return undefined;
      if (!classes.has(type)) classes.set(type, resourceClass(type));
      return classes.get(type);
    };
    const byId = new Map(shape.map((e) => [identityOf(e), e]));
    const declared = new Map<string, pulumi.Resource>();
    const components: BareComponent[] = [];
    const declare = (id: string): pulumi.Resource | undefined => {
      const existing = declared.get(id);
      if (existing !== undefined) return existing;
      const entry = byId.get(id);
      if (entry === undefined) return undefined;
      const parent = entry.parent === null ? undefined : declare(entry.parent);
      const provider = entry.provider === null ? undefined : declare(entry.provider);
      const opts: pulumi.CustomResourceOptions = {
        ...(parent === undefined ? {} : { parent }),
        ...(provider instanceof pulumi.ProviderResource ? { provider } : {}),
      };
      const cls = entry.custom ? classOf(entry.type) : undefined;
      let resource: pulumi.Resource;
      if (cls !== undefined) {
        resource = new cls(entry.name, entry.inputs, opts);
      } else if (entry.type.startsWith(PROVIDER_PREFIX)) {
        resource = new BareProvider(entry.type.slice(PROVIDER_PREFIX.length), entry.name, entry.inputs, opts);
      } else if (entry.custom) {
        resource = new BareCustom(entry.type, entry.name, entry.inputs, opts);
      } else {
        const component = new BareComponent(entry.type, entry.name, {}, opts);
        components.push(component);
        resource = component;
      }
      declared.set(id, resource);
      return resource;
    };
    for (const entry of shape) declare(identityOf(entry));
    for (const component of components) component.done();
    return {};
  };
}
