import { spawn } from "node:child_process";
import { once } from "node:events";

/** A simulator command running in its own process, as a person would start it (e.g. `pnpm simulate segment`). */
export interface SimulatorCommandProcess {
  /** What the command printed: the URL, the token and the sync command line. */
  readonly url: string;
  readonly token: string;
  readonly syncCommand: string;
  /** Everything printed on stdout so far. */
  output(): string;
  /** Sends the signal (default SIGINT, what Ctrl-C sends) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/**
 * Starts a simulator command (`runSimulatorCommand`'s banner) and waits until it prints its URL, token
 * and sync command line. Rejects with everything printed if it exits first or prints none within
 * `timeoutMs` (generous by default: the command may build first).
 */
export const spawnSimulatorCommand = async (
  command: string,
  args: readonly string[],
  options: { readonly cwd: string; readonly env?: NodeJS.ProcessEnv; readonly timeoutMs?: number },
): Promise<SimulatorCommandProcess> => {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (text: string) => {
    stdout += text;
  });
  child.stderr.setEncoding("utf8").on("data", (text: string) => {
    stderr += text;
  });
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  const banner = await new Promise<RegExpExecArray>((resolve, reject) => {
    const pattern = /URL: +(\S+)\nToken: +(\S+)\n[\s\S]*?Sync it[^\n]*\n +([^\n]+)\n/;
    const timer = setTimeout(
      () => fail(`printed no URL, token and sync command within ${options.timeoutMs ?? 180_000} ms`),
      options.timeoutMs ?? 180_000,
    );
    let ready = false;
    const check = () => {
      const found = pattern.exec(stdout);
      if (found === null) return;
      ready = true;
      clearTimeout(timer);
      child.stdout.off("data", check);
      resolve(found);
    };
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`${command} ${args.join(" ")} ${why}\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    };
    child.stdout.on("data", check);
    void exited.then(([code]) => {
      if (!ready) fail(`exited (${code}) before it was ready`);
    });
  });
  return {
    url: banner[1] as string,
    token: banner[2] as string,
    syncCommand: banner[3] as string,
    output: () => stdout,
    stop: async (signal = "SIGINT") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const [code] = await exited;
      return { code, stdout, stderr };
    },
  };
};
