/** Kept in step with package.json by the release process (changesets bumps both). */
export const CONNECTOR_VERSION = "0.1.0";
