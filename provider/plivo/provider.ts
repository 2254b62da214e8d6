/**
 * `plivoTelephonyConfigProvider`: the object Pulumi serializes into every resource's `__provider`.
 *
 * It is kept tiny on purpose. Each method loads the implementation from the package installed
 * next to the Pulumi program, when the method runs, so:
 *  - `__provider` stays a few hundred bytes however large the implementation grows;
 *  - a refresh or destroy after upgrading the package runs the new code, even though Pulumi runs
 *    the `__provider` stored in the old state;
 *  - nothing is captured at load time (no settings, no secrets, no clients).
 * When the package is installed under node_modules, Pulumi writes just
 * `require("pulumi-ultravox/dist/plivo/provider.js")`; when it is loaded from elsewhere (this
 * repository, a linked checkout) the methods below are serialized by value, and are small too.
 * Both paths are part of the state's contract: keep them.
 */
import type { dynamic } from "@pulumi/pulumi";
import type { TelephonyConfigProvider } from "../core/telephony-config-provider";

// Resolved from the program's folder, where Pulumi starts the provider process. No `import` and
// nothing captured but this function: these functions are serialized as text, and `require` is
// the one global the serializer leaves alone. Terse on purpose: every character is stored once
// per resource in every state.
function impl(): TelephonyConfigProvider {
  return require("module").createRequire(require("path").resolve("index.js"))("pulumi-ultravox/dist/plivo/methods.js").plivoMethods;
}

const plivoTelephonyConfigProvider: dynamic.ResourceProvider & Pick<TelephonyConfigProvider, "configure"> = {
  configure: (r) => impl().configure(r),
  check: (o, n) => impl().check(o, n),
  diff: (i, o, n) => impl().diff(i, o, n),
  create: (n) => impl().create(n),
  read: (i, o) => impl().read(i, o),
  update: (i, o, n) => impl().update(i, o, n),
  delete: (i, o) => impl().delete(i, o),
};

export = plivoTelephonyConfigProvider;
