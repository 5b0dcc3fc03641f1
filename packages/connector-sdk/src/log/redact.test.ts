import { describe, expect, it } from "vitest";
import { createRedactor, isSecretKey, REDACTED, redact, serializeError } from "./redact.js";

const TOKEN = "sgmt_9f8e7d6c5b4a";

describe("redact", () => {
  it("replaces every occurrence of each secret, raw and URL-encoded", () => {
    const secret = "p@ss word/1";
    const text = `a ${TOKEN} b ${TOKEN} c ${encodeURIComponent(secret)} d ${secret} e p%40ss+word%2F1`;
    const out = redact(text, [TOKEN, secret]);
    expect(out).toBe(`a ${REDACTED} b ${REDACTED} c ${REDACTED} d ${REDACTED} e ${REDACTED}`);
  });

  it("replaces the longer of two overlapping secrets whole", () => {
    expect(redact("Bearer abcd1234", ["abcd", "Bearer abcd1234"])).toBe(REDACTED);
  });

  it("ignores empty, undefined and too-short values instead of mangling the text", () => {
    expect(redact("a fox", ["", undefined, "x"])).toBe("a fox");
  });

  it("treats regular-expression characters in secrets literally", () => {
    expect(redact("k=a.b*c+ and aXbbc", ["a.b*c+"])).toBe(`k=${REDACTED} and aXbbc`);
  });
});

describe("isSecretKey", () => {
  it.each([
    "token",
    "apiToken",
    "api_key",
    "x-api-key",
    "Authorization",
    "clientSecret",
    "password",
    "Set-Cookie",
  ])("%s is a credential key", (key) => expect(isSecretKey(key)).toBe(true));
  it.each(["user", "email", "tokenCount", "status"])("%s is not", (key) =>
    expect(isSecretKey(key)).toBe(false),
  );
});

describe("createRedactor().value", () => {
  it("redacts nested strings, credential keys, errors, and survives cycles", () => {
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    const error = new Error(`boom with ${TOKEN}`);
    const value = createRedactor([TOKEN]).value({
      url: `https://api.example.com/x?token=${TOKEN}`,
      headers: { authorization: "Bearer something-else", accept: "application/json" },
      list: [{ note: `t=${TOKEN}` }],
      error,
      cyclic,
      big: 10n,
    });
    const json = JSON.stringify(value);
    expect(json).not.toContain(TOKEN);
    expect(json).not.toContain("something-else");
    expect(value).toMatchObject({
      url: `https://api.example.com/x?token=${REDACTED}`,
      headers: { authorization: REDACTED, accept: "application/json" },
      list: [{ note: `t=${REDACTED}` }],
      error: { name: "Error", message: `boom with ${REDACTED}` },
      cyclic: { name: "loop", self: "[Circular]" },
      big: "10",
    });
  });

  it("serialises an error's name, message, code and status but not other properties", () => {
    const error = Object.assign(new Error("nope"), {
      code: "ECONNRESET",
      status: 503,
      options: { headers: { authorization: "Bearer leaked-token-value" } },
    });
    const shape = serializeError(error) as Record<string, unknown>;
    expect(shape).toMatchObject({ name: "Error", message: "nope", code: "ECONNRESET", status: 503 });
    expect(JSON.stringify(shape)).not.toContain("leaked-token-value");
    expect(shape.stack).toEqual(expect.stringContaining("nope"));
  });

  it("redacts secrets from error stacks and causes", () => {
    const error = new Error("outer", { cause: new Error(`inner ${TOKEN}`) });
    error.stack = `Error: outer ${TOKEN}\n    at somewhere`;
    expect(JSON.stringify(serializeError(error, [TOKEN]))).not.toContain(TOKEN);
  });
});
