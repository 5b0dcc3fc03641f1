// `pnpm simulate sentinelone` (or `pnpm --filter @baton-ts/connector-sentinelone simulate`): a simulated
// SentinelOne tenant started by hand, to try baton-sentinel-one without a real one. Flags: `--help`.
import { runSimulatorCommand, type SimulatorCommand } from "@baton-ts/connector-sdk/testing";
import { DEFAULT_SEED_SIZES } from "./seed.js";
import { startSentinelOneSimulator } from "./server.js";

const SIZES: Record<keyof typeof DEFAULT_SEED_SIZES, string> = {
  accounts: "accounts",
  sites: "sites, dealt to the accounts in turn",
  users: "console users",
  serviceUsers: "service users",
  roles: "roles: the six predefined ones, then custom roles at every scope",
};

export const sentineloneSimulatorCommand: SimulatorCommand = {
  name: "sentinelone",
  title: "SentinelOne Management API simulator",
  sizes: Object.fromEntries(
    Object.entries(SIZES).map(([name, description]) => [
      name,
      { default: DEFAULT_SEED_SIZES[name as keyof typeof DEFAULT_SEED_SIZES], description },
    ]),
  ),
  start: async ({ seed, size, port, latencyMs }) => {
    const sim = await startSentinelOneSimulator({ seed, ...size, port, latencyMs });
    const { accounts, sites, users, serviceUsers, roles } = sim.state;
    return {
      url: sim.url,
      token: sim.tokens.tenant,
      otherTokens: { "one account": sim.tokens.account, "two sites": sim.tokens.site },
      summary:
        `${accounts.size} accounts, ${sites.size} sites, ${users.size} users, ` +
        `${serviceUsers.size} service users, ${roles.size} roles`,
      syncCommand: (file) => [
        "pnpm",
        "-w",
        "baton-sentinel-one",
        "--management-console-url",
        sim.url,
        "--api-token",
        sim.tokens.tenant,
        "-f",
        file,
      ],
      close: sim.close,
    };
  },
};

/** Runs the command with these arguments; resolves to its exit code. */
export const main = (argv: readonly string[]): Promise<number> =>
  runSimulatorCommand(sentineloneSimulatorCommand, argv);

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
