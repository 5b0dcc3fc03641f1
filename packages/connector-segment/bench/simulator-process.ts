// The simulator in its own process, so that the benchmark's peak RSS is the connector's alone (in
// production the API is remote). Started by bench/sync.ts with fork(); options come as JSON in argv[2].
import { startSegmentSimulator } from "@baton-ts/connector-segment/simulator";

const sim = await startSegmentSimulator(JSON.parse(process.argv[2] ?? "{}"));
process.on("message", async (message: unknown) => {
  if (message === "calls") process.send?.({ calls: sim.calls() });
  if (message === "close") {
    await sim.close();
    process.exit(0);
  }
});
process.send?.({ url: sim.url, token: sim.token });
