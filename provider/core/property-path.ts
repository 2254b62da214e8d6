/**
 * Property paths as Pulumi prints them: `callCreationAllowedAgentIds[3]`,
 * `requestContextMapping.From`, `requestContextMapping["call.uuid"]`.
 * Check failures and API field errors both use this, so a user sees one spelling.
 */
export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function propertyPath(segments: readonly PathSegment[]): string {
  let out = "";
  for (const segment of segments) {
    if (typeof segment === "number" || /^\d+$/.test(segment)) {
      out += `[${segment}]`;
    } else if (IDENTIFIER.test(segment)) {
      out += out === "" ? segment : `.${segment}`;
    } else {
      out += `[${JSON.stringify(segment)}]`;
    }
  }
  return out;
}

/** `auth_id` → `authId`: DRF renderers sometimes leave error keys in snake case. */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
