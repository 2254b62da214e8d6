/**
 * A resource, declared once: where its object lives in the API, what its inputs may be (zod
 * schemas, from the API's document), which are secrets or write-only, how each compares with what
 * Ultravox holds, and how an answer is read back. The provider's check, diff, create, read, update
 * and delete (spec-provider.ts), its redaction list and the docs test follow from the declaration.
 *
 * The resource class (what a program constructs, with its documented arguments and outputs) is
 * written separately: it must load neither zod nor this module.
 */
import type * as z from "zod/mini";
import type { ResponseShape, UltravoxClient } from "./client";
import type { Issue } from "./check";
import type { FieldKind } from "./compare";
import type { PathSegment } from "./property-path";
import type { WriteOnlySecret } from "./write-only-secret";

export type Props = Record<string, unknown>;

/** An object of a collection: created by POST, with an id Ultravox generates. */
export interface CollectionApi {
  kind: "collection";
  /** The collection's path, from the inputs (or state): `/api/tools`, `/api/corpora/<id>/sources`. */
  path(props: Props): string;
  /** The field of an answer holding the object's id (also an output). */
  idField: string;
  /** How an update is sent: a PATCH of what changed, or a PUT of the whole object. */
  update: "PATCH" | "PUT";
  /**
   * False for an object that cannot be adopted (an API key, whose secret Ultravox gives only at
   * its creation); otherwise the resource takes the `adopt` input (core/adopt.ts).
   */
  adoptable?: false;
  /** What the object is called in messages: "agent", "call throttle". */
  what: string;
}

/** The account's one object of its kind (a carrier's config, the SIP settings): its id is fixed. */
export interface SingletonApi {
  kind: "singleton";
  path: string;
  /** The resource's id. */
  id: string;
  /** How a create writes: the whole object by PATCH (POST when the account has none: 404), or PATCH alone. */
  create: "patch-or-post" | "patch";
  /**
   * What deleting the resource does: DELETE the object; or PATCH the body `reset` makes of the
   * state (the API's defaults, the keys it set cleared), leaving an object that cannot be deleted.
   */
  delete: "DELETE" | { reset(state: Props): Props };
}

/** What an answer from Ultravox says, read. */
export interface RemoteRead {
  /** The object's id (a collection's). */
  id?: string;
  /** The fields' values as Ultravox holds them (credentials already masked: see references.ts). */
  fields: Props;
  /** The prefix reported for each write-only secret, by its prefix field. */
  prefixes?: Readonly<Record<string, string | undefined>>;
  /** Outputs Ultravox reports that are not inputs (created, ownership, stats): never a change. */
  reported?: Props;
}

/** What a custom write (an update of several requests) is given. */
export interface WriteContext {
  api: UltravoxClient;
  /** The object's path. */
  path: string;
  /** The state (`olds`) and the desired inputs (`news`). */
  olds: Props;
  news: Props;
  /** Options every request of the write takes: the answer's shape and the secrets to redact. */
  request: { response: ResponseShape<RemoteRead>; secrets: readonly string[] };
  /** The error for a write cut short after an earlier request of it succeeded: it records `left`, the last answer. */
  cutShort: (error: unknown, leftWith: string, left: RemoteRead) => Error;
}

export interface ResourceSpec {
  /** The resource class: `Agent`. */
  className: string;
  api: CollectionApi | SingletonApi;
  /** The resource's own inputs as zod schemas (the connection inputs are added), built on the first check. */
  inputs(): Record<string, z.ZodMiniType>;
  /**
   * Rules across inputs, and those a schema cannot say (secret references): run on what the program
   * gave, valid or not, so each rule must cope with any value; a value not known yet must pass.
   */
  refine?(inputs: Props): Issue[];
  /** True for a path (from the inputs' root) holding a credential: its value is never quoted. */
  sensitive?(path: PathSegment[]): boolean;
  /** Inputs stored as secrets whatever the program passes (the connection's key is added). */
  secretInputs: readonly string[];
  /** The inputs Ultravox holds and answers with, and how each compares (the rest are never read back). */
  fields: Readonly<Record<string, FieldKind>>;
  /** Write-only secrets Ultravox reports as a prefix: their drift is seen through it. */
  prefixedSecrets?: readonly WriteOnlySecret[];
  /** Inputs Ultravox does not take after creation: a change replaces the object. */
  replaceOnChanges?: readonly string[];
  /** Defaults filled in (letter case settled...) for checked inputs and answers alike, so diffs are stable. */
  normalize?(inputs: Props): Props;
  /** The request body for the desired inputs; `olds` is the state (what to clear). */
  body(desired: Props, olds: Props): Props;
  /** What an answer must look like (lenient: an API that adds a field must not break the provider). */
  answer: z.ZodMiniType;
  /** What is read of an answer the schema accepted, given the state. */
  read(answer: unknown, state: Props): RemoteRead;
  /**
   * How a create whose answer was lost finds the object it wrote: the one whose `field` holds the
   * desired value and whose `created` time is after the create was sent. `unique`: Ultravox takes
   * one object of that value per account (a create meeting another then says how to go on).
   */
  naturalKey?: { field: string; created: string; what: string; unique: boolean };
  /** An update of several requests (the Agent's template), instead of one PATCH or PUT. */
  write?(context: WriteContext): Promise<RemoteRead>;
  /** A refusal before a create that cannot be made (a singleton whose secret is only a drift marker). */
  assertCreatable?(desired: Props): void;
}
