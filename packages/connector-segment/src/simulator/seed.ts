import { seededPeople, slugify } from "@baton-ts/connector-sdk/testing";
import type {
  SimFunction,
  SimGroup,
  SimInvite,
  SimLabelRef,
  SimPermission,
  SimPermissionResource,
  SimRole,
  SimSource,
  SimSpace,
  SimState,
  SimUser,
  SimWarehouse,
} from "./model.js";
import { FUNCTION_RESOURCE_TYPES } from "./model.js";
import { createRandom, type Random } from "./prng.js";
import { type RoleSpec, SEGMENT_ROLES } from "./role-catalog.js";
import {
  COMPANY_NAMES,
  ENVIRONMENTS,
  FUNCTION_WORDS,
  LABEL_CATALOG,
  SOURCE_PLATFORMS,
  SPACE_NAMES,
  TEAM_NAMES,
  WAREHOUSE_TYPES,
} from "./vocabulary.js";

/** How big a workspace to generate. Every count may be 0. */
export interface SeedSize {
  readonly users?: number;
  readonly invites?: number;
  readonly groups?: number;
  readonly sources?: number;
  readonly warehouses?: number;
  /** Functions of each of the five `resourceType` values. */
  readonly functionsPerType?: number;
  readonly spaces?: number;
  /** Average joined members per group. */
  readonly membersPerGroup?: number;
  /** Most permissions a user gets besides the workspace-level one. */
  readonly permissionsPerUser?: number;
}

export const DEFAULT_SEED_SIZE: Required<SeedSize> = {
  users: 24,
  invites: 6,
  groups: 5,
  sources: 10,
  warehouses: 3,
  functionsPerType: 2,
  spaces: 2,
  membersPerGroup: 6,
  permissionsPerUser: 3,
};

export interface SeedOptions {
  readonly seed: number;
  readonly size?: SeedSize;
  /** Roles besides Segment's standard ones (e.g. to test how the connector treats unknown names). */
  readonly extraRoles?: readonly RoleSpec[];
}

/** Builds a deterministic, realistic workspace: the same seed and size give the same state. */
export const seedWorkspace = (options: SeedOptions): SimState => {
  const size = { ...DEFAULT_SEED_SIZE, ...options.size };
  const rng = createRandom(options.seed);
  const companyName = rng.pick(COMPANY_NAMES);
  const workspace = { id: rng.ksuid(), slug: slugify(companyName), name: companyName };
  const domain = `${workspace.slug.replace(/-/g, "")}.example`;

  const roles = new Map<string, SimRole>();
  for (const spec of [...SEGMENT_ROLES, ...(options.extraRoles ?? [])]) {
    const id = rng.ksuid();
    roles.set(id, { ...spec, id });
  }
  const labels = LABEL_CATALOG.map((label) => ({ ...label }));

  const sources = seedSources(rng, size.sources);
  const warehouses = seedWarehouses(rng, size.warehouses);
  const functions = seedFunctions(rng, size.functionsPerType);
  const spaces = seedSpaces(rng, size.spaces);

  const person = seededPeople(rng, domain);

  const grantsFor = new PermissionGenerator(rng, workspace.id, roles, sources, warehouses, functions, spaces);

  const users = new Map<string, SimUser>();
  for (let i = 0; i < size.users; i++) {
    const { name, email } = person();
    const id = rng.ksuid();
    const permissions = [grantsFor.workspaceLevel()];
    const extra = rng.int(0, size.permissionsPerUser);
    for (let k = 0; k < extra; k++) {
      const permission = grantsFor.any();
      if (permission) permissions.push(permission);
    }
    users.set(id, { id, name, email, permissions });
  }

  const invites = new Map<string, SimInvite>();
  for (let i = 0; i < size.invites; i++) {
    const { email } = person();
    // People type addresses with capitals; the API keeps them, so the connector must lower-case ids.
    const typed = rng.chance(0.3) ? email.replace(/^./, (c) => c.toUpperCase()) : email;
    invites.set(typed.toLowerCase(), { email: typed, permissions: [grantsFor.role("Workspace Member")] });
  }

  const userIds = [...users.keys()];
  const inviteEmails = [...invites.values()].map((invite) => invite.email);
  const groups = new Map<string, SimGroup>();
  for (let i = 0; i < size.groups; i++) {
    const id = rng.ksuid();
    const team = TEAM_NAMES[i % TEAM_NAMES.length] as string;
    const name = i < TEAM_NAMES.length ? team : `${team} ${Math.floor(i / TEAM_NAMES.length) + 1}`;
    const memberCount = rng.int(
      Math.floor(size.membersPerGroup / 2),
      Math.ceil((size.membersPerGroup * 3) / 2),
    );
    const permissions: SimPermission[] = [];
    const permissionCount = rng.int(1, 2);
    for (let k = 0; k < permissionCount; k++) {
      const permission = grantsFor.any();
      if (permission) permissions.push(permission);
    }
    groups.set(id, {
      id,
      name,
      userIds: new Set(rng.sample(userIds, memberCount)),
      inviteEmails: new Set(rng.sample(inviteEmails, rng.int(0, 2))),
      permissions,
    });
  }

  return { workspace, users, invites, groups, roles, labels, sources, warehouses, functions, spaces };
};

const seedSources = (rng: Random, count: number): Map<string, SimSource> => {
  const sources = new Map<string, SimSource>();
  const seen = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const env = rng.pick(ENVIRONMENTS);
    const base = `${rng.pick(SOURCE_PLATFORMS)} (${env})`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const name = n === 1 ? base : `${base} ${n}`;
    const labels: SimLabelRef[] = [{ key: "env", value: env }];
    if (rng.chance(0.5)) labels.push({ key: "team", value: rng.pick(["growth", "data", "marketing"]) });
    if (rng.chance(0.2)) labels.push({ key: "region", value: rng.pick(["us", "eu"]) });
    const id = rng.ksuid();
    sources.set(id, { id, slug: slugify(name), name, enabled: rng.chance(0.9), labels });
  }
  return sources;
};

const seedWarehouses = (rng: Random, count: number): Map<string, SimWarehouse> => {
  const warehouses = new Map<string, SimWarehouse>();
  for (let i = 0; i < count; i++) {
    const kind = rng.pick(WAREHOUSE_TYPES);
    const id = rng.ksuid();
    const named = rng.chance(0.8);
    warehouses.set(id, {
      id,
      enabled: rng.chance(0.9),
      kind: { id: `${kind.slug}-catalog-id`, name: kind.name, slug: kind.slug },
      ...(named ? { settingsName: `${rng.pick(TEAM_NAMES)} ${kind.name} ${i + 1}` } : {}),
    });
  }
  return warehouses;
};

const seedFunctions = (rng: Random, perType: number): Map<string, SimFunction> => {
  const functions = new Map<string, SimFunction>();
  for (const resourceType of FUNCTION_RESOURCE_TYPES) {
    for (let i = 0; i < perType; i++) {
      const id = `sfn_${rng.ksuid()}`;
      const word = rng.pick(FUNCTION_WORDS);
      const kind = resourceType.toLowerCase().replace(/_/g, " ");
      functions.set(id, {
        id,
        displayName: `${word} ${kind} ${i + 1}`,
        description: `${word} (${kind} function)`,
        resourceType,
        createdAt: new Date(Date.UTC(2024, rng.int(0, 11), rng.int(1, 28))).toISOString(),
      });
    }
  }
  return functions;
};

const seedSpaces = (rng: Random, count: number): Map<string, SimSpace> => {
  const spaces = new Map<string, SimSpace>();
  for (let i = 0; i < count; i++) {
    const base = SPACE_NAMES[i % SPACE_NAMES.length] as string;
    const name = i < SPACE_NAMES.length ? base : `${base} ${Math.floor(i / SPACE_NAMES.length) + 1}`;
    const id = `spa_${rng.ksuid()}`;
    spaces.set(id, { id, slug: slugify(name), name });
  }
  return spaces;
};

/** Draws realistic permissions: role scopes follow the role catalog, like the real service allows. */
class PermissionGenerator {
  private readonly roleIdsByName = new Map<string, string>();
  private readonly sourceIds: string[];
  private readonly warehouseIds: string[];
  private readonly functionIds: string[];
  private readonly spaceIds: string[];

  constructor(
    private readonly rng: Random,
    private readonly workspaceId: string,
    roles: Map<string, SimRole>,
    sources: Map<string, SimSource>,
    warehouses: Map<string, SimWarehouse>,
    functions: Map<string, SimFunction>,
    spaces: Map<string, SimSpace>,
  ) {
    for (const role of roles.values()) this.roleIdsByName.set(role.name, role.id);
    this.sourceIds = [...sources.keys()];
    this.warehouseIds = [...warehouses.keys()];
    this.functionIds = [...functions.keys()];
    this.spaceIds = [...spaces.keys()];
  }

  private roleId(name: string): string {
    const id = this.roleIdsByName.get(name);
    if (!id) throw new Error(`role catalog has no "${name}"`);
    return id;
  }

  private permission(
    roleName: string,
    resources: SimPermissionResource[],
    labels?: SimLabelRef[],
  ): SimPermission {
    return {
      policyId: `pol_${this.rng.ksuid()}`,
      roleId: this.roleId(roleName),
      resources,
      ...(labels ? { labels } : {}),
    };
  }

  /** A workspace-wide role. */
  role(roleName: string): SimPermission {
    return this.permission(roleName, [{ id: this.workspaceId, type: "WORKSPACE" }]);
  }

  workspaceLevel(): SimPermission {
    return this.role(this.rng.chance(0.05) ? "Workspace Owner" : "Workspace Member");
  }

  private labelSet(): SimLabelRef[] {
    const env = { key: "env", value: this.rng.pick(ENVIRONMENTS) };
    return this.rng.chance(0.3)
      ? [env, { key: "team", value: this.rng.pick(["growth", "data", "marketing"]) }]
      : [env];
  }

  /** One random permission of any form, or undefined when the workspace lacks the targets. */
  any(): SimPermission | undefined {
    const rng = this.rng;
    const form = rng.int(0, 9);
    const sourceRole = rng.pick(["Source Admin", "Source Read-only"]);
    switch (form) {
      case 0:
      case 1:
      case 2: {
        if (this.sourceIds.length === 0) return undefined;
        // One permission may list several resources.
        const ids = rng.sample(this.sourceIds, rng.int(1, 3));
        return this.permission(
          sourceRole,
          ids.map((id) => ({ id, type: "SOURCE" as const })),
        );
      }
      case 3:
        return this.permission(sourceRole, [
          { id: this.workspaceId, type: "WORKSPACE", labels: this.labelSet() },
        ]);
      case 4:
        if (this.functionIds.length === 0) return undefined;
        return this.permission(rng.pick(["Functions Admin", "Functions Read-only"]), [
          { id: rng.pick(this.functionIds), type: "FUNCTION" },
        ]);
      case 5:
        if (this.warehouseIds.length === 0 || rng.chance(0.3)) return this.role("Warehouse Read-only");
        return this.permission(rng.pick(["Warehouse Admin", "Warehouse Read-only"]), [
          { id: rng.pick(this.warehouseIds), type: "WAREHOUSE" },
        ]);
      case 6: {
        const engageRole = rng.pick(["Unify and Engage Admin", "Engage User", "Unify Read-only"]);
        if (this.spaceIds.length === 0 || rng.chance(0.3)) {
          return this.permission(engageRole, [
            { id: this.workspaceId, type: "WORKSPACE", labels: this.labelSet() },
          ]);
        }
        return this.permission(engageRole, [{ id: rng.pick(this.spaceIds), type: "SPACE" }]);
      }
      case 7:
        return this.role(rng.pick(["Tracking Plan Admin", "Tracking Plan Read-only", "Identity Admin"]));
      case 8:
        // The rarer read shape: labels at permission level rather than on the resource.
        return this.permission(sourceRole, [{ id: this.workspaceId, type: "WORKSPACE" }], this.labelSet());
      default:
        return this.role(sourceRole);
    }
  }
}
