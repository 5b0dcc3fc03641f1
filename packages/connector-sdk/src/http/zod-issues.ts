import type { z } from "zod";

/** `data.users[3].email` from zod's path array. */
export const formatIssuePath = (path: readonly PropertyKey[]): string => {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out === "" ? "(root)" : out;
};

/**
 * One line per issue naming the failing field: `data.users[3].email: expected string, received
 * number`. Zod's messages describe the expected type, never echo the value, so nothing from the
 * response body leaks through them.
 */
export const formatZodIssues = (issues: readonly z.core.$ZodIssue[], limit = 5): string => {
  const lines = issues
    .slice(0, limit)
    .map(
      (issue) =>
        `${formatIssuePath(issue.path)}: ${lowerFirst(issue.message.replace(/^Invalid input: /, ""))}`,
    );
  if (issues.length > limit) lines.push(`and ${issues.length - limit} more`);
  return lines.join("; ");
};

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);
