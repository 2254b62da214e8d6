/**
 * provider/generated/zod.ts and types.ts are generated from Ultravox's OpenAPI document by
 * scripts/generate-api.ts (`npm run generate`): they must be exactly what it writes now, hold the
 * document's facts and none of its prose, and every prose rule must name a schema of the document.
 */
import { readFileSync } from "node:fs";
import { RULED_SCHEMAS } from "../../provider/core/prose-rules";
import { readApiDocument } from "../../harness/api-document";
import { componentSchemas, generateApi, TYPES_FILE, withoutProse, ZOD_FILE } from "../../scripts/generate-api";

let generated: { zod: string; types: string };

beforeAll(async () => {
  generated = await generateApi();
});

describe("generated API files", () => {
  it("are what `npm run generate` writes from the API document (run it after the document changes)", () => {
    expect(readFileSync(ZOD_FILE, "utf8")).toBe(generated.zod);
    expect(readFileSync(TYPES_FILE, "utf8")).toBe(generated.types);
  });

  it("hold a schema and a type for each schema of the document the resources use", () => {
    for (const name of ["ultravox.v1.CallTemplate", "ultravox.v1.SelectedTool", "ultravox.v1.BaseToolDefinition", "Agent"]) {
      expect(generated.zod).toContain(`schema(${JSON.stringify(name)}, () =>`);
    }
    expect(generated.types).toContain("export type UltravoxV1CallTemplate = {");
  });

  it("carry none of the document's prose", () => {
    const prose = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node !== null && typeof node === "object") {
        for (const [key, value] of Object.entries(node)) {
          if (key === "description" && typeof value === "string" && value.length > 30) prose.add(value.split("\n")[0].trim());
          walk(value);
        }
      }
    };
    walk(readApiDocument());
    expect(prose.size).toBeGreaterThan(100);
    expect([...prose].filter((text) => generated.zod.includes(text) || generated.types.includes(text))).toEqual([]);
    // A tool's own `description` is a property name, not the keyword: it is kept.
    expect(JSON.stringify(withoutProse({ properties: { description: { type: "string", description: "prose" } } }))).toBe(
      '{"properties":{"description":{"type":"string"}}}',
    );
  });

  it("rule only schemas the document defines", () => {
    const schemas = componentSchemas();
    expect(RULED_SCHEMAS.filter((name) => !(name in schemas))).toEqual([]);
  });
});
