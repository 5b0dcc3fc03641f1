import { describe, expect, it } from "vitest";
import { connectorNames, GeneratorUsageError } from "../src/connector-name.js";

describe("connector names", () => {
  it("derive every form the code uses from a kebab-case name", () => {
    expect(connectorNames("acme-hr-2")).toEqual({
      kebab: "acme-hr-2",
      camel: "acmeHr2",
      pascal: "AcmeHr2",
      constant: "ACME_HR_2",
      title: "Acme Hr 2",
    });
    expect(connectorNames("acme-hr", "Acme HR (EU)").title).toBe("Acme HR (EU)");
  });

  it.each([
    ["", /name the connector/],
    ["AcmeHR", /"AcmeHR" is not a kebab-case name.*try "acme-hr"/],
    ["acme_hr", /try "acme-hr"/],
    ["2fa", /not a kebab-case name/],
    ["acme--hr", /not a kebab-case name/],
    ["connector-acme", /without "connector-": "acme" makes the package connector-acme/],
    ["baton-acme", /without "baton-"/],
    ["sdk", /"sdk" is reserved/],
    ["a".repeat(41), /longer than 40 characters/],
  ])("refuse %j with a message saying what is wrong", (name, message) => {
    expect(() => connectorNames(name)).toThrow(GeneratorUsageError);
    expect(() => connectorNames(name)).toThrow(message);
  });

  it("refuse a title that would break the generated code", () => {
    expect(() => connectorNames("acme", 'Acme "HR"')).toThrow(/may hold letters, digits, spaces/);
    expect(() => connectorNames("acme", "Acme `HR`")).toThrow(GeneratorUsageError);
  });
});
