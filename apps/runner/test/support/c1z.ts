import { readFile } from "node:fs/promises";
import { zstdDecompressSync } from "node:zlib";
import { C1zFile } from "@baton-ts/c1z";
import { expect } from "vitest";

/** Reads a finished c1z and closes it again. */
export const readC1z = async <T>(file: string, read: (c1z: C1zFile) => T): Promise<T> => {
  const c1z = await C1zFile.open(file, { readOnly: true });
  try {
    return read(c1z);
  } finally {
    c1z.close();
  }
};

/**
 * The whole database inside a c1z, decompressed, as text: for asserting that no secret reached the file.
 * Decompressed independently of @baton-ts/c1z (magic, then one zstd stream), so that a bug there cannot
 * hide a leak.
 */
export const c1zDatabaseText = async (file: string): Promise<string> => {
  const bytes = await readFile(file);
  expect(bytes.subarray(0, 5).toString("latin1")).toBe("C1ZF\0");
  return zstdDecompressSync(bytes.subarray(5)).toString("latin1");
};
