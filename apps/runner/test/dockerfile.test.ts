import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PROGRAM_NODE_FLAGS } from "@baton-ts/connector-sdk/cli";
import { describe, expect, it } from "vitest";
import { PROGRAMS } from "../src/programs/programs.js";

// apps/runner/Dockerfile, read as text: what the image test (scripts/image-test.ts) cannot see by running
// it, and what must stay equal to other files.
const runner = fileURLToPath(new URL("../", import.meta.url));
const dockerfile = readFileSync(`${runner}Dockerfile`, "utf8");
const instructions = dockerfile
  .replace(/\\\n/g, " ")
  .split("\n")
  .filter((line) => line.trim() !== "" && !line.startsWith("#"));
const runtimeStage = instructions.slice(instructions.findLastIndex((line) => line.startsWith("FROM ")));
const ENTRYPOINT = ["/nodejs/bin/node", ...PROGRAM_NODE_FLAGS, "/app/baton.mjs"];

describe("the Dockerfile", () => {
  it("starts the program directly with the sdk's V8 flags, in exec form (the program is PID 1)", () => {
    const entrypoint = runtimeStage.filter((line) => line.startsWith("ENTRYPOINT "));
    expect(entrypoint).toHaveLength(1);
    expect(JSON.parse((entrypoint[0] as string).slice("ENTRYPOINT ".length))).toEqual(ENTRYPOINT);
  });

  it("makes the compile cache with exactly the ENTRYPOINT's Node, flags and file, as the runtime user", () => {
    const run = runtimeStage.filter((line) => line.startsWith("RUN "));
    expect(run.map((line) => JSON.parse(line.slice("RUN ".length)))).toEqual([[...ENTRYPOINT, "--help"]]);
    expect(runtimeStage.indexOf("USER 65532:65532")).toBeLessThan(runtimeStage.indexOf(run[0] as string));
  });

  it("runs as uid 65532, carries the OCI labels, and needs no BuildKit syntax line", () => {
    expect(runtimeStage).toContain("USER 65532:65532");
    for (const label of ["title", "description", "source", "version", "revision", "created", "licenses"]) {
      expect(dockerfile).toContain(`org.opencontainers.image.${label}=`);
    }
    expect(dockerfile).not.toMatch(/^# *syntax=/m);
  });

  it("copies the bundle of the connector the build argument names, for every connector there is", () => {
    expect(dockerfile).toContain(
      `COPY --from=build /src/apps/runner/dist/programs/baton-\${CONNECTOR}.mjs /app/baton.mjs`,
    );
    for (const { connector, program } of PROGRAMS) {
      expect(program).toBe(`baton-${connector}`);
      expect(existsSync(`${runner}dist/programs/${program}.mjs`)).toBe(true);
    }
  });
});
