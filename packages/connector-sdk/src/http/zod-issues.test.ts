import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formatIssuePath, formatZodIssues } from "./zod-issues.js";

describe("formatZodIssues", () => {
  it("names the failing field with dots and indexes", () => {
    const schema = z.object({ data: z.object({ users: z.array(z.object({ email: z.string() })) }) });
    const result = schema.safeParse({
      data: { users: [{ email: "a" }, { email: "b" }, { email: "c" }, { email: 4 }] },
    });
    expect(result.success).toBe(false);
    expect(formatZodIssues(result.error?.issues ?? [])).toBe(
      "data.users[3].email: expected string, received number",
    );
  });

  it("caps the list and says how many more", () => {
    const result = z.array(z.number()).safeParse(["a", "b", "c"]);
    expect(formatZodIssues(result.error?.issues ?? [], 2)).toBe(
      "[0]: expected number, received string; [1]: expected number, received string; and 1 more",
    );
  });

  it("names the root", () => expect(formatIssuePath([])).toBe("(root)"));
});
