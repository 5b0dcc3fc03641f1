import { basename, dirname, extname, join } from "node:path";

/**
 * Where a program keeps its leases when `--lease-store` is not set: next to the c1z, named after it
 * (`sync.c1z` → `sync.leases.db`), so each tenant's file has its own leases.
 */
export const defaultLeaseStorePath = (c1zFile: string): string => {
  const name = basename(c1zFile);
  const stem = extname(name) === ".c1z" ? name.slice(0, -".c1z".length) : name;
  return join(dirname(c1zFile), `${stem}.leases.db`);
};
