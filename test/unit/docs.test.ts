/**
 * What an editor shows: every exported resource class, its constructor, `get`, `isInstance` and
 * every output it declares, and every property of every exported argument type, has documentation.
 */
import { join } from "node:path";
import ts from "typescript";

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

describe("documentation", () => {
  const classes = exported.filter((s) => s.flags & ts.SymbolFlags.Class);

  it("covers the four resource classes", () => {
    expect(classes.map((c) => c.name).sort()).toEqual(["Agent", "PlivoTelephonyConfig", "TelnyxTelephonyConfig", "TwilioTelephonyConfig"]);
  });

  it.each(classes.map((c) => [c.name, c] as const))("%s: the class, its constructor, get, isInstance and every output", (_name, cls) => {
    const missing: string[] = [];
    if (!documented(cls)) missing.push("(class)");
    const declaration = cls.valueDeclaration as ts.ClassDeclaration;
    const ctor = declaration.members.find(ts.isConstructorDeclaration);
    if (!ctor || ts.getJSDocCommentsAndTags(ctor).length === 0) missing.push("constructor");
    const staticType = checker.getTypeOfSymbolAtLocation(cls, declaration);
    for (const name of ["get", "isInstance"]) {
      const member = staticType.getProperty(name);
      if (!member || !documented(member)) missing.push(`static ${name}`);
    }
    // Every output: the properties declared on the class or a class of this package it extends.
    const instance = checker.getDeclaredTypeOfSymbol(cls);
    for (const property of checker.getPropertiesOfType(instance)) {
      const source = property.valueDeclaration?.getSourceFile().fileName ?? "";
      if (source.startsWith(join(ROOT, "provider")) && !documented(property)) missing.push(property.name);
    }
    expect(missing).toEqual([]);
  });

  it("covers every property of every exported argument type", () => {
    const args = exported.filter((s) => s.flags & ts.SymbolFlags.Interface && s.name.endsWith("Args"));
    expect(args.map((a) => a.name).sort()).toEqual([
      "AgentArgs",
      "ConnectionArgs",
      "PlivoTelephonyConfigArgs",
      "TelephonyConfigArgs",
      "TelnyxTelephonyConfigArgs",
      "TwilioTelephonyConfigArgs",
    ]);
    const missing = args.flatMap((a) =>
      checker
        .getPropertiesOfType(checker.getDeclaredTypeOfSymbol(a))
        .filter((p) => !documented(p))
        .map((p) => `${a.name}.${p.name}`),
    );
    expect(missing).toEqual([]);
  });
});
