/**
 * What an editor shows, from each resource's declaration: every resource class the implementation
 * serves is exported, with documentation on the class, its constructor, `get`, `isInstance` and
 * every output it declares; its arguments are exactly the inputs its provider takes (its spec's
 * and the connection's), each documented; and it declares every field its provider reads back.
 */
import { join } from "node:path";
import ts from "typescript";
import * as implementation from "../../provider/implementation";
import { SpecProvider } from "../../provider/core/spec-provider";

const ROOT = join(__dirname, "..", "..");
const program = ts.createProgram([join(ROOT, "provider", "index.ts")], {
  strict: true,
  esModuleInterop: true,
  resolveJsonModule: true,
  skipLibCheck: true,
});
const checker = program.getTypeChecker();
const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(join(ROOT, "provider", "index.ts"))!)!;
const exported = checker.getExportsOfModule(moduleSymbol).map((s) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s));

const documented = (symbol: ts.Symbol) => ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim().length > 0;
const providers = Object.values(implementation).filter((v): v is SpecProvider => v instanceof SpecProvider);
const classes = exported.filter((s) => s.flags & ts.SymbolFlags.Class);
const classOf = (name: string) => classes.find((c) => c.name === name);

/** The properties of the constructor's `args` type. */
function argumentsOf(cls: ts.Symbol): ts.Symbol[] {
  const ctor = (cls.valueDeclaration as ts.ClassDeclaration).members.find(ts.isConstructorDeclaration)!;
  const args = ctor.parameters[1];
  return checker.getPropertiesOfType(checker.getTypeAtLocation(args));
}

describe("documentation", () => {
  it("exports a class for every resource the implementation serves, and no other", () => {
    expect(classes.map((c) => c.name).sort()).toEqual(providers.map((p) => p.spec.className).sort());
  });

  it.each(providers.map((p) => [p.spec.className, p] as const))(
    "%s: the class, its constructor, get, isInstance and every output",
    (name, provider) => {
      const cls = classOf(name)!;
      const missing: string[] = [];
      if (!documented(cls)) missing.push("(class)");
      const declaration = cls.valueDeclaration as ts.ClassDeclaration;
      const ctor = declaration.members.find(ts.isConstructorDeclaration);
      if (!ctor || ts.getJSDocCommentsAndTags(ctor).length === 0) missing.push("constructor");
      const staticType = checker.getTypeOfSymbolAtLocation(cls, declaration);
      for (const member of ["get", "isInstance"]) {
        const property = staticType.getProperty(member);
        if (!property || !documented(property)) missing.push(`static ${member}`);
      }
      const instance = checker.getDeclaredTypeOfSymbol(cls);
      const outputs = checker.getPropertiesOfType(instance);
      for (const property of outputs) {
        const source = property.valueDeclaration?.getSourceFile().fileName ?? "";
        if (source.startsWith(join(ROOT, "provider")) && !documented(property)) missing.push(property.name);
      }
      // Every field the provider reads back, and the id, is an output a program can read.
      const { spec } = provider;
      const read = [...Object.keys(spec.fields), ...(spec.api.kind === "collection" ? [spec.api.idField] : []), "accountId"];
      for (const field of read) if (!outputs.some((o) => o.name === field)) missing.push(`output ${field}`);
      expect(missing).toEqual([]);
    },
  );

  it.each(providers.map((p) => [p.spec.className, p] as const))(
    "%s: its arguments are its provider's inputs, each documented",
    (name, provider) => {
      const args = argumentsOf(classOf(name)!);
      expect(args.map((a) => a.name).sort()).toEqual(provider.inputNames().sort());
      expect(args.filter((a) => !documented(a)).map((a) => a.name)).toEqual([]);
    },
  );
});
