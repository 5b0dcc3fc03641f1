import type { CommandContext } from "../cli/context.js";
import { BatonCliError } from "../cli/errors.js";
import { startExplorer } from "../explorer/server.js";

/**
 * `baton explorer [-f sync.c1z] [--sync-id] [--port]`: serves the review app until interrupted. The file
 * is opened read-only; the link carries the access token, so it is printed and nowhere else recorded.
 */
export async function explorerCommand(ctx: CommandContext, options: { syncId?: string; port: string }) {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new BatonCliError(`--port must be a port number from 0 to 65535, got "${options.port}"`);
  }
  const file = await ctx.openFile();
  try {
    const syncId = ctx.selectSync(file, options.syncId);
    const explorer = await startExplorer({ file, syncId, port });
    await ctx.out.write(
      `baton explorer: ${file.path}, sync ${syncId}\nOpen ${explorer.url}\n(only this machine, only with this link; Ctrl-C stops it)\n`,
    );
    await new Promise<void>((resolve) => {
      if (ctx.io.signal?.aborted) resolve();
      ctx.io.signal?.addEventListener("abort", () => resolve(), { once: true });
    });
    await explorer.close();
  } finally {
    file.close();
  }
}
