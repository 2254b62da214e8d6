/**
 * A collection served as a DRF model viewset serves one, as most of the API's kinds are: `<path>`
 * lists (cursor pagination) and creates; `<path>/<id>` reads, replaces (PUT), updates (PATCH) and
 * deletes, each only where the API document lists the method (405 otherwise, before any 404, as
 * DRF checks the method first). A kind gives its fields and how one of its objects is made,
 * changed and shown; DRF's validation (field by field, then the kind's own `check`), the 400s and
 * 404s are here.
 *
 * PUT validates as a create does (every required field), PATCH only what it sends; both keep an
 * optional field the body leaves out, as DRF's `update` sets only the fields it was given.
 */
import type { DrfErrors } from "./carriers";
import { fieldErrors, valuesOf, type Fields, type Values } from "./fields";
import { NOT_AN_OBJECT, NOT_FOUND, notAllowed, objectBody, page, type Answer, type ObjectRoute, type RouteAccount } from "./routes";

/** A kind of object `T`, written with fields `W`. */
export interface Kind<T, W = Values> {
  name: string;
  /** The list's path (`/api/webhooks`); an object's is `<path>/<id>`. */
  path: string;
  /** The methods on an object the document lists besides GET. */
  itemMethods: readonly ("PUT" | "PATCH" | "DELETE")[];
  /** The writable fields, with their rules. */
  fields: Fields;
  /** Those of a PUT or PATCH, where they differ from a create's (fields read-only once created). */
  updateFields?: Fields;
  id(item: T): string;
  /** A new object from a valid body's values. */
  create(values: W): T;
  /** The object after a valid PUT or PATCH (`values` holds only what the body sent). */
  update(item: T, values: W): T;
  /** An object as answers show it. */
  present(item: T): unknown;
  /** Rules across fields or against the stored object, run once every field is valid. */
  check?(values: W, stored: T | undefined): DrfErrors | undefined;
  /** The objects a list shows, by its query; or a 400. */
  filter?(items: T[], query: URLSearchParams): T[] | Answer;
  /** The answer to a create, where it shows more than `present` does (a secret shown once). */
  presentCreated?(item: T): unknown;
  /** What a write through the API does beyond the store (to the account's keys). */
  written?(item: T, previous: T | undefined, account: RouteAccount): void;
  /** What a delete through the API does beyond the store. */
  deleted?(item: T, account: RouteAccount): void;
}

/** The route of a kind; its store holds the account's objects by id. */
export function collectionRoute<T, W>(kind: Kind<T, W>): ObjectRoute<Map<string, T>> {
  return {
    name: kind.name,
    pattern: new RegExp(`^${kind.path.replace(/[/.]/g, "\\$&")}(?:/([^/]+))?/?$`),
    store: () => new Map<string, T>(),
    handle(store, request, account) {
      const [id] = request.params;
      const { method } = request;
      if (id === undefined) {
        if (method === "GET") return list(kind, store, request.query);
        if (method !== "POST") return notAllowed(method);
      } else if (method !== "GET" && !(kind.itemMethods as readonly string[]).includes(method)) {
        return notAllowed(method);
      }
      const stored = id === undefined ? undefined : store.get(id);
      if (id !== undefined && stored === undefined) return NOT_FOUND;
      if (method === "GET") return { status: 200, body: kind.present(stored!) };
      if (method === "DELETE") {
        store.delete(id!);
        kind.deleted?.(stored!, account);
        return { status: 204 };
      }
      const body = objectBody(request);
      if (!body) return NOT_AN_OBJECT;
      const written = write(kind, store, body, stored, method === "PATCH");
      if (!("item" in written)) return { status: 400, body: written.errors };
      kind.written?.(written.item, stored, account);
      if (stored) return { status: 200, body: kind.present(written.item) };
      return { status: 201, body: (kind.presentCreated ?? kind.present)(written.item) };
    },
  };
}

function list<T, W>(kind: Kind<T, W>, store: Map<string, T>, query: URLSearchParams): Answer {
  const shown = kind.filter ? kind.filter([...store.values()], query) : [...store.values()];
  return Array.isArray(shown)
    ? page(
        shown.map((item) => kind.present(item)),
        query,
        kind.path,
      )
    : shown;
}

/** Validates a create (no `stored`) or an update of `stored`, and stores the result. */
function write<T, W>(
  kind: Kind<T, W>,
  store: Map<string, T>,
  body: Record<string, unknown>,
  stored: T | undefined,
  partial: boolean,
): { item: T } | { errors: DrfErrors } {
  const fields = stored === undefined ? kind.fields : (kind.updateFields ?? kind.fields);
  const values = valuesOf(fields, body) as W;
  const errors = fieldErrors(fields, body, partial) ?? kind.check?.(values, stored);
  if (errors) return { errors };
  const item = stored === undefined ? kind.create(values) : kind.update(stored, values);
  store.set(kind.id(item), item);
  return { item };
}

/**
 * Creates an object (no `id`) or changes one as a PATCH would, behind the provider's back (as
 * someone in the console would), by the API's own rules; the object as stored. Throws when the
 * rules refuse it, or there is no object `id`.
 */
export function writeOutOfBand<T, W>(kind: Kind<T, W>, store: Map<string, T>, body: W, id?: string): T {
  const stored = id === undefined ? undefined : store.get(id);
  if (id !== undefined && stored === undefined) throw new Error(`the emulator has no ${kind.name} ${id} in that account`);
  const written = write(kind, store, body as Record<string, unknown>, stored, id !== undefined);
  if ("errors" in written) throw new Error(`the emulator refuses that ${kind.name}: ${JSON.stringify(written.errors)}`);
  return written.item;
}
