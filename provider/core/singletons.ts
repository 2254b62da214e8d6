/**
 * One-per-account objects (a carrier's config, the account's SIP settings, ...) that a resource
 * adopted or wrote in this deployment, and which resource did.
 *
 * Pulumi runs one provider process per deployment, and runs the deletes of resources gone from the
 * program after every create and update. A program that renames a singleton's resource without an
 * alias makes the engine create the new resource, which adopts the account's object, then delete
 * the old one, whose DELETE would remove the object the new one now manages. So a delete asks here
 * first: when another resource of the same account wrote the object in this deployment, it leaves
 * the object alone, and says so.
 */

/** `<account>\n<object>` → the name of the resource that wrote it. */
const writers = new Map<string, string>();

/** The keys an account is known by: its id and its connection's fingerprint (a state may hold either). */
function keys(accounts: readonly (string | undefined)[], object: string): string[] {
  return accounts.filter((a): a is string => a !== undefined).map((account) => `${account}\n${object}`);
}

/** Records that `resource` (its name in the program) wrote `object` in the account known by `accounts`. */
export function recordWrite(accounts: readonly (string | undefined)[], object: string, resource: string | undefined): void {
  for (const key of keys(accounts, object)) writers.set(key, resource ?? "");
}

/** The name of another resource that wrote `object` in this deployment, or undefined. */
export function otherWriter(accounts: readonly (string | undefined)[], object: string, resource: string | undefined): string | undefined {
  for (const key of keys(accounts, object)) {
    const writer = writers.get(key);
    if (writer !== undefined && writer !== (resource ?? "")) return writer;
  }
  return undefined;
}
