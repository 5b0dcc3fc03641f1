/**
 * The description of an account or site, leading with its state so that a reviewer sees at once that
 * an object is expired or deleted (kept in the sync: grants on it still exist in SentinelOne).
 */
export const describeState = (
  kind: "Account" | "Site",
  state: string | null | undefined,
  type: string | null | undefined,
  expiration: string | null | undefined,
): string => {
  const parts = [`${kind}, state ${state ?? "unknown"}`];
  if (type) parts.push(`type ${type}`);
  if (expiration) parts.push(`${state === "expired" ? "expired" : "expires"} ${expiration}`);
  return parts.join("; ");
};
