import { validationError } from "./api-error.js";
import type { SimLabelRef, SimPermission, SimPermissionResource, SimState } from "./model.js";
import type { createRandom } from "./prng.js";
import type { PermissionTargetType } from "./role-catalog.js";

const TARGET_TYPES: readonly PermissionTargetType[] = [
  "WORKSPACE",
  "SOURCE",
  "WAREHOUSE",
  "FUNCTION",
  "SPACE",
];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const rejectUnknownKeys = (
  value: Record<string, unknown>,
  allowed: readonly string[],
  field: string,
): void => {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw validationError(`"${field}.${key}" is not allowed`, `${field}.${key}`);
  }
};

export interface PermissionInputRules {
  /** Reject `roleName` in a permission input (it is not part of PermissionInputV1). */
  readonly rejectRoleName: boolean;
}

const readLabels = (state: SimState, value: unknown, field: string): SimLabelRef[] => {
  if (!Array.isArray(value)) throw validationError(`"${field}" must be an array`, field);
  return value.map((label, index) => {
    const at = `${field}[${index}]`;
    if (!isRecord(label) || typeof label.key !== "string" || typeof label.value !== "string") {
      throw validationError(`"${at}" must be {key, value}`, at);
    }
    rejectUnknownKeys(label, ["key", "value", "description"], at);
    if (!state.labels.some((known) => known.key === label.key && known.value === label.value)) {
      throw validationError(`label ${label.key}:${label.value} does not exist in this workspace`, at);
    }
    return { key: label.key, value: label.value };
  });
};

const targetExists = (state: SimState, type: PermissionTargetType, id: string): boolean => {
  switch (type) {
    case "WORKSPACE":
      return id === state.workspace.id;
    case "SOURCE":
      return state.sources.has(id);
    case "WAREHOUSE":
      return state.warehouses.has(id);
    case "FUNCTION":
      return state.functions.has(id);
    case "SPACE":
      return state.spaces.has(id);
  }
};

/** Validates a `{permissions: PermissionInputV1[]}` body the way the service does (Joi-style 422s). */
export const readPermissionInputs = (
  state: SimState,
  body: unknown,
  rules: PermissionInputRules,
  random: ReturnType<typeof createRandom>,
): SimPermission[] => {
  if (!isRecord(body) || !Array.isArray(body.permissions)) {
    throw validationError(`"permissions" is required and must be an array`, "permissions");
  }
  return body.permissions.map((input, index) => {
    const at = `permissions[${index}]`;
    if (!isRecord(input)) throw validationError(`"${at}" must be an object`, at);
    rejectUnknownKeys(
      input,
      rules.rejectRoleName
        ? ["roleId", "resources", "labels"]
        : ["roleId", "resources", "labels", "roleName"],
      at,
    );
    if (typeof input.roleId !== "string" || input.roleId === "") {
      throw validationError(`"${at}.roleId" is required`, `${at}.roleId`);
    }
    const role = state.roles.get(input.roleId);
    if (!role) throw validationError(`role ${input.roleId} does not exist`, `${at}.roleId`);
    if (!Array.isArray(input.resources) || input.resources.length === 0) {
      throw validationError(`"${at}.resources" must be a non-empty array`, `${at}.resources`);
    }
    const permissionLabels =
      input.labels === undefined ? undefined : readLabels(state, input.labels, `${at}.labels`);
    const resources = input.resources.map((resource, r): SimPermissionResource => {
      const rat = `${at}.resources[${r}]`;
      if (!isRecord(resource)) throw validationError(`"${rat}" must be an object`, rat);
      rejectUnknownKeys(resource, ["id", "type", "labels"], rat);
      const type = resource.type as PermissionTargetType;
      if (typeof resource.id !== "string" || !TARGET_TYPES.includes(type)) {
        throw validationError(`"${rat}" needs an id and a type (one of ${TARGET_TYPES.join(", ")})`, rat);
      }
      if (!targetExists(state, type, resource.id)) {
        throw validationError(`${type} ${resource.id} does not exist in this workspace`, `${rat}.id`);
      }
      const labels =
        resource.labels === undefined ? undefined : readLabels(state, resource.labels, `${rat}.labels`);
      if (labels && labels.length > 0 && type !== "WORKSPACE") {
        throw validationError(`labels may only be attached to WORKSPACE resources`, `${rat}.labels`);
      }
      const scoped = (labels?.length ?? 0) > 0 || (permissionLabels?.length ?? 0) > 0;
      if (type !== "WORKSPACE" && !role.instanceTypes.includes(type as never)) {
        throw validationError(`role "${role.name}" cannot be granted on a ${type}`, rat);
      }
      if (type === "WORKSPACE" && scoped && !role.labelScoped) {
        throw validationError(`role "${role.name}" cannot be restricted by labels`, rat);
      }
      return { id: resource.id, type, ...(labels && labels.length > 0 ? { labels } : {}) };
    });
    return {
      policyId: `pol_${random.ksuid()}`,
      roleId: input.roleId,
      resources,
      ...(permissionLabels && permissionLabels.length > 0 ? { labels: permissionLabels } : {}),
    };
  });
};

const labelKey = (labels: readonly SimLabelRef[] | undefined): string =>
  (labels ?? [])
    .map((label) => `${label.key}=${label.value}`)
    .sort()
    .join(",");

/** Two policies grant the same thing (POST of an existing policy adds nothing). */
export const samePolicy = (a: SimPermission, b: SimPermission): boolean =>
  a.roleId === b.roleId &&
  labelKey(a.labels) === labelKey(b.labels) &&
  a.resources.length === b.resources.length &&
  a.resources.every((resource, i) => {
    const other = b.resources[i];
    return (
      other !== undefined &&
      other.id === resource.id &&
      other.type === resource.type &&
      labelKey(resource.labels) === labelKey(other.labels)
    );
  });

const renderLabels = (state: SimState, labels: readonly SimLabelRef[]) =>
  labels.map((label) => {
    const known = state.labels.find((l) => l.key === label.key && l.value === label.value);
    return {
      key: label.key,
      value: label.value,
      ...(known?.description ? { description: known.description } : {}),
    };
  });

/** PermissionV1, the read shape in `user.permissions` / `userGroup.permissions`. */
export const renderPermission = (state: SimState, permission: SimPermission) => ({
  roleId: permission.roleId,
  roleName: state.roles.get(permission.roleId)?.name ?? "",
  resources: permission.resources.map((resource) => ({
    id: resource.id,
    type: resource.type,
    labels: renderLabels(state, resource.labels ?? []),
  })),
  ...(permission.labels ? { labels: renderLabels(state, permission.labels) } : {}),
});

/** AccessPermissionV1 plus the policy fields the docs' samples show on write responses. */
export const renderWrittenPermission = (
  state: SimState,
  permission: SimPermission,
  subject: { id: string; type: "user" | "group" },
) => ({
  policyId: permission.policyId,
  subjectId: subject.id,
  subjectType: subject.type,
  ...renderPermission(state, permission),
});
