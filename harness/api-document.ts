/**
 * Ultravox's OpenAPI document: Ultravox's, not this project's. Every checkout and CI have it at
 * `../shared/reference/ultravox-openapi.yaml`, beside the repository; the generator
 * (scripts/generate-api.ts) and the contract test read it there, and the project carries no copy.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { REPO_ROOT } from "./installed-app";

export const API_DOCUMENT = join(REPO_ROOT, "..", "shared", "reference", "ultravox-openapi.yaml");

/** The document, parsed. */
export function readApiDocument(): Record<string, unknown> {
  if (!existsSync(API_DOCUMENT)) {
    throw new Error(`Ultravox's OpenAPI document is not at ${API_DOCUMENT}: the checkout needs ../shared/reference beside it`);
  }
  return parse(readFileSync(API_DOCUMENT, "utf8")) as Record<string, unknown>;
}
