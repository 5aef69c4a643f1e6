/**
 * Runs the pack's policies the way the Pulumi engine calls them, without the engine: builds the
 * `ResourceValidationArgs` / `StackValidationArgs` a policy receives and collects what it reports.
 * Resources come either from a rendered program (the capture mock) or from hand-written fakes.
 */
import { expect } from "chai";
import type {
  EnforcementLevel,
  Policy,
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { ProgramRun } from "../support/capture";
import { policies } from "../../policy/policies";
import { PackConfig, resolvePolicy } from "../../policy/pack-config";

/** A resource as a test writes it; everything but type and props has a default. */
export interface FakeResource {
  readonly type: string;
  readonly props: Record<string, unknown>;
  /** @default derived from the type */
  readonly name?: string;
  /** @default false */
  readonly protect?: boolean;
  /** Resources each input property depends on (the engine knows them even before ARNs exist). */
  readonly propertyDependencies?: Record<string, FakeResource[]>;
}

export interface Violation {
  readonly policy: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly message: string;
  readonly urn?: string;
}

function nameOf(r: FakeResource): string {
  return r.name ?? (r.type.split(":").pop() ?? "resource").toLowerCase();
}

function urnOf(r: FakeResource): string {
  return `urn:pulumi:test::argo-sso::${r.type}::${nameOf(r)}`;
}

function notApplicable(reason?: string): never {
  throw new Error(`not applicable: ${reason ?? ""}`);
}

function toPolicyResource(r: FakeResource): PolicyResource {
  const deps: Record<string, PolicyResource[]> = {};
  for (const [key, list] of Object.entries(r.propertyDependencies ?? {}))
    deps[key] = list.map(toPolicyResource);
  return {
    type: r.type,
    name: nameOf(r),
    urn: urnOf(r),
    props: r.props,
    opts: {
      protect: r.protect ?? false,
      ignoreChanges: [],
      aliases: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
      additionalSecretOutputs: [],
    },
    dependencies: Object.values(deps).flat(),
    propertyDependencies: deps,
    isType: () => false,
    asType: () => undefined,
  };
}

function isStackPolicy(p: Policy): p is StackValidationPolicy {
  return typeof (p as StackValidationPolicy).validateStack === "function";
}

/** Every message `policy` reports for `resources`, with `config` as its `getConfig()`. */
export async function violationsOf(
  policy: Policy,
  resources: readonly FakeResource[],
  config: Record<string, unknown> = {},
): Promise<string[]> {
  const messages: string[] = [];
  const report = (message: string) => messages.push(message);
  const common = { stackTags: new Map<string, string>(), getConfig: <T>() => config as T, notApplicable };
  if (isStackPolicy(policy)) {
    await policy.validateStack({ ...common, resources: resources.map(toPolicyResource) }, report);
    return messages;
  }
  const validations = (policy as ResourceValidationPolicy).validateResource;
  for (const r of resources) {
    const resource = toPolicyResource(r);
    const args: ResourceValidationArgs = {
      ...common,
      type: resource.type,
      name: resource.name,
      urn: resource.urn,
      props: resource.props,
      opts: resource.opts,
      isType: () => false,
      asType: () => undefined,
    };
    for (const validate of Array.isArray(validations) ? validations : validations ? [validations] : []) {
      await validate(args, report);
    }
  }
  return messages;
}

/** Runs the whole pack under a pack config file, as `--policy-pack-config` would. */
export async function runPack(
  resources: readonly FakeResource[],
  packConfig: PackConfig,
): Promise<Violation[]> {
  const out: Violation[] = [];
  for (const policy of policies) {
    const { enforcementLevel, config } = resolvePolicy(policy.name, packConfig);
    if (enforcementLevel === "disabled") continue;
    for (const message of await violationsOf(policy, resources, config)) {
      out.push({ policy: policy.name, enforcementLevel, message });
    }
  }
  return out;
}

/**
 * A rendered program's resources as the engine would show them to the pack: inputs with the
 * cloud's outputs on top (the capture mock records them apart), and the `protect` option.
 * Component resources are skipped: the engine does not send them to resource policies.
 */
export function fromRun(run: ProgramRun): FakeResource[] {
  return run.resources
    .filter((r) => r.custom)
    .map((r) => ({ type: r.type, name: r.name, props: { ...r.inputs, ...r.outputs }, protect: r.protect }));
}

/** Asserts one message per pattern, in order, each matching its pattern. */
export function matchAll(messages: readonly string[], patterns: readonly RegExp[]): void {
  expect(messages, messages.join("\n")).to.have.length(patterns.length);
  patterns.forEach((pattern, i) => expect(messages[i]).to.match(pattern));
}
