import type { AnyConnectorDefinition } from "../contract/connector.js";
import type { TraitName } from "../contract/resource-type.js";
import { ContractError } from "../errors.js";

const TRAITS: readonly TraitName[] = ["user", "group", "role", "app"];
const MAX_ID_BYTES = 1024;
const CONNECTOR_ID = /^[a-z0-9][a-z0-9-]*$/;

const isFunction = (value: unknown): boolean => typeof value === "function";

/**
 * Checks a connector definition before anything runs, and lists every problem at once: a connector
 * that declares something inconsistent gets a clear error naming the field, not a confusing failure
 * half-way through a sync.
 */
export const checkDefinition = (connector: AnyConnectorDefinition): void => {
  const problems: string[] = [];
  const where = `connector ${JSON.stringify(connector.id)}`;
  if (typeof connector.id !== "string" || !CONNECTOR_ID.test(connector.id)) {
    problems.push(
      `id ${JSON.stringify(connector.id)} must be lower-case letters, digits and dashes (e.g. "segment")`,
    );
  }
  if (typeof connector.version !== "string" || connector.version === "") problems.push("version is empty");
  if (typeof connector.metadata?.displayName !== "string" || connector.metadata.displayName === "") {
    problems.push("metadata.displayName is empty");
  }
  if (!isFunction(connector.connect)) problems.push("connect is not a function");
  if (!isFunction(connector.validate)) problems.push("validate is not a function");
  if (!Array.isArray(connector.resourceTypes) || connector.resourceTypes.length === 0) {
    problems.push("resourceTypes is empty: declare at least one resource type");
  }

  const types = Array.isArray(connector.resourceTypes) ? connector.resourceTypes : [];
  const ids = new Set<string>();
  types.forEach((type, index) => {
    const at = `resourceTypes[${index}]${typeof type?.id === "string" ? ` (${type.id})` : ""}`;
    if (typeof type?.id !== "string" || type.id === "") {
      problems.push(`${at}: id is empty`);
      return;
    }
    if (Buffer.byteLength(type.id) > MAX_ID_BYTES)
      problems.push(`${at}: id is longer than ${MAX_ID_BYTES} bytes`);
    // The id is the first part of every entitlement and grant id, which are joined with ':'.
    if (type.id.includes(":")) problems.push(`${at}: id must not contain ':' (ids are joined with ':')`);
    if (ids.has(type.id)) problems.push(`${at}: duplicate resource type id ${JSON.stringify(type.id)}`);
    ids.add(type.id);
    if (typeof type.displayName !== "string" || type.displayName === "")
      problems.push(`${at}: displayName is empty`);
    const traits = type.traits ?? [];
    for (const trait of traits) {
      if (!TRAITS.includes(trait)) {
        problems.push(`${at}: unknown trait ${JSON.stringify(trait)} (expected one of ${TRAITS.join(", ")})`);
      }
    }
    if (new Set(traits).size !== traits.length) problems.push(`${at}: a trait is listed twice`);
    if (!isFunction(type.list)) problems.push(`${at}: list is not a function`);
    for (const optional of ["entitlements", "grants", "grant", "revoke"] as const) {
      if (type[optional] !== undefined && !isFunction(type[optional])) {
        problems.push(`${at}: ${optional} is not a function`);
      }
    }
  });

  const byId = new Map(types.filter((type) => typeof type?.id === "string").map((type) => [type.id, type]));
  for (const type of byId.values()) {
    const children = type.children ?? [];
    if (new Set(children).size !== children.length) problems.push(`${type.id}: a child type is listed twice`);
    for (const child of children) {
      if (child === type.id) problems.push(`${type.id}: lists itself as a child type`);
      else if (!byId.has(child)) {
        problems.push(
          `${type.id}: child type ${JSON.stringify(child)} is not one of this connector's resource types`,
        );
      }
    }
  }

  // A cycle of child types (a → b → a) would mean no resource of them is ever listed top-level.
  const state = new Map<string, "visiting" | "done">();
  const reported = new Set<string>();
  const visit = (id: string, path: string[]): void => {
    const seen = state.get(id);
    if (seen === "done") return;
    if (seen === "visiting") {
      const cycle = [...path.slice(path.indexOf(id)), id];
      const key = [...cycle].sort().join(",");
      if (!reported.has(key)) {
        reported.add(key);
        problems.push(`child types form a cycle: ${cycle.join(" → ")}`);
      }
      return;
    }
    state.set(id, "visiting");
    for (const child of byId.get(id)?.children ?? []) {
      if (child !== id && byId.has(child)) visit(child, [...path, id]);
    }
    state.set(id, "done");
  };
  for (const id of byId.keys()) visit(id, []);

  if (problems.length > 0) {
    throw new ContractError(`${where} is inconsistent:\n  - ${problems.join("\n  - ")}`, {
      details: { problems },
    });
  }
};
