/**
 * Opaque-looking page cursors as many APIs make them: base64 of a short text (an offset, `user_id:42`).
 * `decode` accepts only what `encode` produces (canonical base64 of the same text), so a forged or
 * truncated cursor is an error the simulator can answer like the API does.
 */
export const base64Cursor = {
  encode: (text: string): string => Buffer.from(text, "utf8").toString("base64"),
  decode: (cursor: string): string | undefined => {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(cursor)) return undefined;
    const text = Buffer.from(cursor, "base64").toString("utf8");
    return base64Cursor.encode(text) === cursor ? text : undefined;
  },
};

/** A cursor that is a base64 offset (`MA==` is 0): `decode` gives the offset, or undefined when forged. */
export const offsetCursor = {
  encode: (offset: number): string => base64Cursor.encode(String(offset)),
  decode: (cursor: string): number | undefined => {
    const text = base64Cursor.decode(cursor);
    if (text === undefined || !/^(0|[1-9]\d*)$/.test(text)) return undefined;
    const offset = Number(text);
    return Number.isSafeInteger(offset) ? offset : undefined;
  },
};
