import { describe, expect, it } from "vitest";
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
