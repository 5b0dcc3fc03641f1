import { ConnectorError, isConnectorError, userTraitOf } from "@baton-ts/connector-sdk";
import type { Resource } from "@baton-ts/protocol";

/** The address the sync saw for a user or invite (its trait), if it recorded one. */
export const syncedEmail = (principal: Resource): string | undefined =>
  userTraitOf(principal)?.emails[0]?.address || undefined;

/** Segment matches addresses without regard to case. */
export const sameAddress = (a: string, b: string): boolean =>
  a.trim().toLowerCase() === b.trim().toLowerCase();

/** Reads something by id; a 404 is `undefined` (gone), every other failure stays a failure. */
export const unlessGone = async <T>(read: Promise<T>): Promise<T | undefined> => {
  try {
    return await read;
  } catch (error) {
    if (isConnectorError(error) && error.code === "not-found") return undefined;
    throw error;
  }
};

/**
 * The user a grant names now has another address than the sync saw: the old address may belong to
 * someone else by now, so nothing is done until a sync shows who is who.
 */
export const addressChanged = (userId: string, synced: string, live: string): ConnectorError =>
  new ConnectorError(
    "failed-precondition",
    `user ${userId} had the address ${synced} at the last sync and has ${live} in Segment now; nothing was changed. ` +
      "Sync again, check who holds each address, and repeat the request if it still applies",
    { details: { userId, synced, live } },
  );

/** A grant to a user who no longer exists. */
export const userGone = (userId: string, synced: string | undefined): ConnectorError =>
  new ConnectorError(
    "not-found",
    `user ${userId}${synced ? ` (${synced})` : ""} no longer exists in Segment; nothing was changed. Sync again`,
    { details: { userId } },
  );
