/**
 * The Pulumi CLI's text for the harness's steps, in its non-interactive form: `pulumi preview`
 * (rows), `preview --diff` (property lines), `pulumi up`, `refresh` and `destroy`. Only the demo
 * prints it; what is shown comes from the display rule (display-rule.ts), and this file only lays
 * it out as pkg/backend/display does (rows.go:372-378, tableutil.go:40-61, object_diff.go:777-969,
 * the summary diff.go:271-367; pulumi/pulumi 3.260).
 */
import { comparison, displayOp, rowDiff, SECRET, type Command } from "./display-rule";
import type { OperationResult, PropertyDiff, Step } from "./engine";
import { UNKNOWN } from "./pulumi-wire";

type Props = Record<string, unknown>;

export interface RenderOptions {
  command: Command;
  /** `--diff`: property lines instead of rows. */
  diff?: boolean;
  project?: string;
  stack?: string;
  /**
   * The stack holds no resource yet (its first `preview` or `up`, or the first after a destroy):
   * the engine creates the stack resource itself too, and counts it as a create, not as unchanged.
   */
  newStack?: boolean;
}

const OP_PREFIX: Record<string, string> = { same: "  ", create: "+ ", update: "~ ", replace: "+-", delete: "- ", refresh: "~ " };
const PAST: Record<string, string> = { create: "created", update: "updated", replace: "replaced", delete: "deleted", same: "" };

/** The CLI's output for one operation. */
export function render(result: OperationResult, options: RenderOptions): string {
  const project = options.project ?? "ultravox-app";
  const stack = options.stack ?? "dev";
  const preview = options.command === "preview";
  const lines: string[] = [];
  const heading: Record<Command, string> = {
    preview: `Previewing update (${stack}):`,
    up: `Updating (${stack}):`,
    refresh: `Refreshing (${stack}):`,
    destroy: `Destroying (${stack}):`,
  };
  lines.push(heading[options.command]);

  const stackUrn = `urn:pulumi:${stack}::${project}::pulumi:pulumi:Stack::${project}-${stack}`;
  // `pulumi destroy` deletes the stack resource too; a new stack's first deployment creates it.
  const createsStack = options.newStack === true && (options.command === "preview" || options.command === "up");
  const stackOp = options.command === "destroy" ? "delete" : createsStack ? "create" : "same";
  if (options.diff) {
    lines.push(`${OP_PREFIX[stackOp]}pulumi:pulumi:Stack: (${stackOp})`, `    [urn=${stackUrn}]`);
    for (const step of result.steps) lines.push(...diffBlock(step, options.command));
  } else {
    const stackStatus = stackOp === "same" ? "" : preview ? stackOp : PAST[stackOp];
    lines.push(row(stackOp, "pulumi:pulumi:Stack", `${project}-${stack}`, stackStatus, ""));
    for (const step of result.steps) {
      const op = displayOp(step);
      if (op === "same") continue; // unchanged rows are hidden without --show-sames (display.go:308-328)
      const status = step.error ? "**failed**" : preview ? op : PAST[op];
      lines.push(row(op, step.type, step.name, status, shortDiff(step)));
    }
  }
  for (const step of result.steps) {
    if (step.error) lines.push(`    error: ${step.failures ? step.failures.map((f) => f.reason).join("\n    error: ") : step.error}`);
  }
  lines.push("", ...summary(result, preview, stackOp));
  return lines.join("\n");
}

/** A non-interactive row: every column preceded by one space (tableutil.go:40-61). */
function row(op: string, type: string, name: string, status: string, info: string): string {
  return ` ${OP_PREFIX[op] ?? "  "} ${type} ${name} ${status}${info ? ` ${info}` : ""}`.replace(/\s+$/, "");
}

/** The `Resources:` block; the stack resource counts as `stackOp` (diff.go:271-367). */
function summary(result: OperationResult, preview: boolean, stackOp: string): string[] {
  const counts = new Map<string, number>();
  let unchanged = stackOp === "same" ? 1 : 0;
  if (stackOp !== "same") counts.set(stackOp, 1);
  for (const step of result.steps) {
    const op = displayOp(step);
    if (step.error) continue;
    if (op === "same") unchanged += 1;
    else counts.set(op, (counts.get(op) ?? 0) + 1);
  }
  const out = ["Resources:"];
  for (const op of ["create", "update", "replace", "delete"]) {
    const n = counts.get(op);
    if (n) out.push(`    ${OP_PREFIX[op]}${n} ${preview ? `to ${op}` : PAST[op]}`);
  }
  const kinds = [...counts.keys()].length;
  const tail = [kinds >= 2 ? `${[...counts.values()].reduce((a, b) => a + b, 0)} changes` : "", `${unchanged} unchanged`].filter(Boolean);
  if (unchanged === 0) tail.pop();
  if (tail.length > 0) out.push(`    ${tail.join(". ")}`);
  return out;
}

// --- the row's [diff: ...] -------------------------------------------------------------------

function shortDiff(step: Step): string {
  const diff = rowDiff(step);
  if (!diff) return "";
  const group = (keys: string[], symbol: string) => (keys.length ? symbol + keys.join(",") : "");
  return `[diff: ${group(diff.add, "+")}${group(diff.delete, "-")}${group(diff.update, "~")}]`;
}

function valueDiffKind(a: unknown, b: unknown): string | undefined {
  const hasA = a !== undefined && a !== null;
  const hasB = b !== undefined && b !== null;
  if (!hasA && !hasB) return undefined;
  if (!hasA) return "add";
  if (!hasB) return "delete";
  return same(a, b) ? undefined : "update";
}

function same(a: unknown, b: unknown): boolean {
  if (a === SECRET || b === SECRET) return a === b;
  return JSON.stringify(a) === JSON.stringify(b);
}

// --- --diff property lines -------------------------------------------------------------------

const INDENT = "    ";

/** Indentation of a line at `level`; prefixed lines put the op's symbol in the last two columns. */
function indent(level: number, op?: string): string {
  const base = INDENT.repeat(level);
  return op === undefined ? base : base.slice(0, -2) + (OP_PREFIX[op] ?? "  ");
}

function diffBlock(step: Step, command: Command): string[] {
  const op = displayOp(step);
  if (op === "same" && command !== "refresh") return [];
  const lines = [`${indent(1)}${OP_PREFIX[op]}${step.type}: (${op})`];
  if (step.old && step.id) lines.push(`${indent(2)}[id=${step.id}]`);
  lines.push(`${indent(2)}[urn=${step.urn}]`);
  const compared = comparison(step, command);
  if (compared.kind === "all") lines.push(...printObject(compared.values, 2));
  else if (compared.kind === "detailed") lines.push(...printDetailedDiff(compared.diffs, compared.olds, compared.news));
  else if (compared.kind === "old-new") lines.push(...printOldNewDiffs(compared.olds, compared.news));
  return lines;
}

function printOldNewDiffs(olds: Props, news: Props): string[] {
  const keys = [...new Set([...Object.keys(olds), ...Object.keys(news)])].filter((k) => !k.startsWith("__")).sort();
  if (keys.every((k) => !valueDiffKind(olds[k], news[k]))) return printObject(news, 2);
  const width = Math.max(...keys.map((k) => k.length));
  const lines: string[] = [];
  for (const key of keys) {
    const title = key.padEnd(width);
    const kind = valueDiffKind(olds[key], news[key]);
    if (kind === "add") lines.push(...printValue(`${indent(2, "create")}${title}: `, news[key], 2, "create"));
    else if (kind === "delete") lines.push(...printValue(`${indent(2, "delete")}${title}: `, olds[key], 2, "delete"));
    else if (kind === "update") lines.push(...printValueDiff(title, olds[key], news[key], 2));
    else if (shouldPrint(news[key])) lines.push(...printValue(`${indent(2)}${title}: `, news[key], 2));
  }
  return lines;
}

/**
 * Only the detailed diff's paths, nested as the CLI nests them: an object or list on the way to a
 * changed leaf opens with `~`, and its unchanged members are left out.
 */
function printDetailedDiff(diffs: PropertyDiff[], olds: Props, news: Props): string[] {
  return printDiffLevel(
    diffs.map((d) => ({ path: d.path, kind: d.kind })),
    olds,
    news,
    2,
  );
}

function printDiffLevel(diffs: { path: (string | number)[]; kind: string }[], olds: unknown, news: unknown, level: number): string[] {
  const keys = [...new Set(diffs.map((d) => d.path[0]))].sort((a, b) =>
    typeof a === "number" && typeof b === "number" ? a - b : String(a) < String(b) ? -1 : 1,
  );
  const titles = keys.map((k) => (typeof k === "number" ? `[${k}]` : k));
  const width = Math.max(...titles.map((t) => t.length));
  const lines: string[] = [];
  keys.forEach((key, n) => {
    const title = typeof key === "number" ? titles[n] : titles[n].padEnd(width);
    const a = (olds as Record<string | number, unknown> | undefined)?.[key];
    const b = (news as Record<string | number, unknown> | undefined)?.[key];
    const leaves = diffs.filter((d) => d.path[0] === key);
    const whole = leaves.find((d) => d.path.length === 1);
    if (whole?.kind === "add") lines.push(...printValue(`${indent(level, "create")}${title}: `, b, level, "create"));
    else if (whole?.kind === "delete") lines.push(...printValue(`${indent(level, "delete")}${title}: `, a, level, "delete"));
    else if (whole) lines.push(...printValueDiff(title, a, b, level));
    else {
      const [open, close] = Array.isArray(a) || Array.isArray(b) ? ["[", "]"] : ["{", "}"];
      lines.push(`${indent(level, "update")}${title}: ${open}`);
      lines.push(
        ...printDiffLevel(
          leaves.map((d) => ({ path: d.path.slice(1), kind: d.kind })),
          a,
          b,
          level + 1,
        ),
      );
      lines.push(`${indent(level)}${close}`);
    }
  });
  return lines;
}

function elementLine(i: number, kind: string, a: unknown, b: unknown): string[] {
  if (kind === "add") return printValue(`${indent(3, "create")}[${i}]: `, b, 3, "create");
  if (kind === "delete") return printValue(`${indent(3, "delete")}[${i}]: `, a, 3, "delete");
  if (kind === "update") return printValueDiff(`[${i}]`, a, b, 3);
  return printValue(`${indent(3)}[${i}]: `, b, 3);
}

/** An update of one property (object_diff.go:885-969). */
function printValueDiff(title: string, a: unknown, b: unknown, level: number): string[] {
  if (Array.isArray(a) && Array.isArray(b)) {
    const lines = [`${indent(level, "update")}${title}: [`];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const kind = i >= a.length ? "add" : i >= b.length ? "delete" : same(a[i], b[i]) ? "same" : "update";
      lines.push(...elementLine(i, kind, a[i], b[i]));
    }
    lines.push(`${indent(level)}]`);
    return lines;
  }
  if (isObject(a) && isObject(b)) {
    const lines = [`${indent(level, "update")}${title}: {`];
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    const width = Math.max(...keys.map((k) => k.length));
    for (const key of keys) {
      const kind = valueDiffKind(a[key], b[key]);
      const t = key.padEnd(width);
      if (kind === "add") lines.push(...printValue(`${indent(level + 1, "create")}${t}: `, b[key], level + 1, "create"));
      else if (kind === "delete") lines.push(...printValue(`${indent(level + 1, "delete")}${t}: `, a[key], level + 1, "delete"));
      else if (kind === "update") lines.push(...printValueDiff(t, a[key], b[key], level + 1));
      else lines.push(...printValue(`${indent(level + 1)}${t}: `, b[key], level + 1));
    }
    lines.push(`${indent(level)}}`);
    return lines;
  }
  if (isPrimitive(a) && isPrimitive(b)) return [`${indent(level, "update")}${title}: ${primitive(a)} => ${primitive(b)}`];
  return [
    ...printValue(`${indent(level, "delete")}${title}: `, a, level, "delete"),
    ...printValue(`${indent(level, "create")}${title}: `, b, level, "create"),
  ];
}

/** All non-`__` keys of an object; the width counts every key, `__provider` too (object_diff.go:276-287). */
function printObject(props: Props, level: number, op?: string): string[] {
  const keys = Object.keys(props).sort();
  const width = Math.max(0, ...keys.map((k) => k.length));
  const lines: string[] = [];
  for (const key of keys) {
    if (key.startsWith("__")) continue;
    lines.push(...printValue(`${indent(level, op)}${key.padEnd(width)}: `, props[key], level, op));
  }
  return lines;
}

/** A value after its title: primitives inline, arrays and objects over several lines. */
function printValue(head: string, value: unknown, level: number, op?: string): string[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${head}[]`];
    const lines = [`${head}[`];
    value.forEach((v, i) => lines.push(...printValue(`${indent(level, op)}${INDENT}[${i}]: `, v, level + 1, op)));
    lines.push(`${indent(level)}]`);
    return lines;
  }
  if (isObject(value)) {
    if (Object.keys(value).length === 0) return [`${head}{}`];
    return [`${head}{`, ...printObject(value, level + 1, op), `${indent(level)}}`];
  }
  return [`${head}${primitive(value)}`];
}

function primitive(value: unknown): string {
  if (value === SECRET) return "[secret]";
  if (value === null || value === undefined) return "<null>";
  if (value === UNKNOWN) return "[unknown]";
  if (typeof value === "string") return JSON.stringify(value);
  return JSON.stringify(value) ?? "";
}

function isPrimitive(value: unknown): boolean {
  return value === SECRET || value === null || value === undefined || ["string", "number", "boolean"].includes(typeof value);
}

function shouldPrint(value: unknown): boolean {
  if (value === null || value === undefined || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isObject(value)) return Object.keys(value).length > 0;
  return true;
}

function isObject(value: unknown): value is Props {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
