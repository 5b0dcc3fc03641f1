import { describeConfig } from "../../config/describe-config.js";
import { renderHelp } from "../../config/render-help.js";
import type { AnyConnectorDefinition } from "../../contract/connector.js";
import { capabilitiesJson } from "../../engine/metadata.js";
import { COMMANDS } from "../commands.js";

/** `capabilities`: Baton's JSON, exactly as the sdk derives it from the definition (no API call). */
export const capabilitiesText = (connector: AnyConnectorDefinition): string =>
  ensureNewline(capabilitiesJson(connector));

/** `config`: every setting (flag, variable, type, default, secret or not) as JSON. */
export const configSchemaText = (connector: AnyConnectorDefinition): string =>
  `${JSON.stringify(describeConfig(connector.config), null, 2)}\n`;

/** `--help`: cobra-like text from the same schema that parses the settings. */
export const helpText = (connector: AnyConnectorDefinition, program: string): string =>
  ensureNewline(
    renderHelp(connector.config, {
      program,
      summary: connector.metadata.description,
      commands: COMMANDS.map(({ name, summary }) => ({ name, summary })),
    }),
  );

export const versionText = (program: string, version: string): string => `${program} version ${version}\n`;

const ensureNewline = (text: string): string => (text.endsWith("\n") ? text : `${text}\n`);
