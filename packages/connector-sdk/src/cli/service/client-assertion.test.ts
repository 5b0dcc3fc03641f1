import { createPublicKey, generateKeyPairSync, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { makeClientAssertion } from "./client-assertion.js";

const decode = (part: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;

describe("the client assertion", () => {
  const { privateKey } = generateKeyPairSync("ed25519");
  const assertion = makeClientAssertion({
    clientId: "c@acme.conductor.one/pcc",
    audience: "acme.conductor.one",
    key: privateKey,
    now: 1_700_000_000,
  });
  const [header = "", claims = "", signature = ""] = assertion.split(".");

  it("is a compact EdDSA JWS with a 16-byte hex nonce and no kid or typ", () => {
    expect(assertion.split(".")).toHaveLength(3);
    const fields = decode(header);
    expect(fields).toEqual({ alg: "EdDSA", nonce: expect.stringMatching(/^[0-9a-f]{32}$/) });
  });

  it("carries baton-sdk's claims: iss = sub = client id, aud a string, a 2-minute window", () => {
    expect(decode(claims)).toEqual({
      iss: "c@acme.conductor.one/pcc",
      sub: "c@acme.conductor.one/pcc",
      aud: "acme.conductor.one",
      exp: 1_700_000_120,
      nbf: 1_699_999_880,
      iat: 1_700_000_000,
    });
  });

  it("is signed by the client secret's key (and a fresh nonce each time)", () => {
    const ok = verify(
      null,
      Buffer.from(`${header}.${claims}`),
      createPublicKey(privateKey),
      Buffer.from(signature, "base64url"),
    );
    expect(ok).toBe(true);
    const other = generateKeyPairSync("ed25519").publicKey;
    expect(verify(null, Buffer.from(`${header}.${claims}`), other, Buffer.from(signature, "base64url"))).toBe(
      false,
    );
    const again = makeClientAssertion({ clientId: "c@a/x", audience: "a", key: privateKey, now: 1 });
    expect(decode(again.split(".")[0] ?? "").nonce).not.toBe(decode(header).nonce);
  });
});
