/**
 * What every resource class does when a program constructs it: the checks that cannot wait for
 * Pulumi (TypeScript 7, arguments missing altogether), the secret marks its inputs always get, the
 * outputs it declares, and the type token that `isInstance` recognizes.
 */
import * as pulumi from "@pulumi/pulumi";
import { assertSerializerTypeScript } from "./typescript-guard";

/** Every resource's type token starts with this: `pulumi-nodejs:dynamic/ultravox:<Class>`. */
export const MODULE = "ultravox";

/** Arguments every resource has: which Ultravox account, and where its API is. */
export interface ConnectionArgs {
  /**
   * The Ultravox API key of the account this resource belongs to (stored as a secret). Defaults to
   * stack config `ultravox:apiKey`, then the environment variable ULTRAVOX_API_KEY.
   */
  ultravoxApiKey?: pulumi.Input<string>;
  /**
   * The Ultravox API's base URL (https; http only for loopback hosts). Defaults to stack config
   * `ultravox:baseUrl`, then ULTRAVOX_BASE_URL, then https://api.ultravox.ai.
   */
  baseUrl?: pulumi.Input<string>;
}

/** The argument of every resource whose object has an id of Ultravox's (see provider/core/adopt.ts). */
export interface AdoptArgs {
  /**
   * The id of an existing object to manage without re-creating it: the first `pulumi up` takes it
   * over, keeps its id and writes nothing, and `pulumi preview` fails, naming each field, where the
   * program does not match it. Afterwards it has no effect (removing it changes nothing). Secrets
   * Ultravox never returns cannot be compared: the program's are recorded, and written the next
   * time they change in the program.
   */
  adopt?: pulumi.Input<string>;
}

export interface ResourceClassSpec {
  /** The class name: the last part of the type token. */
  name: string;
  /** Every input, in the order they are documented. */
  inputs: readonly string[];
  /** Inputs a program must give. */
  required: readonly string[];
  /** Inputs stored as secrets whatever the program passes, and kept secret as outputs. */
  secretInputs: readonly string[];
  /** Outputs that are not inputs, declared so that a program can read them. */
  outputs: readonly string[];
  /**
   * Outputs the provider derives from an input, `{ output: input }`: stored as secrets whenever any
   * part of that input is a secret (the input itself is, by the engine's same-name rule).
   */
  derivedSecretOutputs?: Readonly<Record<string, string>>;
}

/** Outputs every resource has: the account it lives in (see provider/core/account.ts). */
const SHARED_OUTPUTS = ["accountId"] as const;

export interface Registration {
  props: Record<string, unknown>;
  opts: pulumi.CustomResourceOptions;
}

/**
 * The props and options a resource class registers. With `opts.id` (a static `get`) the resource
 * is read, not managed, and takes no arguments.
 */
export function registration(
  spec: ResourceClassSpec,
  name: string,
  args: object | undefined,
  opts: pulumi.CustomResourceOptions | undefined,
): Registration {
  assertSerializerTypeScript();
  const given = (args ?? {}) as Record<string, unknown>;
  if (opts?.id === undefined && (args === undefined || args === null || typeof args !== "object")) {
    throw new TypeError(
      `new ${spec.name}(name, args) needs its arguments: ${spec.required.join(", ")} (got ${args === null ? "null" : typeof args}). ` +
        `To read an existing one without managing it, use ${spec.name}.get(name, id).`,
    );
  }
  // Every input and output is named, undefined when absent, so that each becomes an output. Any
  // other argument is passed on too, so that check can name a misspelt one at preview.
  const props: Record<string, unknown> = {
    ...Object.fromEntries([...spec.inputs, ...spec.outputs, ...SHARED_OUTPUTS].map((key) => [key, undefined])),
    ...given,
    // The resource's name in the program, for the provider's messages and to tell a renamed resource from the one it replaces.
    __programName: name,
  };
  for (const key of spec.secretInputs) {
    if (given[key] !== undefined && given[key] !== null) props[key] = pulumi.secret(given[key]);
  }
  const additionalSecretOutputs = [...new Set([...(opts?.additionalSecretOutputs ?? []), ...spec.secretInputs])];
  for (const [output, input] of Object.entries(spec.derivedSecretOutputs ?? {})) {
    props[output] = secretWhenSecret(given[input], output, additionalSecretOutputs);
  }
  return { props, opts: { ...opts, additionalSecretOutputs } };
}

/**
 * The prop of an output the provider fills (it resolves to undefined), which first adds `output` to
 * the registration's `additionalSecretOutputs` when `input` holds a secret anywhere. A dynamic
 * provider cannot return a secret, and whether an input is secret is known only once it resolves;
 * the SDK awaits every prop before it reads that option (registerResource, then prepareResource in
 * @pulumi/pulumi/runtime/resource.js, which keeps the array of this registration's options).
 */
async function secretWhenSecret(input: unknown, output: string, additionalSecretOutputs: string[]): Promise<undefined> {
  if (input !== undefined && (await pulumi.isSecret(pulumi.output(input)))) additionalSecretOutputs.push(output);
  return undefined;
}

/**
 * The base of every resource class: registered as a dynamic resource of this package's module with
 * the props and options `registration` makes, and the outputs every resource has.
 */
export abstract class UltravoxResource extends pulumi.dynamic.Resource {
  /** The Ultravox account the object belongs to (its accountId), as Ultravox reports it for the key in use. */
  declare public readonly accountId: pulumi.Output<string | undefined>;

  /**
   * Reads an existing object without managing it: Pulumi never changes or deletes it, and its
   * outputs are usable like any other resource's. The account is the one stack config
   * `ultravox:apiKey` (or ULTRAVOX_API_KEY) names.
   * @param id the object's id, as the class's documentation says (an agent's `agentId`, a carrier's name).
   */
  public static get<T>(
    this: new (name: string, args: never, opts?: pulumi.CustomResourceOptions) => T,
    name: string,
    id: pulumi.Input<pulumi.ID>,
    opts?: pulumi.CustomResourceOptions,
  ): T {
    return new this(name, undefined as never, { ...opts, id });
  }

  /** True when `obj` is an instance of this class (of any copy of this package), and only then. */
  public static override isInstance<T>(this: abstract new (...args: never[]) => T, obj: unknown): obj is T {
    return isInstanceOf(obj, this.name);
  }

  protected constructor(
    spec: ResourceClassSpec,
    provider: pulumi.dynamic.ResourceProvider,
    name: string,
    args: object | undefined,
    opts: pulumi.CustomResourceOptions | undefined,
  ) {
    const registered = registration(spec, name, args, opts);
    super(provider, name, registered.props, registered.opts, MODULE, spec.name);
  }
}

/** True for an instance of the resource class `name`, from any copy of this package. */
export function isInstanceOf(obj: unknown, name: string): boolean {
  return (
    obj !== null &&
    typeof obj === "object" &&
    (obj as { __pulumiType?: unknown }).__pulumiType === `pulumi-nodejs:dynamic/${MODULE}:${name}`
  );
}
