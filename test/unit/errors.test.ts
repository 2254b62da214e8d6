/**
 * Errors built from API answers: DRF shapes read into property messages, bounded text, and
 * secrets redacted in every encoding the API might echo them in.
 */
import { UltravoxApiError, BadRequestError, InternalServerError } from "../../provider/core/errors";
import { Redactor } from "../../provider/core/redact";

const SECRET = 'tok"with/odd chars';
const request = {
  method: "PATCH",
  path: "/api/telephony_configs/plivo",
  attempts: 1,
  baseUrl: "https://api.ultravox.ai",
  redactor: new Redactor([SECRET, "k3y-value"]),
};
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
    expect(error.message).toMatch(
      /^Ultravox rejected PATCH \/api\/telephony_configs\/plivo \(400 Bad Request\): callCreationAllowedAgentIds may not/,
    );
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

  it("redacts before it cuts: a secret straddling the limit leaves no run of 8 of its characters", () => {
    const token = "tokC-cut-plivo-3f9a1c7e2b8d5a40f1e6c9b2";
    const cut = new Redactor([token]);
    for (let at = 270; at <= 300; at++) {
      const error = UltravoxApiError.fromResponse(
        { ...request, redactor: cut },
        {
          status: 400,
          statusText: "",
          contentType: "application/json",
          body: { detail: `${"x".repeat(at)}${token} was refused`, authToken: [`${"y".repeat(at)}${token}`] },
        },
      );
      const text = `${error.message}\n${error.stack}\n${error.detail}\n${JSON.stringify(error.fieldMessages)}`;
      for (let i = 0; i + 8 <= token.length; i++) expect({ at, run: text.includes(token.slice(i, i + 8)) }).toEqual({ at, run: false });
    }
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
