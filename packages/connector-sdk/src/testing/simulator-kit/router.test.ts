import { describe, expect, it } from "vitest";
import { createRouter } from "./router.js";

const routes = [
  { method: "GET", route: "/" },
  { method: "GET", route: "/users" },
  { method: "GET", route: "/users/{userId}" },
  { method: "PUT", route: "/users/{userId}" },
  { method: "DELETE", route: "/labels/{key}/{value}" },
];

describe("createRouter", () => {
  it("matches templates and decodes their params", () => {
    const router = createRouter(routes);
    expect(router.match("GET", "/users/a%20b")).toEqual({ route: routes[2], params: { userId: "a b" } });
    expect(router.match("DELETE", "/labels/env/prod")).toEqual({
      route: routes[4],
      params: { key: "env", value: "prod" },
    });
    expect(router.match("GET", "/")).toEqual({ route: routes[0], params: {} });
    expect(router.match("GET", "")).toEqual({ route: routes[0], params: {} });
  });

  it("tells an unknown path from a known path asked with another method", () => {
    const router = createRouter(routes);
    expect(router.match("GET", "/groups")).toBeUndefined();
    expect(router.match("GET", "/users/1/extra")).toBeUndefined();
    expect(router.match("POST", "/users/1")).toEqual({ methodNotAllowed: true });
  });

  it("restricts params to paramPattern", () => {
    const router = createRouter(routes, "\\d+");
    expect(router.match("GET", "/users/123")).toEqual({ route: routes[2], params: { userId: "123" } });
    expect(router.match("GET", "/users/abc")).toBeUndefined();
  });
});
