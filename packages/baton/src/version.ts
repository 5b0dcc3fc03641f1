// Kept equal to package.json's version by test/version.test.ts (tsup bundles no package.json).
export const VERSION = "0.1.0";
