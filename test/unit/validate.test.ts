/**
 * The validators every resource's check is built from: what each says about a bad value, that a
 * value not known yet passes anywhere, and that null means "not set".
 */
import {
  boolean,
  list,
  map,
  number,
  object,
  oneOf,
  refine,
  string,
  toCheckFailures,
  UNKNOWN,
  validate,
  withoutNulls,
} from "../../provider/core/validate";

describe("validators", () => {
  it("name what they expect and the type they got, never the value", () => {
    expect(validate(string(), 5)).toEqual([{ path: [], message: "must be a string, got a number" }]);
    expect(validate(boolean(), "yes")).toEqual([{ path: [], message: "must be true or false, got a string" }]);
    expect(validate(number({ min: 0, max: 1 }), 1.5)).toEqual([{ path: [], message: "must be a number from 0 to 1, got 1.5" }]);
    expect(validate(oneOf(["A", "B"]), "C")).toEqual([{ path: [], message: 'must be one of A, B, got "C"' }]);
    expect(validate(string({ maxLength: 3 }), "abcd")).toEqual([{ path: [], message: "must be at most 3 characters, got 4" }]);
  });

  it("report issues at their path inside lists, maps and objects", () => {
    const shape = object({ ids: list(string()), tags: map(string()), on: boolean() }, { required: ["on"] });
    expect(validate(shape, { ids: ["a", 1], tags: { x: 2 }, extra: true })).toEqual([
      { path: ["ids", 1], message: "must be a string, got a number" },
      { path: ["tags", "x"], message: "must be a string, got a number" },
      { path: ["on"], message: "is required" },
      { path: ["extra"], message: "is not a known property (known: ids, tags, on)" },
    ]);
  });

  it("let a value not known yet pass anywhere, and run cross-field rules only on valid values", () => {
    const rule = refine(object({ a: number(), b: number() }), (value, path, issues) => {
      const { a, b } = value as { a: number; b: number };
      if (a > b) issues.push({ path, message: "a must not exceed b" });
    });
    expect(validate(rule, { a: UNKNOWN, b: 1 })).toEqual([]);
    expect(validate(rule, UNKNOWN)).toEqual([]);
    expect(validate(rule, { a: 2, b: 1 })).toEqual([{ path: [], message: "a must not exceed b" }]);
    expect(validate(rule, { a: "x", b: 1 })).toEqual([{ path: ["a"], message: "must be a number, got a string" }]);
  });

  it("take null for not set, and drop nulls at any depth of an object", () => {
    expect(validate(object({ a: string() }), { a: null })).toEqual([]);
    expect(withoutNulls({ a: null, b: { c: null, d: 1 }, e: [null, { f: null }] })).toEqual({ b: { d: 1 }, e: [null, {}] });
  });
});

describe("check failures", () => {
  it("name a secret with a value, or an unknown property, in the reason only", () => {
    const input = { authToken: "tokS-3d9c0e7a51f2b8", misspelt: "x", authId: "" };
    const failures = toCheckFailures(
      [
        { path: ["authToken"], message: "must not start or end with whitespace" },
        { path: ["misspelt"], message: "is not a known property" },
        { path: ["authId"], message: "must not be empty" },
      ],
      { input, unprintable: new Set(["authToken"]), knownProperties: ["authToken", "authId"] },
    );
    expect(failures).toEqual([
      { property: "", reason: "authToken must not start or end with whitespace" },
      { property: "", reason: "misspelt is not a known property" },
      { property: "authId", reason: "authId must not be empty" },
    ]);
  });
});
