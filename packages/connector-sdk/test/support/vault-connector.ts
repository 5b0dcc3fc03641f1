import { z } from "zod";
import { secret } from "../../src/config/meta.js";
import { defineConnector } from "../../src/contract/connector.js";
import { onePage } from "../../src/contract/page.js";
import { ConnectorError } from "../../src/errors.js";
import { userResource } from "../../src/model/index.js";

export const GOOD_TOKEN = "vault-token-7f3a9c1e5b";

/**
 * A minimal connector with a secret setting and a validate that refuses a wrong token, like the real
 * connectors do, so the generic program can be tested in-process without a simulator.
 */
export const vaultConnector = defineConnector({
  id: "vault",
  version: "1.2.3",
  metadata: { displayName: "Vault", description: "A test directory behind a token" },
  config: z.object({
    token: secret(z.string().min(1)).meta({ description: "The Vault access token" }),
    region: z.enum(["us", "eu"]).default("us").meta({ description: "Where the vault lives" }),
  }),
  connect: (config) => ({ token: config.token, region: config.region }),
  async validate(client) {
    if (client.token !== GOOD_TOKEN) {
      // A careless API echoes what it was sent; the program must still never print the token.
      throw new ConnectorError(
        "unauthenticated",
        `the Vault token was rejected (401): check --token / BATON_TOKEN (sent: ${client.token})`,
      );
    }
  },
  resourceTypes: [
    {
      id: "user",
      displayName: "User",
      traits: ["user"],
      async list(client) {
        return onePage(
          ["ada", "grace"].map((id) =>
            userResource({
              type: "user",
              id,
              displayName: `${id} (${client.region})`,
              user: { emails: [`${id}@example.com`] },
            }),
          ),
        );
      },
    },
  ],
});
