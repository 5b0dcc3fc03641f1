import { isAcceptedBaseUrl, secret } from "@baton-ts/connector-sdk";
import { z } from "zod";

/**
 * The connector's own settings (Baton's base settings are added by the sdk). Flags and variables match
 * the Go `baton-sentinel-one`: `--api-token` / `BATON_API_TOKEN`, `--management-console-url` /
 * `BATON_MANAGEMENT_CONSOLE_URL`.
 */
export const sentineloneConfig = z.object({
  apiToken: secret(
    z.string().min(1).meta({
      description:
        "SentinelOne API token: a service user's token (recommended) or a console user's. Its scope (Global, account or site) bounds what is synced",
    }),
  ),
  managementConsoleUrl: z
    .string()
    .min(1)
    .refine(isAcceptedBaseUrl, {
      // The sdk shows a refinement's message as written, so it names the flag and variable itself.
      message:
        "--management-console-url / BATON_MANAGEMENT_CONSOLE_URL must be an https:// URL such as https://acme.sentinelone.net (plain http only for loopback addresses)",
    })
    .meta({ description: "SentinelOne management console URL, e.g. https://acme.sentinelone.net" }),
});

export type SentinelOneConfig = z.output<typeof sentineloneConfig>;
