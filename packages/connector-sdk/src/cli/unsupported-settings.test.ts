import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors.js";
import { rejectUnsupportedFlags, unsupportedVariables } from "./unsupported-settings.js";

describe("unsupported Baton settings", () => {
  it("rejects an unsupported flag by name and feature, with or without a value", () => {
    expect(() => rejectUnsupportedFlags(["--delete-resource", "x"])).toThrow(ConfigError);
    expect(() => rejectUnsupportedFlags(["--create-account-login=ada"])).toThrow(
      "--create-account-login is a Baton flag for account creation, which this program does not support yet",
    );
    expect(() => rejectUnsupportedFlags(["--ticketing"])).toThrow(/ticketing/);
  });

  it("leaves supported flags, values and arguments after -- alone", () => {
    expect(() => rejectUnsupportedFlags(["-f", "--delete-resource.c1z", "--token", "t"])).not.toThrow();
    expect(() =>
      rejectUnsupportedFlags(["-f", "x.c1z", "--revoke-grant", "g", "--", "--ticketing"]),
    ).not.toThrow();
  });

  it("lists the unsupported variables that are set", () => {
    expect(unsupportedVariables({ BATON_TICKETING: "true", BATON_TOKEN: "t", BATON_LOG_PATH: "" })).toEqual([
      "BATON_TICKETING",
    ]);
  });
});
