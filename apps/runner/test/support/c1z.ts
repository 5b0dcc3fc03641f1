import { C1zFile } from "@baton-ts/c1z";

/** Reads a finished c1z and closes it again. */
export const readC1z = async <T>(file: string, read: (c1z: C1zFile) => T): Promise<T> => {
  const c1z = await C1zFile.open(file, { readOnly: true });
  try {
    return read(c1z);
  } finally {
    c1z.close();
  }
};
