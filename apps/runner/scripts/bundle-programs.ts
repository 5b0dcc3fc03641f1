// `pnpm --filter @baton-ts/runner build` runs this after tsup: dist/programs/<program>.mjs for every program.
import { fileURLToPath } from "node:url";
import { bundlePrograms } from "../src/programs/bundle-programs.ts";

await bundlePrograms(fileURLToPath(new URL("..", import.meta.url)));
