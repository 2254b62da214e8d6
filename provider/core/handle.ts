/**
 * The object Pulumi serializes into every resource's `__provider`: a handle, kept tiny on purpose.
 *
 * Each method loads the implementation from the package installed next to the Pulumi program when
 * it runs, so:
 *  - `__provider` stays a few hundred bytes however large the implementation grows;
 *  - a refresh or destroy after upgrading the package runs the new code, even though Pulumi runs
 *    the `__provider` stored in the old state;
 *  - nothing is captured at load time (no settings, no secrets, no clients).
 * Each resource's handle is the whole `module.exports` of its own `dist/<resource>/provider.js`.
 * When the package is installed under node_modules, Pulumi then writes just
 * `require("pulumi-ultravox/dist/<resource>/provider.js")`; when it is loaded from elsewhere (this
 * repository, a linked checkout) the functions below are serialized by value, and are small too.
 * Both forms are part of the state's contract: the handle paths, and the methods module's path
 * and export name (`dist/plivo/methods.js`, `plivoMethods`), stay as they are across releases.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- `require` is the one global Pulumi's serializer leaves alone. */
import type { dynamic } from "@pulumi/pulumi";
import type { SpecProvider } from "./spec-provider";

type Props = Record<string, unknown>;

/** The handle for `dist/<resource>/methods.js`, whose export `exportName` is the provider. */
export function providerHandle(resource: string, exportName: string): dynamic.ResourceProvider<Props, Props> {
  // Resolved from the program's folder, where Pulumi starts the provider process. Terse on
  // purpose: from a source checkout every character is stored once per resource in every state.
  const impl = (): SpecProvider =>
    (
      (require("module") as typeof import("module")).createRequire((require("path") as typeof import("path")).resolve("index.js"))(
        `pulumi-ultravox/dist/${resource}/methods.js`,
      ) as Record<string, SpecProvider>
    )[exportName];
  return {
    configure: (r) => impl().configure(r),
    check: (o, n) => impl().check(o, n),
    diff: (i, o, n) => impl().diff(i, o, n),
    create: (n) => impl().create(n),
    read: (i, o) => impl().read(i, o),
    update: (i, o, n) => impl().update(i, o, n),
    delete: (i, o) => impl().delete(i, o),
  };
}
