/**
 * The part of the Pulumi engine that decides steps and keeps the state, for one provider process.
 *
 * It follows the engine's rules (pulumi/pulumi 3.260, pkg/resource/deploy), so tests can assert on
 * what `pulumi preview`, `up`, `refresh` and `destroy` would do and what would be written to disk:
 *  - Check gets the stored inputs as olds; Diff gets the stored *outputs* as olds, the checked
 *    inputs as news (step_generator.go:1334-1341, 2945-2948).
 *  - DIFF_UNKNOWN: the engine diffs stored and new inputs itself, in plaintext, `__` keys included;
 *    any difference is an update (step_generator.go:2996-3006).
 *  - A same step stores the new inputs and keeps the outputs (step.go:177-179, snapshot.go:349).
 *  - Refresh: Read gets the stored outputs and inputs; its inputs, when returned, replace the
 *    stored ones; then Diff runs with the refreshed outputs as olds and the old inputs as news, and
 *    is inverted (step.go:1580-1715).
 *  - Secrets: checked and refreshed inputs are secret where the program's (or stored) input of the
 *    same key was (provider_plugin.go:1264, 1652); outputs are secret where the same-name input is,
 *    or listed in additionalSecretOutputs (step_executor.go:516-567).
 *  - A Create or Update that fails with a partial state (ErrorResourceInitFailed) stores that state,
 *    its reasons as init errors (step.go:383-452, 1030-1090); a resource with init errors is
 *    updated on the next `up` even when Diff finds nothing (step_generator.go:2182-2196).
 *  - Diff's `replaces`: the new resource is created, then the old one deleted with its old state
 *    (the default), or the old one deleted first with `deleteBeforeReplace` (step_generator.go).
 */
import type { ReadResource, RegisteredResource } from "./program";
import { ENCRYPTED_SECRET } from "./pulumi-wire";
import { RpcError, type DiffChanges, type PartialState, type ProviderProcess } from "./provider-process";

type Props = Record<string, unknown>;

export interface ResourceState {
  urn: string;
  type: string;
  name: string;
  id: string;
  inputs: Props;
  outputs: Props;
  secretInputs: Set<string>;
  secretOutputs: Set<string>;
  additionalSecretOutputs: string[];
  /** Set by a Create or Update that failed with a partial state: the next `up` updates the resource. */
  initErrors?: string[];
}

export type PropertyDiffKind = "add" | "delete" | "update";

/** One leaf of the engine's own input diff, e.g. `callCreationAllowedAgentIds[2]`. */
export interface PropertyDiff {
  path: (string | number)[];
  kind: PropertyDiffKind;
}

export interface StateView {
  inputs: Props;
  outputs: Props;
  secretInputs: Set<string>;
  secretOutputs: Set<string>;
}

export interface Step {
  urn: string;
  name: string;
  type: string;
  op: "create" | "update" | "replace" | "same" | "delete" | "refresh" | "read";
  /** The resource's id, once it has one. */
  id?: string;
  /** For refresh steps: whether the refresh found a difference (update) or not (same). */
  refreshResult?: "update" | "same" | "delete";
  /** The provider's Diff answer, when Diff ran. */
  providerDiff?: DiffChanges;
  /** Set when the engine diffed inputs itself (DIFF_UNKNOWN): the leaves that differ. */
  detailedDiff?: PropertyDiff[];
  /** For a replacement: the properties whose change forces it, as Diff named them. */
  replaces?: string[];
  old?: StateView;
  new?: StateView;
  failures?: { property: string; reason: string }[];
  error?: string;
}

export interface OperationResult {
  steps: Step[];
  errors: string[];
}

export class Engine {
  readonly state = new Map<string, ResourceState>();

  constructor(readonly provider: ProviderProcess) {}

  /** `pulumi preview`: Check and Diff only; nothing is created, changed or stored. */
  preview(program: RegisteredResource[]): Promise<OperationResult> {
    return this.deploy(program, true);
  }

  /** `pulumi up`. */
  up(program: RegisteredResource[]): Promise<OperationResult> {
    return this.deploy(program, false);
  }

  /**
   * The part of a `pulumi up` that can run before other resources' inputs are known: these
   * resources are deployed, and no other resource is deleted. (The engine orders a deployment by
   * its dependencies; the harness, which sees one program run at a time, takes it in stages.)
   */
  upStage(resources: RegisteredResource[]): Promise<OperationResult> {
    return this.deploy(resources, false, false);
  }

  /** `pulumi refresh`. */
  async refresh(): Promise<OperationResult> {
    const steps = await Promise.all([...this.state.values()].map((old) => this.refreshOne(old)));
    return result(steps);
  }

  /** `pulumi preview --refresh`: refresh first, then preview against the refreshed state, storing nothing. */
  async previewWithRefresh(program: RegisteredResource[]): Promise<{ refresh: OperationResult; preview: OperationResult }> {
    const saved = new Map([...this.state].map(([k, v]) => [k, cloneState(v)]));
    const refresh = await this.refresh();
    const preview = await this.preview(program);
    this.state.clear();
    for (const [k, v] of saved) this.state.set(k, v);
    return { refresh, preview };
  }

  /**
   * The reads a program's static `get`s ask for (ReadResource): Read gets the constructor's
   * properties as state and inputs (step.go ReadStep.Apply, pulumi 3.260: `State: s.new.Inputs`).
   * A read resource is not managed: `destroy` leaves it alone, so it is kept apart from `state`.
   */
  async read(reads: readonly ReadResource[]): Promise<OperationResult> {
    const steps = await Promise.all(
      reads.map(async (r): Promise<Step> => {
        const step: Step = { urn: r.urn, name: r.name, type: r.type, op: "read", id: r.id };
        try {
          const answer = await this.provider.read(r.urn, r.id, r.properties, r.properties);
          if (answer.id === "") step.error = `resource '${r.id}' does not exist`;
          else step.new = { inputs: answer.inputs ?? {}, outputs: answer.properties, secretInputs: new Set(), secretOutputs: new Set() };
        } catch (error) {
          step.error = message(error);
        }
        return step;
      }),
    );
    return result(steps);
  }

  /** `pulumi destroy`. */
  async destroy(): Promise<OperationResult> {
    const steps = await Promise.all([...this.state.values()].map((old) => this.deleteOne(old, false)));
    return result(steps);
  }

  /** The state as it would be written to disk: secret values replaced by Pulumi's envelope. */
  persisted(): Record<string, { id: string; inputs: Props; outputs: Props }> {
    const out: Record<string, { id: string; inputs: Props; outputs: Props }> = {};
    for (const [urn, s] of this.state) {
      out[urn] = { id: s.id, inputs: encrypt(s.inputs, s.secretInputs), outputs: encrypt(s.outputs, s.secretOutputs) };
    }
    return out;
  }

  /**
   * The program's resources, concurrently; then, once all of them succeeded, the deletes of the
   * resources gone from the program, as the engine schedules them last (and not at all after an error).
   */
  private async deploy(program: RegisteredResource[], dryRun: boolean, deleteOthers = true): Promise<OperationResult> {
    const wanted = new Set(program.map((r) => r.urn));
    const others = deleteOthers ? [...this.state.values()].filter((s) => !wanted.has(s.urn)) : [];
    const steps = await Promise.all(program.map((r) => this.deployOne(r, dryRun)));
    if (steps.some((s) => s.error)) return result(steps);
    steps.push(...(await Promise.all(others.map((old) => this.deleteOne(old, dryRun)))));
    return result(steps);
  }

  private async deployOne(resource: RegisteredResource, dryRun: boolean): Promise<Step> {
    const old = this.state.get(resource.urn);
    const base = { urn: resource.urn, name: resource.name, type: resource.type };
    const check = await this.provider.check(resource.urn, old?.inputs ?? {}, resource.inputs);
    if (check.failures.length > 0) {
      return { ...base, op: old ? "update" : "create", failures: check.failures, error: "check failed" };
    }
    const inputs = check.inputs;
    const secretInputs = new Set(resource.secretInputs.filter((k) => k in inputs));
    const newView = (outputs: Props): StateView => ({
      inputs,
      outputs,
      secretInputs,
      secretOutputs: secretOutputsOf(outputs, secretInputs, resource.additionalSecretOutputs),
    });

    if (!old) {
      const step: Step = { ...base, op: "create", new: newView({}) };
      if (dryRun) return step;
      try {
        const created = await this.provider.create(resource.urn, inputs);
        this.store(resource, created.id, newView(created.properties));
        step.new = newView(created.properties);
        step.id = created.id;
      } catch (error) {
        step.error = message(error);
        this.storePartial(resource, error, newView);
      }
      return step;
    }

    const oldView = viewOf(old);
    let diff;
    try {
      diff = await this.provider.diff(resource.urn, old.id, old.outputs, inputs, old.inputs);
    } catch (error) {
      return { ...base, op: "update", id: old.id, old: oldView, new: newView({}), error: message(error) };
    }
    let changed = diff.changes === "some";
    let detailedDiff: PropertyDiff[] | undefined;
    if (diff.changes === "unknown") {
      detailedDiff = diffProperties(old.inputs, inputs);
      changed = detailedDiff.length > 0;
    }
    if (diff.replaces.length > 0)
      return this.replaceOne(resource, old, inputs, newView, { ...base, providerDiff: diff.changes }, diff, dryRun);
    if (!changed && !old.initErrors?.length) {
      if (!dryRun) this.store(resource, old.id, { ...newView(old.outputs), secretOutputs: old.secretOutputs });
      return { ...base, op: "same", id: old.id, providerDiff: diff.changes, old: oldView, new: newView(old.outputs) };
    }
    const step: Step = { ...base, op: "update", id: old.id, providerDiff: diff.changes, detailedDiff, old: oldView, new: newView({}) };
    if (dryRun) return step;
    try {
      const updated = await this.provider.update(resource.urn, old.id, old.outputs, inputs, old.inputs);
      this.store(resource, old.id, newView(updated.properties));
      step.new = newView(updated.properties);
    } catch (error) {
      step.error = message(error);
      this.storePartial(resource, error, newView);
    }
    return step;
  }

  /** A replacement: create the new resource, then delete the old (or the reverse, with deleteBeforeReplace). */
  private async replaceOne(
    resource: RegisteredResource,
    old: ResourceState,
    inputs: Props,
    newView: (outputs: Props) => StateView,
    base: Pick<Step, "urn" | "name" | "type" | "providerDiff">,
    diff: { replaces: string[]; deleteBeforeReplace: boolean },
    dryRun: boolean,
  ): Promise<Step> {
    const step: Step = { ...base, op: "replace", id: old.id, replaces: diff.replaces, old: viewOf(old), new: newView({}) };
    if (dryRun) return step;
    const deleteOld = async (): Promise<boolean> => {
      try {
        await this.provider.delete(old.urn, old.id, old.outputs, old.inputs);
        return true;
      } catch (error) {
        step.error = `deleting the replaced resource: ${message(error)}`;
        return false;
      }
    };
    if (diff.deleteBeforeReplace) {
      if (!(await deleteOld())) return step;
      this.state.delete(old.urn);
    }
    try {
      const created = await this.provider.create(resource.urn, inputs);
      step.id = created.id;
      step.new = newView(created.properties);
    } catch (error) {
      step.error = message(error);
      return step;
    }
    // The old resource is deleted only once its replacement exists (the engine keeps it pending deletion).
    if (!diff.deleteBeforeReplace && !(await deleteOld())) return step;
    this.store(resource, step.id, step.new);
    return step;
  }

  private async deleteOne(old: ResourceState, dryRun: boolean): Promise<Step> {
    const step: Step = { urn: old.urn, name: old.name, type: old.type, op: "delete", id: old.id, old: viewOf(old) };
    if (dryRun) return step;
    try {
      await this.provider.delete(old.urn, old.id, old.outputs, old.inputs);
      this.state.delete(old.urn);
    } catch (error) {
      step.error = message(error);
    }
    return step;
  }

  private async refreshOne(old: ResourceState): Promise<Step> {
    const step: Step = { urn: old.urn, name: old.name, type: old.type, op: "refresh", id: old.id, old: viewOf(old) };
    let read;
    try {
      read = await this.provider.read(old.urn, old.id, old.outputs, old.inputs);
    } catch (error) {
      step.error = message(error);
      return step;
    }
    if (read.id === "") {
      step.refreshResult = "delete";
      this.state.delete(old.urn);
      return step;
    }
    const inputs = read.inputs ?? old.inputs;
    const secretInputs = new Set([...old.secretInputs].filter((k) => k in inputs));
    const outputs = read.properties;
    const secretOutputs = new Set([
      ...secretOutputsOf(outputs, secretInputs, old.additionalSecretOutputs),
      ...[...old.secretOutputs].filter((k) => k in outputs),
    ]);
    const refreshed: ResourceState = { ...old, id: read.id, inputs, outputs, secretInputs, secretOutputs };
    step.new = viewOf(refreshed);

    // Diff with the refreshed state as old and the stored inputs as new, then inverted.
    const diff = await this.provider.diff(old.urn, read.id, outputs, old.inputs, inputs);
    step.providerDiff = diff.changes;
    let changed = diff.changes === "some";
    if (diff.changes === "unknown") {
      // Inverted: old = stored inputs, new = refreshed inputs.
      step.detailedDiff = diffProperties(old.inputs, inputs);
      changed = step.detailedDiff.length > 0;
    }
    step.refreshResult = changed ? "update" : "same";
    this.state.set(old.urn, refreshed);
    return step;
  }

  /** A failed Create or Update that reported a partial state: the engine stores it, with init errors. */
  private storePartial(resource: RegisteredResource, error: unknown, newView: (outputs: Props) => StateView): void {
    const partial: PartialState | undefined = error instanceof RpcError ? error.partial : undefined;
    if (!partial) return;
    this.store(resource, partial.id, newView(partial.properties), partial.reasons);
  }

  private store(resource: RegisteredResource, id: string, view: StateView, initErrors?: string[]): void {
    this.state.set(resource.urn, {
      urn: resource.urn,
      type: resource.type,
      name: resource.name,
      id,
      ...view,
      additionalSecretOutputs: resource.additionalSecretOutputs,
      ...(initErrors && initErrors.length > 0 ? { initErrors } : {}),
    });
  }
}

function secretOutputsOf(outputs: Props, secretInputs: Set<string>, additional: string[]): Set<string> {
  return new Set(Object.keys(outputs).filter((k) => secretInputs.has(k) || additional.includes(k)));
}

function viewOf(s: ResourceState): StateView {
  return { inputs: s.inputs, outputs: s.outputs, secretInputs: s.secretInputs, secretOutputs: s.secretOutputs };
}

function cloneState(s: ResourceState): ResourceState {
  return {
    ...s,
    inputs: structuredClone(s.inputs),
    outputs: structuredClone(s.outputs),
    secretInputs: new Set(s.secretInputs),
    secretOutputs: new Set(s.secretOutputs),
  };
}

function result(steps: Step[]): OperationResult {
  const errors = steps.flatMap((s) =>
    s.error ? [`${s.name}: ${s.error}${s.failures ? `: ${s.failures.map((f) => f.reason).join("; ")}` : ""}`] : [],
  );
  return { steps, errors };
}

function message(error: unknown): string {
  return error instanceof RpcError ? error.message : error instanceof Error ? error.message : String(error);
}

/** Secret values as a state file holds them: encrypted, never in plaintext. */
function encrypt(props: Props, secrets: Set<string>): Props {
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, secrets.has(k) ? ENCRYPTED_SECRET : v]));
}

/**
 * The engine's PropertyMap diff (sdk/go/common/resource/properties_diff.go:188-330), as leaves:
 * null counts as absent, arrays compare index by index, `__` keys are included.
 */
export function diffProperties(olds: Props, news: Props): PropertyDiff[] {
  const out: PropertyDiff[] = [];
  const visit = (a: unknown, b: unknown, path: (string | number)[]) => {
    const hasA = a !== undefined && a !== null;
    const hasB = b !== undefined && b !== null;
    if (!hasA && !hasB) return;
    if (!hasA) return void out.push({ path, kind: "add" });
    if (!hasB) return void out.push({ path, kind: "delete" });
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) visit(a[i], b[i], [...path, i]);
      return;
    }
    if (isObject(a) && isObject(b)) {
      for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) visit(a[key], b[key], [...path, key]);
      return;
    }
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path, kind: "update" });
  };
  for (const key of [...new Set([...Object.keys(olds), ...Object.keys(news)])].sort()) visit(olds[key], news[key], [key]);
  return out;
}

function isObject(v: unknown): v is Props {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
