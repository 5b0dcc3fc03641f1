// Preloaded into a measured program (`node --require ./peak-rss.cjs …`): at exit, writes the process's own
// peak RSS and CPU time to the file named by BENCH_METER_FILE. A preload because Node gives a process's
// peak RSS only to the process itself (getrusage), and the program exits through process.exit.
const { writeFileSync } = require("node:fs");

process.on("exit", () => {
  const usage = process.resourceUsage();
  writeFileSync(
    process.env.BENCH_METER_FILE,
    JSON.stringify({ maxRssKb: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }),
  );
});
