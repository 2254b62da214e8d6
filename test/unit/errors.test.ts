/**
 * Errors built from API answers: DRF shapes read into property messages, bounded text, and
 * secrets redacted in every encoding the API might echo them in.
 */
import { UltravoxApiError, BadRequestError, InternalServerError } from "../../provider/core/errors";
import { Redactor } from "../../provider/core/redact";

const SECRET = 'tok"with/odd chars';
const request = { method: "PATCH", path: "/api/telephony_configs/plivo", attempts: 1, redactor: new Redactor([SECRET, "k3y-value"]) };
const answer = (status: number, body: unknown, contentType = "application/json") =>
  UltravoxApiError.fromResponse(request, { status, statusText: "", contentType, body });

describe("API errors", () => {
  it("reads field errors, per-element errors, non_field_errors and detail", () => {
    const error = answer(400, {
      auth_id: ["This field may not be blank."],
      callCreationAllowedAgentIds: { "1": ["Must be a valid UUID."] },
      requestContextMapping: { From: ["Not a valid string."] },
      non_field_errors: ["callCreationAllowedAgentIds may not be set if callCreationAllowAllAgents is true."],
    });
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.fieldMessages).toEqual([
      { property: "authId", message: "This field may not be blank." },
      { property: "callCreationAllowedAgentIds[1]", message: "Must be a valid UUID." },
      { property: "requestContextMapping.From", message: "Not a valid string." },
    ]);
    expect(error.detail).toMatch(/may not be set if callCreationAllowAllAgents is true/);
    expect(error.message).toMatch(/^Ultravox rejected PATCH \/api\/telephony_configs\/plivo \(400 Bad Request\): callCreationAllowedAgentIds may not/);
  });

  it("redacts secrets raw, JSON-escaped and URL-encoded", () => {
    const error = answer(400, {
      detail: `raw ${SECRET} json ${JSON.stringify(SECRET)} url ${encodeURIComponent(SECRET)} key k3y-value`,
    });
    const text = `${error.message} ${error.stack} ${error.detail}`;
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(JSON.stringify(SECRET).slice(1, -1));
    expect(text).not.toContain(encodeURIComponent(SECRET));
    expect(text).not.toContain("k3y-value");
  });

  it("keeps messages bounded", () => {
    const error = answer(500, "x".repeat(10_000), "text/plain");
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.message.length).toBeLessThan(500);
    const many = answer(400, Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`f${i}`, ["bad"]])));
    expect(many.message).toMatch(/and 30 more$/);
  });

  it("accepts a body that is not JSON at all", () => {
    expect(answer(502, "", "text/plain").message).toMatch(/\(empty body\)$/);
    expect(answer(502, "<html><body>Bad gateway</body></html>", "text/html").message).toMatch(/an HTML page/);
  });
});
