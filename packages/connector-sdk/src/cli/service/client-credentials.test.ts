import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../errors.js";
import { parseClientId, parseClientSecret } from "./client-credentials.js";

const secretOf = (jwk: object): string =>
  `secret-token:conductorone.com:v1:${Buffer.from(JSON.stringify(jwk)).toString("base64url")}`;
const ed25519Jwk = () => generateKeyPairSync("ed25519").privateKey.export({ format: "jwk" });

describe("ConductorOne client credentials", () => {
  it("splits a client id into name and token host, as baton-sdk does", () => {
    expect(parseClientId("my-connector@acme.conductor.one/pcc")).toEqual({
      value: "my-connector@acme.conductor.one/pcc",
      clientName: "my-connector",
      tokenHost: "acme.conductor.one",
    });
    expect(parseClientId("a@b.example:8443/x/y").tokenHost).toBe("b.example:8443");
  });

  it("refuses a malformed client id, naming the variable and the expected form", () => {
    for (const bad of ["", "no-at-sign", "@host/x", "name@host-without-slash", "name@/x"]) {
      expect(() => parseClientId(bad), bad).toThrow(ConfigError);
    }
    expect(() => parseClientId("oops")).toThrow(
      /BATON_CLIENT_ID \(--client-id\) "oops".*<client name>@<tenant host>\/<suffix>/,
    );
  });

  it("reads the Ed25519 key of a v1 client secret", () => {
    const key = parseClientSecret(secretOf(ed25519Jwk()));
    expect(key.asymmetricKeyType).toBe("ed25519");
    expect(key.type).toBe("private");
  });

  it("refuses a malformed secret without ever echoing it", () => {
    const publicOnly = generateKeyPairSync("ed25519").publicKey.export({ format: "jwk" });
    const ecKey = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "jwk" });
    const cases: [string, RegExp][] = [
      ["plain-password-123456", /does not have the v1 form/],
      ["secret-token:conductorone.com:v2:AAAA", /does not have the v1 form/],
      ["secret-token:conductorone.com:v1:!!!not-base64!!!", /not base64url-encoded JSON/],
      [secretOf(publicOnly), /not a private Ed25519 key/],
      [secretOf(ecKey), /not a private Ed25519 key/],
      [secretOf({ kty: "OKP", crv: "Ed25519", d: "short", x: "short" }), /not valid/],
    ];
    for (const [secret, reason] of cases) {
      let message = "";
      try {
        parseClientSecret(secret);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        message = (error as Error).message;
      }
      expect(message).toMatch(/^BATON_CLIENT_SECRET \(--client-secret\) is not a ConductorOne client secret/);
      expect(message).toMatch(reason);
      expect(message).toContain("secret-token:conductorone.com:v1:<key>");
      // Neither the secret nor any of its parts appears.
      for (const part of secret
        .split(":")
        .filter((p) => p.length > 3 && !["secret-token", "conductorone.com"].includes(p))) {
        expect(message).not.toContain(part);
      }
    }
  });
});
