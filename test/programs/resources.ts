/**
 * A test program: the resources config `resources` lists, in order, as a user would declare them:
 * each `{ class, name, args }`, with the secret config `resourceSecrets` holding each resource's
 * secret arguments (by resource name), and an argument `{ "$output": "<resource>.<output>" }`, at any
 * depth, taking an earlier resource's output (`resourceSecretNames` names, in clear, which
 * arguments each resource takes from the secrets). An entry `{ class, name, get: <id> }` reads an
 * existing object with the class's static `get`.
 */
import * as pulumi from "@pulumi/pulumi";
import * as ultravox from "pulumi-ultravox";

interface Entry {
  class: string;
  name: string;
  args?: Record<string, unknown>;
  get?: string;
  opts?: pulumi.CustomResourceOptions;
}

type ResourceClass = {
  new (name: string, args: unknown, opts?: pulumi.CustomResourceOptions): pulumi.CustomResource;
  get(name: string, id: string, opts?: pulumi.CustomResourceOptions): pulumi.CustomResource;
};

const config = new pulumi.Config();
const entries = config.requireObject<Entry[]>("resources");
const secrets: pulumi.Output<Record<string, Record<string, unknown>>> =
  config.getSecretObject<Record<string, Record<string, unknown>>>("resourceSecrets") ??
  pulumi.output<Record<string, Record<string, unknown>>>({});
const declared = new Map<string, pulumi.CustomResource>();

/** The value with each `{ "$output": "a.b" }` replaced by that output. */
function resolve(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(resolve);
  if (value !== null && typeof value === "object") {
    const reference = (value as { $output?: string }).$output;
    if (typeof reference === "string") {
      const [name, output] = reference.split(".");
      return (declared.get(name) as unknown as Record<string, pulumi.Output<unknown>>)[output];
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
  }
  return value;
}

for (const entry of entries) {
  const Class = (ultravox as unknown as Record<string, ResourceClass>)[entry.class];
  if (entry.get !== undefined) {
    declared.set(entry.name, Class.get(entry.name, entry.get, entry.opts));
    continue;
  }
  const secretArgs = secrets.apply((all) => all[entry.name] ?? {});
  const secretNames = config.getObject<Record<string, string[]>>("resourceSecretNames")?.[entry.name] ?? [];
  const args: Record<string, unknown> = { ...(resolve(entry.args ?? {}) as Record<string, unknown>) };
  for (const arg of secretNames) args[arg] = secretArgs.apply((values: Record<string, unknown>) => values[arg]);
  declared.set(entry.name, new Class(entry.name, args, entry.opts));
}
