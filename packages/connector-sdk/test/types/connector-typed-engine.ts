// A type test, checked by `pnpm typecheck` (tsc over test/), never run: the engine's entry points take the
// client of the connector they are given, so one connector's client passed with another connector does not
// compile. Each `@ts-expect-error` fails the type check if the line below it ever compiles.
import type { Grant, Resource } from "@baton-ts/protocol";
import { z } from "zod";
import { defineConnector } from "../../src/contract/connector.js";
import { onePage } from "../../src/contract/page.js";
import {
  grantEntitlement,
  provisionGrant,
  provisionRevoke,
  revokeGrant,
} from "../../src/engine/provision.js";
import { runSync } from "../../src/engine/sync.js";
import type { AnyConnectorDefinition } from "../../src/index.js";
import { nullLogger } from "../../src/log/null-logger.js";

/** Two clients that share nothing, as two real APIs' clients do. */
class AlphaClient {
  readonly alphaToken = "a";
  listAlphaUsers(): string[] {
    return [];
  }
}
class BetaClient {
  readonly consoleUrl = "https://beta.example";
  listBetaAccounts(): number[] {
    return [];
  }
}

const connectorOf = <TClient>(id: string, make: () => TClient) =>
  defineConnector({
    id,
    version: "0.0.0",
    metadata: { displayName: id, description: id },
    config: z.object({}),
    connect: make,
    validate: async () => {},
    resourceTypes: [
      { id: "user", displayName: "User", traits: ["user"], list: async (_client: TClient) => onePage([]) },
    ],
  });

const alphaConnector = connectorOf("alpha", () => new AlphaClient());
const betaConnector = connectorOf("beta", () => new BetaClient());
const alphaClient = new AlphaClient();
const betaClient = new BetaClient();
const logger = nullLogger;
declare const entitlement: Parameters<typeof grantEntitlement>[0]["entitlement"];
declare const principal: Resource;
declare const grant: Grant;

export const typeChecks = async (): Promise<void> => {
  // The connector's own client: compiles.
  await runSync({ connector: alphaConnector, client: alphaClient, file: "a.c1z", logger });
  await provisionGrant({
    connector: betaConnector,
    client: betaClient,
    file: "b.c1z",
    provisioning: true,
    logger,
    entitlementId: "e",
    principal: { type: "user", id: "u" },
  });
  await provisionRevoke({
    connector: alphaConnector,
    client: alphaClient,
    file: "a.c1z",
    provisioning: true,
    logger,
    grantId: "g",
  });
  await grantEntitlement({ connector: alphaConnector, client: alphaClient, entitlement, principal, logger });
  await revokeGrant({ connector: betaConnector, client: betaClient, grant, logger });

  // Another connector's client: each is a compile error.
  // @ts-expect-error a BetaClient is not the alpha connector's client
  await runSync({ connector: alphaConnector, client: betaClient, file: "a.c1z", logger });
  await provisionGrant({
    connector: alphaConnector,
    // @ts-expect-error a BetaClient is not the alpha connector's client
    client: betaClient,
    file: "a.c1z",
    provisioning: true,
    logger,
    entitlementId: "e",
    principal: { type: "user", id: "u" },
  });
  await provisionRevoke({
    connector: betaConnector,
    // @ts-expect-error an AlphaClient is not the beta connector's client
    client: alphaClient,
    file: "b.c1z",
    provisioning: true,
    logger,
    grantId: "g",
  });
  // @ts-expect-error an AlphaClient is not the beta connector's client
  await grantEntitlement({ connector: betaConnector, client: alphaClient, entitlement, principal, logger });
  // @ts-expect-error a BetaClient is not the alpha connector's client
  await revokeGrant({ connector: alphaConnector, client: betaClient, grant, logger });
  // @ts-expect-error a client is required, not anything
  await runSync({ connector: alphaConnector, client: "token", file: "a.c1z", logger });

  // A registry of connectors of any kind (the program layer's case) still takes whatever it connected.
  const registry: readonly AnyConnectorDefinition[] = [alphaConnector, betaConnector];
  for (const connector of registry) {
    const client: unknown = await connector.connect({}, { logger, userAgent: "t" });
    await runSync({ connector, client, file: `${connector.id}.c1z`, logger });
  }
};
