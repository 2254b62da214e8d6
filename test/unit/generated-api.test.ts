/**
 * provider/agent/api-types.ts and api-schemas.json are generated from the vendored OpenAPI
 * document by scripts/generate-api.ts (`npm run generate`): they must be exactly what it writes now.
 */
import { readFileSync } from "node:fs";
import { generateApi, reachable, readSchemas, SCHEMAS_FILE, TYPES_FILE } from "../../scripts/generate-api";

let generated: { types: string; schemas: string };

beforeAll(async () => {
  generated = await generateApi();
});

describe("generated API files", () => {
  it("are what `npm run generate` writes from openapi/ultravox-openapi.yaml (run it after updating the document)", () => {
    expect(readFileSync(TYPES_FILE, "utf8")).toBe(generated.types);
    expect(readFileSync(SCHEMAS_FILE, "utf8")).toBe(generated.schemas);
  });

  it("cover the schemas the Agent's call template reaches", () => {
    const names = reachable(readSchemas());
    expect(names).toEqual(
      expect.arrayContaining([
        "Agent",
        "PatchedAgent",
        "ultravox.v1.CallTemplate",
        "ultravox.v1.SelectedTool",
        "ultravox.v1.VadSettings",
        "ultravox.v1.DataConnectionConfig",
        "ultravox.v1.ExternalVoice",
      ]),
    );
    const schemas = JSON.parse(generated.schemas) as Record<string, unknown>;
    expect(Object.keys(schemas)).toEqual(names);
    expect(generated.types).toContain('"ultravox.v1.CallTemplate": {');
  });

  it("leave descriptions and examples out of api-schemas.json, but keep a property named `description`", () => {
    const schemas = JSON.parse(readFileSync(SCHEMAS_FILE, "utf8")) as Record<string, Node>;
    const keywords: string[] = [];
    const walk = (node: Node, path: string): void => {
      for (const keyword of ["description", "example"]) if (keyword in node) keywords.push(`${path}.${keyword}`);
      for (const [name, property] of Object.entries(node.properties ?? {})) walk(property, `${path}.properties.${name}`);
      if (node.items) walk(node.items, `${path}.items`);
      if (typeof node.additionalProperties === "object") walk(node.additionalProperties, `${path}.additionalProperties`);
      for (const [i, part] of (node.allOf ?? []).entries()) walk(part, `${path}.allOf[${i}]`);
    };
    for (const [name, schema] of Object.entries(schemas)) walk(schema, name);
    expect(keywords).toEqual([]);
    // A tool's own `description` is a property name, not the keyword.
    expect(schemas["ultravox.v1.BaseToolDefinition"].properties?.description).toEqual({ type: "string" });
  });
});

interface Node {
  properties?: Record<string, Node>;
  items?: Node;
  additionalProperties?: boolean | Node;
  allOf?: Node[];
}
