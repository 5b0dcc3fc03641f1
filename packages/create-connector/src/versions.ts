// Fixed when the generator is built (see build-constants.ts): what a standalone project depends on.
declare const __BATON_TS_VERSIONS__: Readonly<Record<string, string>>;
declare const __TOOL_VERSIONS__: Readonly<Record<string, string>>;
declare const __ENGINES__: Readonly<Record<string, string>>;

/** This repository's @baton-ts package versions, e.g. `{"@baton-ts/connector-sdk": "0.1.0"}`. */
export const BATON_TS_VERSIONS: Readonly<Record<string, string>> = __BATON_TS_VERSIONS__;

/** The tools' versions from the repository's catalog, e.g. `{"typescript": "6.0.3"}`. */
export const TOOL_VERSIONS: Readonly<Record<string, string>> = __TOOL_VERSIONS__;

/** A caret range on a bare version (`4.6.7` → `^4.6.7`); a range is kept as it is. */
export const caret = (version: string): string => (/^\d/.test(version) ? `^${version}` : version);

/** The sdk's `engines` when the generator was built (a standalone project's). */
export const SDK_ENGINES: Readonly<Record<string, string>> = __ENGINES__;
