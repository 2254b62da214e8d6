/**
 * Fails fast, and clearly, when Pulumi's serializer cannot work.
 *
 * Pulumi serializes every dynamic provider with the TypeScript compiler API, loading whichever
 * `typescript` resolves from @pulumi/pulumi's own folder. TypeScript 7 ships no compiler API (its
 * main entry exports only its version), so serialization later fails with the cryptic
 * "Cannot read properties of undefined (reading 'Latest')". Checked once per process, when the
 * first resource is constructed; the check reads what @pulumi/pulumi has already loaded.
 */
export class UnsupportedTypeScriptError extends Error {
  constructor(version: string) {
    super(
      `pulumi-ultravox: @pulumi/pulumi loads typescript ${version}, which has no compiler API (TypeScript 7 and later), ` +
        "and Pulumi needs that API to serialize a dynamic provider. Pin TypeScript below 7 in your program, " +
        'e.g. "typescript": "~5.9.3" in package.json, reinstall, and run again.',
    );
    this.name = "UnsupportedTypeScriptError";
  }
}

let checked = false;

export function assertSerializerTypeScript(): void {
  if (checked) return;
  let ts: { version?: string; ScriptTarget?: { Latest?: unknown }; createSourceFile?: unknown } | undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- what @pulumi/pulumi itself loads, if it is there at all
    ts = require("@pulumi/pulumi/typescript-shim") as typeof ts;
  } catch {
    // A layout this check does not know: let Pulumi speak for itself.
    checked = true;
    return;
  }
  if (ts?.ScriptTarget?.Latest === undefined || typeof ts?.createSourceFile !== "function") {
    throw new UnsupportedTypeScriptError(ts?.version ?? "(unknown version)");
  }
  checked = true;
}
