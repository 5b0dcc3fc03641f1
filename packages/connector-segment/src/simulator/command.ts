// `pnpm simulate segment` (or `pnpm --filter @baton-ts/connector-segment simulate`): a simulated Segment
// workspace started by hand, to try baton-segment without a real one. Flags: `--help`.
import { runSimulatorCommand, type SimulatorCommand } from "@baton-ts/connector-sdk/testing";
import { DEFAULT_SEED_SIZE, type SeedSize } from "./seed.js";
import { startSegmentSimulator } from "./server.js";

const SIZES: Record<keyof SeedSize, string> = {
  users: "joined users",
  invites: "pending invites",
  groups: "user groups",
  sources: "sources",
  warehouses: "warehouses",
  functionsPerType: "functions of each of the five resource types",
  spaces: "Unify/Engage spaces",
  membersPerGroup: "average joined members per group",
  permissionsPerUser: "most permissions a user has besides the workspace-wide one",
};

export const segmentSimulatorCommand: SimulatorCommand = {
  name: "segment",
  title: "Segment Public API simulator",
  sizes: Object.fromEntries(
    Object.entries(SIZES).map(([name, description]) => [
      name,
      { default: DEFAULT_SEED_SIZE[name as keyof SeedSize], description },
    ]),
  ),
  start: async ({ seed, size, port, latencyMs }) => {
    const sim = await startSegmentSimulator({ seed, size, port, latencyMs });
    const { users, invites, groups, sources, warehouses, functions, spaces } = sim.state;
    return {
      url: sim.url,
      token: sim.token,
      summary:
        `${users.size} users, ${invites.size} invites, ${groups.size} groups, ${sources.size} sources, ` +
        `${warehouses.size} warehouses, ${functions.size} functions, ${spaces.size} spaces`,
      syncCommand: (file) => [
        "pnpm",
        "-w",
        "baton-segment",
        "--base-url",
        sim.url,
        "--token",
        sim.token,
        "-f",
        file,
      ],
      close: sim.close,
    };
  },
};

/** Runs the command with these arguments; resolves to its exit code. */
export const main = (argv: readonly string[]): Promise<number> =>
  runSimulatorCommand(segmentSimulatorCommand, argv);

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
