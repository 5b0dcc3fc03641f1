// biome-ignore-all lint/suspicious/noExplicitAny: these tests walk the protojson the program prints; its shape is what they check
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll } from "vitest";
import { runBaton } from "../src/index.js";

/** A stream that keeps what is written to it, for reading a command's output. */
export class Capture extends Writable {
  text = "";
  columns?: number;
  isTTY = false;

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** A private cache directory for this test file's runs, removed afterwards. */
export function useCacheDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "baton-cache-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs the program in this process, as the bin does, and returns its exit code and output. */
export async function baton(args: string[], env: NodeJS.ProcessEnv = {}, columns?: number): Promise<Run> {
  const stdout = new Capture();
  const stderr = new Capture();
  if (columns !== undefined) {
    stdout.isTTY = true;
    stdout.columns = columns;
  }
  const code = await runBaton(args, { stdout, stderr, env: { HOME: tmpdir(), ...env } });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Runs a command with -o json and parses its output (failing the test on a non-zero exit). */
export async function batonJson(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Record<string, any>> {
  const run = await baton([...args, "-o", "json"], env);
  if (run.code !== 0) throw new Error(`baton ${args.join(" ")} exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}
