/** A connector's name in every form the generated code uses. */
export interface ConnectorNames {
  /** kebab-case, as given: `acme-hr` (the program is `baton-acme-hr`). */
  readonly kebab: string;
  /** `acmeHr` (e.g. `acmeHrConnector`). */
  readonly camel: string;
  /** `AcmeHr` (e.g. `AcmeHrClient`). */
  readonly pascal: string;
  /** `ACME_HR` (e.g. `ACME_HR_BASE_URL`). */
  readonly constant: string;
  /** What people read: `Acme HR`, or the name's words capitalised. */
  readonly title: string;
}

/** A wrong name or option: the message says what is wrong and what would be right. */
export class GeneratorUsageError extends Error {
  override readonly name = "GeneratorUsageError";
}

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** Names of this repository's own packages and words that would make confusing programs. */
const RESERVED = new Set(["sdk", "c1z", "protocol", "baton", "runner", "connector", "create", "test", "cli"]);
const MAX_LENGTH = 40;

/** Checks a connector name and derives its forms; throws GeneratorUsageError naming the fault. */
export const connectorNames = (given: string, title?: string): ConnectorNames => {
  const name = given.trim();
  if (name === "") {
    throw new GeneratorUsageError("name the connector, e.g. `acme-hr` (the program becomes baton-acme-hr)");
  }
  if (name.startsWith("connector-") || name.startsWith("baton-")) {
    const bare = name.replace(/^(connector|baton)-/, "");
    throw new GeneratorUsageError(
      `give the name without "${name.slice(0, name.length - bare.length)}": "${bare}" makes the package connector-${bare} and the program baton-${bare}`,
    );
  }
  if (!KEBAB.test(name)) {
    const suggestion = name
      .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^[-0-9]+|-+$/g, "");
    throw new GeneratorUsageError(
      `"${name}" is not a kebab-case name (lower-case letters and digits in words joined by single dashes, starting with a letter)${KEBAB.test(suggestion) ? `: try "${suggestion}"` : ""}`,
    );
  }
  if (name.length > MAX_LENGTH) {
    throw new GeneratorUsageError(`"${name}" is longer than ${MAX_LENGTH} characters: choose a shorter name`);
  }
  if (RESERVED.has(name)) {
    throw new GeneratorUsageError(
      `"${name}" is reserved (a package of baton-ts or a word of its commands): choose the name of the system the connector reads, e.g. "acme-hr"`,
    );
  }
  if (title !== undefined && !/^[\p{L}\p{N} .,&()'+-]+$/u.test(title.trim())) {
    throw new GeneratorUsageError(
      `the title "${title}" may hold letters, digits, spaces and . , & ( ) ' + - only (it goes into code and JSON)`,
    );
  }
  const words = name.split("-");
  const capital = (word: string) => `${word.charAt(0).toUpperCase()}${word.slice(1)}`;
  const pascal = words.map(capital).join("");
  return {
    kebab: name,
    camel: `${pascal.charAt(0).toLowerCase()}${pascal.slice(1)}`,
    pascal,
    constant: words.join("_").toUpperCase(),
    title: title?.trim() || words.map(capital).join(" "),
  };
};
