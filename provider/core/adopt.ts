/**
 * Adopting an existing object (the `adopt` input), as Pulumi's own import contract has it:
 *
 *  - The first `up` takes the object over: it keeps its id, and writes nothing; the resource's state
 *    is what Ultravox holds, read in one request.
 *  - The program must match the object. When it does not, `pulumi preview` (not only `up`) fails,
 *    naming each differing field at its property path (a secret named, never shown), and says what
 *    to do. That costs one read per resource not yet adopted; once adopted, `adopt` has no further
 *    effect (check keeps the stored value, so removing it from the program changes nothing), and
 *    previews cost no request, as always.
 *  - Write-only secrets cannot be compared (Ultravox never returns them): adoption records the
 *    program's value, and writes it the next time it changes in the program.
 */
import { show, type Issue } from "./check";
import { equivalent, sameValue, type FieldKind } from "./compare";
import type { PathSegment } from "./property-path";
import { propertyPath } from "./property-path";
import { isPlainObject } from "./values";

/** The input naming the object to adopt. */
export const ADOPT_INPUT = "adopt";

/** The leaves of `desired` whose value Ultravox's (`remote`) does not hold, by Ultravox's equivalences. */
function differingLeaves(desired: unknown, remote: unknown, at: PathSegment[]): PathSegment[][] {
  if (isPlainObject(desired) && isPlainObject(remote)) {
    return Object.entries(desired).flatMap(([key, value]) => differingLeaves(value, remote[key], [...at, key]));
  }
  if (Array.isArray(desired) && Array.isArray(remote) && desired.length === remote.length) {
    return desired.flatMap((value, i) => differingLeaves(value, remote[i], [...at, i]));
  }
  return equivalent(desired, remote) ? [] : [at];
}

/** Where the program (`desired`) differs from the object it adopts, field by field. */
export function adoptionIssues(
  fields: Readonly<Record<string, FieldKind>>,
  desired: Record<string, unknown>,
  remote: Record<string, unknown>,
  object: string,
  sensitive: (path: PathSegment[]) => boolean,
): Issue[] {
  const paths = Object.entries(fields).flatMap(([field, kind]) =>
    kind === "partial"
      ? differingLeaves(desired[field], remote[field], [field])
      : sameValue(kind, remote[field], desired[field])
        ? []
        : [[field]],
  );
  return paths.map((path) => {
    const secret = sensitive(path);
    let held = remote as unknown;
    for (const segment of path) held = (held as Record<PathSegment, unknown> | undefined)?.[segment];
    const holds = secret ? "another value" : held === undefined ? "nothing there" : show(held);
    return {
      path,
      message:
        `differs from ${object}, which adopt names: Ultravox holds ${holds}. Change ${propertyPath(path)} in the program to ` +
        "match what Ultravox holds (adopting writes nothing), then make the change in a later, reviewed `pulumi up`",
      ...(secret ? { sensitive: true } : {}),
    };
  });
}
