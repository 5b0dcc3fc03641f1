import { describe, expect, it } from "vitest";
import { isAcceptedBaseUrl, isLoopbackUrl, parseBaseUrl } from "./loopback.js";

describe("base URL checks", () => {
  it.each([
    "http://127.0.0.1:8080",
    "http://127.3.4.5",
    "http://localhost:3000",
    "http://[::1]:9000",
    "https://x.com",
  ])("accepts %s", (url) => expect(parseBaseUrl(url, "Segment").toString()).toContain(new URL(url).host));

  it("refuses plain http to a remote host, naming the fix", () => {
    expect(() => parseBaseUrl("http://api.segmentapis.com", "Segment")).toThrow(
      expect.objectContaining({
        name: "ConfigError",
        code: "invalid-argument",
        message: expect.stringMatching(/use https:\/\/.*loopback/),
      }),
    );
  });

  it("refuses other schemes, credentials in the URL and garbage", () => {
    expect(() => parseBaseUrl("ftp://x.com", "S")).toThrow(/must use https/);
    expect(() => parseBaseUrl("https://user:hunter22@x.com", "S")).toThrow(
      /must not contain a user name or password/,
    );
    expect(() => parseBaseUrl("https://user:hunter22@x.com", "S")).not.toThrow(/hunter22/);
    expect(() => parseBaseUrl("not a url", "S")).toThrow(/not a valid URL/);
  });

  it("isLoopbackUrl", () => {
    expect(isLoopbackUrl("http://127.0.0.1")).toBe(true);
    expect(isLoopbackUrl("http://[::1]")).toBe(true);
    expect(isLoopbackUrl("http://10.0.0.1")).toBe(false);
    expect(isLoopbackUrl("http://127.example.com")).toBe(false);
    expect(isLoopbackUrl("nope")).toBe(false);
  });

  it("isAcceptedBaseUrl answers what parseBaseUrl would accept", () => {
    expect(isAcceptedBaseUrl("https://api.segmentapis.com")).toBe(true);
    expect(isAcceptedBaseUrl("http://127.0.0.1:4010")).toBe(true);
    expect(isAcceptedBaseUrl("http://api.example.com")).toBe(false);
    expect(isAcceptedBaseUrl("https://user:pass@api.example.com")).toBe(false);
    expect(isAcceptedBaseUrl("not a url")).toBe(false);
    expect(isAcceptedBaseUrl("ftp://api.example.com")).toBe(false);
  });
});
