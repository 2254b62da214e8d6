/**
 * What the Pulumi CLI shows a reviewer for a step, as data: the row's operation, the keys in its
 * `[diff: ...]`, and which values `--diff` compares. Tests assert on this; `cli-printer.ts` turns
 * it into the CLI's text for the demo.
 *
 * It follows the engine's and the CLI's own rules, read from pulumi/pulumi at 3.260 (commit
 * 1b5949891b); paths below are in that repository:
 *  - Secrets are replaced by "[secret]" when the event is made, before any display comparison
 *    (pkg/engine/events.go:846-849): two secrets always look equal there.
 *  - The row's `[diff: ...]` (pkg/backend/display/rows.go:466-545): with a detailed diff (only
 *    from DIFF_UNKNOWN, which the engine computes on plaintext) its top-level keys, `__` keys
 *    included (pkg/engine/detailedDiff.go:163-215); without one (DIFF_SOME), the masked stored
 *    inputs against the masked new inputs, `__` keys ignored. No difference, no `[diff: ...]`.
 *  - `--diff` (pkg/backend/display/diff.go:432-482, object_diff.go:208-247): with a detailed diff
 *    only its paths; without one every non-`__` input; a create lists the new inputs.
 *  - Refresh (pkg/resource/deploy/step.go:1699-1715, diff.go:484-559): the provider's diff with
 *    the refreshed state as old and the stored inputs as new, inverted; `--diff` shows the detailed
 *    diff of the inputs when there is one, else the old outputs against the new.
 */
import { diffProperties, type PropertyDiff, type StateView, type Step } from "./engine";

type Props = Record<string, unknown>;

/** A masked secret, as the display sees it. */
export const SECRET = Symbol("[secret]");

export type Command = "preview" | "up" | "refresh" | "destroy";
export type DisplayOp = "same" | "create" | "update" | "replace" | "delete";

/** The keys of a row's `[diff: +added-deleted~updated]`, each group sorted. */
export interface RowDiff {
  add: string[];
  delete: string[];
  update: string[];
}

/** What `--diff` prints property lines from. */
export type Comparison =
  /** A create or delete: these (masked) inputs, all of them. */
  | { kind: "all"; values: Props }
  /** Only the detailed diff's paths, between these (masked) values. */
  | { kind: "detailed"; diffs: PropertyDiff[]; olds: Props; news: Props }
  /** Every non-`__` key, old against new (masked). */
  | { kind: "old-new"; olds: Props; news: Props }
  | { kind: "none" };

/** One changed leaf, as a reviewer reads it: `callCreationAllowedAgentIds[1]: "a" => "b"`. */
export interface LeafChange {
  path: string;
  kind: "add" | "delete" | "update";
  old?: unknown;
  new?: unknown;
}

/** How a step shows: refresh steps show as the result they found. */
export function displayOp(step: Step): DisplayOp {
  if (step.op === "refresh") return step.refreshResult ?? "same";
  if (step.op === "read") return "same";
  return step.op;
}

/** Secrets replaced by the placeholder, as events.go does before anything is shown. */
export function mask(props: Props, secrets: Set<string>): Props {
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, secrets.has(k) ? SECRET : v]));
}

/** The row's `[diff: ...]`; undefined when the row shows none. */
export function rowDiff(step: Step): RowDiff | undefined {
  const op = displayOp(step);
  if (!step.old || !step.new || (op !== "update" && op !== "replace")) return undefined;
  const leaves = step.detailedDiff
    ? step.detailedDiff
    : diffProperties(mask(step.old.inputs, step.old.secretInputs), mask(step.new.inputs, step.new.secretInputs)).filter(
        (d) => !String(d.path[0]).startsWith("__"),
      );
  if (leaves.length === 0) return undefined;
  const byKey = new Map<string, PropertyDiff["kind"]>();
  // A leaf below the top level makes the top-level key an update.
  for (const d of leaves) byKey.set(String(d.path[0]), d.path.length > 1 ? "update" : d.kind);
  const group = (kind: PropertyDiff["kind"]) =>
    [...byKey]
      .filter(([, k]) => k === kind)
      .map(([key]) => key)
      .sort();
  return { add: group("add"), delete: group("delete"), update: group("update") };
}

/** What `--diff` compares for this step. */
export function comparison(step: Step, command: Command): Comparison {
  const op = displayOp(step);
  if (op === "create" && step.new) return { kind: "all", values: mask(step.new.inputs, step.new.secretInputs) };
  if (op === "delete" && step.old && step.op !== "refresh") return { kind: "all", values: mask(step.old.inputs, step.old.secretInputs) };
  if ((op !== "update" && op !== "replace") || !step.old || !step.new) return { kind: "none" };
  const old: StateView = step.old;
  const next: StateView = step.new;
  if (step.detailedDiff) {
    return {
      kind: "detailed",
      diffs: step.detailedDiff,
      olds: mask(old.inputs, old.secretInputs),
      news: mask(next.inputs, next.secretInputs),
    };
  }
  if (command === "refresh") {
    // No detailed diff: the old outputs against the refreshed outputs (object_diff.go:238-240).
    return { kind: "old-new", olds: mask(old.outputs, old.secretOutputs), news: mask(next.outputs, next.secretOutputs) };
  }
  return { kind: "old-new", olds: mask(old.inputs, old.secretInputs), news: mask(next.inputs, next.secretInputs) };
}

/** Every changed leaf `--diff` shows for the step, with masked values, in path order. */
export function leafChanges(step: Step, command: Command): LeafChange[] {
  const compared = comparison(step, command);
  if (compared.kind === "none" || compared.kind === "all") return [];
  const diffs =
    compared.kind === "detailed"
      ? compared.diffs
      : diffProperties(compared.olds, compared.news).filter((d) => !String(d.path[0]).startsWith("__"));
  const changes = diffs.map((d) => {
    // Inside a secret nothing can be shown: the change is the secret's, as a whole.
    const path = compared.olds[d.path[0]] === SECRET || compared.news[d.path[0]] === SECRET ? d.path.slice(0, 1) : d.path;
    return {
      path: pathText(path),
      kind: d.kind,
      ...(d.kind === "add" ? {} : { old: valueAt(compared.olds, path) }),
      ...(d.kind === "delete" ? {} : { new: valueAt(compared.news, path) }),
    };
  });
  return changes.filter((c, i) => changes.findIndex((other) => other.path === c.path) === i);
}

function valueAt(root: Props, path: (string | number)[]): unknown {
  let value: unknown = root;
  for (const segment of path) value = (value as Record<string | number, unknown> | undefined)?.[segment];
  return value === SECRET ? "[secret]" : value;
}

function pathText(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}
