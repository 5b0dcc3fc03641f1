import { describe, expect, it } from "vitest";
import { isLoopbackUrl, parseBaseUrl } from "./loopback.js";
import { buildUrl, routeTemplate } from "./url.js";

describe("buildUrl", () => {
  it("joins the base path and the request path", () => {
    const base = new URL("https://console.example.net/web/api/v2.1/");
    expect(buildUrl(base, "/users").toString()).toBe("https://console.example.net/web/api/v2.1/users");
    expect(buildUrl(base, "sites").toString()).toBe("https://console.example.net/web/api/v2.1/sites");
  });

  it("encodes the query like URLSearchParams, repeats array keys, drops undefined", () => {
    const url = buildUrl(new URL("https://api.example.com"), "/group/g1/users", {
      emails: ["a@b.com", "c d@e.com"],
      limit: 200,
      active: true,
      cursor: undefined,
    });
    expect(url.search).toBe("?emails=a%40b.com&emails=c+d%40e.com&limit=200&active=true");
  });
});

describe("routeTemplate", () => {
  it.each([
    ["/groups/2Nfkj3Xk1aVZqJ0A8Xl0o1R7vH9/users", "/groups/{id}/users"],
    ["/web/api/v2.1/users/1234567890123456789", "/web/api/v2.1/users/{id}"],
    ["/users/jane%40example.com/permissions", "/users/{id}/permissions"],
    ["/roles/550e8400-e29b-41d4-a716-446655440000", "/roles/{id}"],
    ["/accounts/42?limit=1000", "/accounts/{id}"],
    ["/workspace", "/workspace"],
  ])("%s → %s", (path, template) => expect(routeTemplate(path)).toBe(template));
});

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
});
