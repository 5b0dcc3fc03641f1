// `pnpm simulate <connector> [flags]`: builds the connector when its sources changed (turbo, cached) and
// starts its simulator by hand (`pnpm simulate segment --help` lists the flags). It imports the built
// command by its path, because the repository root does not depend on the connector packages.
import { execFileSync } from "node:child_process";

const CONNECTORS = { segment: "connector-segment", sentinelone: "connector-sentinelone" };
const ALIASES = { "sentinel-one": "sentinelone", s1: "sentinelone" };

const [given = "", ...args] = process.argv.slice(2);
const name = ALIASES[given] ?? given;
const directory = CONNECTORS[name];
if (directory === undefined) {
  const names = Object.keys(CONNECTORS).join(" or ");
  console.error(
    `pnpm simulate: ${given === "" ? "name a connector" : `no connector "${given}"`}: ${names} (e.g. pnpm simulate segment --users 500)`,
  );
  process.exit(2);
}
// SIMULATE_NO_BUILD=1 skips the build: the repository's own tests set it, because the suite has built
// everything already and a turbo run here would restore packages' dist/ from its cache while other
// packages' tests read them.
try {
  // The build's output goes to stderr, so that stdout carries only what the simulator prints.
  if (!process.env.SIMULATE_NO_BUILD)
    execFileSync("turbo", ["run", "build", `--filter=@baton-ts/${directory}`, "--output-logs=errors-only"], {
      stdio: ["ignore", 2, 2],
    });
} catch {
  console.error(`pnpm simulate: building @baton-ts/${directory} failed (see above)`);
  process.exit(1);
}
const command = await import(
  new URL(`../packages/${directory}/dist/simulator/command.js`, import.meta.url).href
);
process.exitCode = await command.main(args);
