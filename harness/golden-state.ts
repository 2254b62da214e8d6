/**
 * Golden states: a resource's state as a released version wrote it, kept as a test fixture so that
 * every later version is shown to refresh, update and destroy it (test/engine/golden-states.test.ts).
 *
 * A fixture holds no credential: every secret, prefix, API key and URL of the run that made it is
 * replaced by a placeholder (`<name>`), and a test puts values of its own in their place.
 */
import type { ResourceState } from "./engine";

type Props = Record<string, unknown>;

export interface GoldenState {
  /** The package version that wrote the state. */
  release: string;
  /** The @pulumi/pulumi version the program ran on. */
  sdk: string;
  /** How `__provider` was serialized: from the installed package, or by value from a source checkout. */
  form: "installed" | "source";
  resource: string;
  urn: string;
  type: string;
  name: string;
  id: string;
  /** The arguments the program gave (placeholders for secrets). */
  args: Props;
  inputs: Props;
  outputs: Props;
  secretInputs: string[];
  secretOutputs: string[];
  additionalSecretOutputs: string[];
  /** What Ultravox held right after (placeholders for secrets). */
  remote: Props;
}

/** Every string value equal to a key of `values` (at any depth) replaced by that key's value. */
export function substitute<T>(value: T, values: Readonly<Record<string, string>>): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return Object.hasOwn(values, v) ? values[v] : v;
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, walk(inner)]));
    return v;
  };
  return walk(value) as T;
}

/** A fixture from a state the harness engine holds; `placeholders` maps each real value to its placeholder. */
export function capture(
  state: ResourceState,
  meta: Pick<GoldenState, "release" | "sdk" | "form" | "resource" | "args" | "remote">,
  placeholders: Readonly<Record<string, string>>,
): GoldenState {
  return substitute(
    {
      ...meta,
      urn: state.urn,
      type: state.type,
      name: state.name,
      id: state.id,
      inputs: state.inputs,
      outputs: state.outputs,
      secretInputs: [...state.secretInputs].sort(),
      secretOutputs: [...state.secretOutputs].sort(),
      additionalSecretOutputs: state.additionalSecretOutputs,
    },
    placeholders,
  );
}

/** The harness state a fixture describes, with `values` in place of its placeholders. */
export function restore(golden: GoldenState, values: Readonly<Record<string, string>>): ResourceState {
  const g = substitute(golden, values);
  return {
    urn: g.urn,
    type: g.type,
    name: g.name,
    id: g.id,
    inputs: g.inputs,
    outputs: g.outputs,
    secretInputs: new Set(g.secretInputs),
    secretOutputs: new Set(g.secretOutputs),
    additionalSecretOutputs: g.additionalSecretOutputs,
  };
}
