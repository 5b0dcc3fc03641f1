import { ConnectorError } from "@baton-ts/connector-sdk";

export interface LabelRef {
  readonly key: string;
  readonly value: string;
}

/**
 * The id of a `label` resource: the label set of a label-restricted permission, each label as
 * `key=value`, sorted, joined by `,` (e.g. `env=prod,team=growth`); duplicates collapse. Segment
 * allows only letters, digits and hyphens in keys and values, so the separators cannot clash; `%`,
 * `,`, `=` and `:` are percent-encoded anyway so that a looser future rule cannot make ids ambiguous.
 */
export const labelSetId = (labels: readonly LabelRef[]): string =>
  [...new Set(labels.map((label) => `${escapeLabelPart(label.key)}=${escapeLabelPart(label.value)}`))]
    .sort()
    .join(",");

const escapeLabelPart = (text: string): string =>
  text.replace(/[%,=:]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The inverse of labelSetId; a malformed id (not produced by this connector) is refused. */
export const parseLabelSetId = (id: string): LabelRef[] => {
  if (id === "") throw new ConnectorError("invalid-argument", "a label set id is empty");
  return id.split(",").map((part) => {
    const [key, value, extra] = part.split("=");
    if (key === undefined || value === undefined || extra !== undefined || key === "" || value === "") {
      throw new ConnectorError("invalid-argument", `label set id "${id}" is not a list of key=value labels`);
    }
    return { key: decodeURIComponent(key), value: decodeURIComponent(value) };
  });
};

/** How Segment shows a label set: `env:prod, team:growth`. */
export const labelSetDisplayName = (labels: readonly LabelRef[]): string =>
  [...new Set(labels.map((label) => `${label.key}:${label.value}`))].sort().join(", ");
