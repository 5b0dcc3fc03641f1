// The SentinelOne simulator in its own process for bench/programs.ts (sizes as JSON in argv[2]).
import { startSentinelOneSimulator } from "@baton-ts/connector-sentinelone/simulator";

const sim = await startSentinelOneSimulator(JSON.parse(process.argv[2] ?? "{}"));
process.on("message", async (message: unknown) => {
  if (message === "close") {
    await sim.close();
    process.exit(0);
  }
});
process.send?.({ url: sim.url, token: sim.tokens.tenant });
