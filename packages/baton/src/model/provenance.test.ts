import { create, GrantSchema } from "@baton-ts/protocol";
import { describe, expect, it } from "vitest";
import { provenanceOf } from "./provenance.js";

const grant = (sources?: Record<string, { isDirect?: boolean }>) =>
  create(GrantSchema, {
    id: "app:billing:admin:user:alice",
    entitlement: { id: "app:billing:admin" },
    ...(sources ? { sources: { sources } } : {}),
  });

describe("provenanceOf", () => {
  it("a grant without sources is direct", () => {
    expect(provenanceOf(grant())).toEqual({ direct: true, via: [] });
  });
  it("a grant found only by expansion names the entitlements it came through", () => {
    expect(provenanceOf(grant({ "group:eng:member": {}, "group:all:member": {} }))).toEqual({
      direct: false,
      via: ["group:all:member", "group:eng:member"],
    });
  });
  it("a grant listed by the connector and also derived is direct, with the group as well", () => {
    expect(provenanceOf(grant({ "app:billing:admin": {}, "group:eng:member": {} }))).toEqual({
      direct: true,
      via: ["group:eng:member"],
    });
    expect(provenanceOf(grant({ "group:eng:member": { isDirect: true } }))).toEqual({
      direct: true,
      via: ["group:eng:member"],
    });
  });
});
