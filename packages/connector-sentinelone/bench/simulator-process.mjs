// Runs the SentinelOne simulator in its own process, so that the benchmark's peak RSS is the
// connector's alone. Talks to the parent over IPC: "ready" with the URL and token, "calls" on request.
import { startSentinelOneSimulator } from "../dist/simulator/index.js";

const sizes = JSON.parse(process.argv[2] ?? "{}");
const sim = await startSentinelOneSimulator({ ...sizes, logRequests: true });
process.send?.({ type: "ready", url: sim.url, token: sim.tokens.tenant });
process.on("message", async (message) => {
  if (message?.type === "calls") {
    const limits = new Set(sim.requestLog.map((entry) => entry.query.limit ?? "(none)"));
    process.send?.({
      type: "calls",
      calls: sim.callsByRoute(),
      limits: [...limits],
      emptyCursors: sim.requestLog.filter((entry) => entry.query.cursor === "").length,
      rssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    });
  } else if (message?.type === "stop") {
    await sim.close();
    process.exit(0);
  }
});
