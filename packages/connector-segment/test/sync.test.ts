import { afterEach, describe, expect, it } from "vitest";
import { type SegmentSimulator, startSegmentSimulator } from "../src/simulator/index.js";
import { syncSimulator, tempDir } from "./helpers.js";

let sim: SegmentSimulator | undefined;
const dirs: (() => void)[] = [];
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  for (const remove of dirs.splice(0)) remove();
});

describe("sync against the simulator", () => {
  it("smoke", async () => {
    sim = await startSegmentSimulator({ iamWriteLimit: false });
    const dir = tempDir();
    dirs.push(dir.remove);
    const synced = await syncSimulator(sim, dir.path);
    console.log(synced.summary, sim.calls());
  });
});
