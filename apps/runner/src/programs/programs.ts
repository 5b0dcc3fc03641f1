/**
 * The deployable programs: one per connector package, bundled into `dist/programs/<program>.mjs` and
 * shipped as the image `<program>` (the Dockerfile's build argument `CONNECTOR` is the connector id).
 */
export interface ProgramSpec {
  /** The connector's id, as in `baton-<id>`: the Dockerfile's `CONNECTOR` build argument. */
  readonly connector: string;
  /** The program's (and the image's) name. */
  readonly program: string;
  /** The connector package whose package.json `bin` is the program's entry. */
  readonly packageName: string;
  /** The image's OCI description. */
  readonly description: string;
}

export const PROGRAMS: readonly ProgramSpec[] = [
  {
    connector: "segment",
    program: "baton-segment",
    packageName: "@baton-ts/connector-segment",
    description: "Baton connector for Twilio Segment (users, groups, roles and their grants)",
  },
  {
    connector: "sentinel-one",
    program: "baton-sentinel-one",
    packageName: "@baton-ts/connector-sentinelone",
    description: "Baton connector for SentinelOne (accounts, sites, users, service users and roles)",
  },
];

/** Where a program's bundle is written, relative to the runner package. */
export const bundlePath = (program: string): string => `dist/programs/${program}.mjs`;
