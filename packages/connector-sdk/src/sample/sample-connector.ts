import { z } from "zod";
import { defineConnector } from "../contract/connector.js";
import { onePage, type Page } from "../contract/page.js";
import { provisionTargetOf } from "../contract/provision-target.js";
import type { ResourceTypeDefinition } from "../contract/resource-type.js";
import { ConnectorError } from "../errors.js";
import { assignmentEntitlement } from "../model/entitlement.js";
import { grant } from "../model/grant.js";
import { resourceId } from "../model/ids.js";
import { appResource, groupResource, roleResource, userResource } from "../model/resource.js";
import { mapPage, pageOf } from "../paging/page-of.js";
import { createSampleDirectory, type SampleApp, type SampleDirectory, type SampleRole } from "./directory.js";

/** Users come two per page so that the sample exercises cursors. */
const USERS_PER_PAGE = 2;

/**
 * One page of an in-memory list, as an API would serve it: the cursor is the offset of the next item
 * (any opaque string the connector can read back works).
 */
const offsetPage = <T>(items: readonly T[], cursor: string | undefined, size: number): Page<T> => {
  const start = cursor === undefined ? 0 : Number.parseInt(cursor, 10);
  const end = start + size;
  return pageOf(items.slice(start, end), end < items.length ? String(end) : undefined);
};

const findGroup = (directory: SampleDirectory, id: string) => {
  const group = directory.groups.find((candidate) => candidate.id === id);
  if (group === undefined)
    throw new ConnectorError("not-found", `group ${JSON.stringify(id)} does not exist`);
  return group;
};

const findRole = (directory: SampleDirectory, id: string): { app: SampleApp; role: SampleRole } => {
  for (const app of directory.apps) {
    const role = app.roles.find((candidate) => candidate.id === id);
    if (role !== undefined) return { app, role };
  }
  throw new ConnectorError("not-found", `role ${JSON.stringify(id)} does not exist`);
};

/** `user:<id>` / `group:<id>` → the principal's ResourceId. */
const principalOf = (holder: string) => {
  const [type = "", id = ""] = holder.split(":");
  return resourceId(type, id);
};

const user: ResourceTypeDefinition<SampleDirectory> = {
  id: "user",
  displayName: "User",
  traits: ["user"],
  async list(directory, { cursor }) {
    return mapPage(offsetPage(directory.users, cursor, USERS_PER_PAGE), (u) =>
      userResource({
        type: "user",
        id: u.id,
        displayName: u.name,
        user: { emails: [{ address: u.email, primary: true }], login: u.email, status: u.status },
      }),
    );
  },
};

const group: ResourceTypeDefinition<SampleDirectory> = {
  id: "group",
  displayName: "Group",
  traits: ["group"],
  async list(directory) {
    return onePage(
      directory.groups.map((g) => groupResource({ type: "group", id: g.id, displayName: g.name })),
    );
  },
  async entitlements(_directory, { resource }) {
    return onePage([
      assignmentEntitlement(resource, "member", {
        displayName: `${resource.displayName} member`,
        description: `Is a member of the ${resource.displayName} group`,
        grantableTo: ["user"],
      }),
    ]);
  },
  async grants(directory, { resource, cursor }) {
    const members = [...findGroup(directory, resource.id?.resource ?? "").members].sort();
    return mapPage(offsetPage(members, cursor, 2), (id) => grant(resource, "member", resourceId("user", id)));
  },
  // The entitlement parsed and the principal's id, from the engine: nothing to re-check here.
  async grant(directory, args) {
    const { entitlementRef, principalId } = provisionTargetOf(args);
    const g = findGroup(directory, entitlementRef.resourceId);
    if (g.members.has(principalId.resource)) return { kind: "already-exists" };
    g.members.add(principalId.resource);
    return { kind: "granted" };
  },
  async revoke(directory, args) {
    const { entitlementRef, principalId } = provisionTargetOf(args);
    const g = findGroup(directory, entitlementRef.resourceId);
    return g.members.delete(principalId.resource) ? { kind: "revoked" } : { kind: "already-revoked" };
  },
};

/** Holders that are groups pass the role on to their members (GrantExpandable). */
const holderGrant = (resource: Parameters<typeof grant>[0], slug: string, holder: string) => {
  const principal = principalOf(holder);
  return principal.resourceType === "group"
    ? grant(resource, slug, principal, {
        expandable: { entitlementIds: [`group:${principal.resource}:member`] },
      })
    : grant(resource, slug, principal);
};

const app: ResourceTypeDefinition<SampleDirectory> = {
  id: "app",
  displayName: "Application",
  traits: ["app"],
  children: ["role"],
  async list(directory) {
    return onePage(
      directory.apps.map((a) =>
        appResource({
          type: "app",
          id: a.id,
          displayName: a.name,
          app: { helpUrl: "https://example.com/help" },
        }),
      ),
    );
  },
  async entitlements(_directory, { resource }) {
    return onePage([
      assignmentEntitlement(resource, "access", { displayName: "Access", grantableTo: ["user", "group"] }),
    ]);
  },
  async grants(directory, { resource }) {
    const a = directory.apps.find((candidate) => candidate.id === resource.id?.resource);
    return onePage([...(a?.access ?? [])].sort().map((holder) => holderGrant(resource, "access", holder)));
  },
};

const role: ResourceTypeDefinition<SampleDirectory> = {
  id: "role",
  displayName: "Role",
  traits: ["role"],
  // Roles belong to an app: the engine lists them once per app, with `parent` set.
  async list(directory, { parent }) {
    const a = directory.apps.find((candidate) => candidate.id === parent?.resource);
    if (a === undefined) return onePage([]);
    return onePage(
      a.roles.map((r) =>
        roleResource({ type: "role", id: r.id, displayName: r.name, parent: resourceId("app", a.id) }),
      ),
    );
  },
  async entitlements(_directory, { resource }) {
    return onePage([
      assignmentEntitlement(resource, "assigned", {
        displayName: `${resource.displayName} role`,
        grantableTo: ["user", "group"],
      }),
    ]);
  },
  async grants(directory, { resource }) {
    const { role: r } = findRole(directory, resource.id?.resource ?? "");
    return onePage([...r.holders].sort().map((holder) => holderGrant(resource, "assigned", holder)));
  },
  async grant(directory, args) {
    const { entitlementRef, principalId } = provisionTargetOf(args);
    const { role: r } = findRole(directory, entitlementRef.resourceId);
    const holder = `${principalId.resourceType}:${principalId.resource}`;
    if (r.holders.has(holder)) return { kind: "already-exists" };
    r.holders.add(holder);
    return { kind: "granted" };
  },
  async revoke(directory, args) {
    const { entitlementRef, principalId } = provisionTargetOf(args);
    const { role: r } = findRole(directory, entitlementRef.resourceId);
    return r.holders.delete(`${principalId.resourceType}:${principalId.resource}`)
      ? { kind: "revoked" }
      : { kind: "already-revoked" };
  },
};

/**
 * The sdk's built-in sample: users (paged), groups with members, an app whose roles are its child
 * resources, roles and app access granted to users and to groups (expanded to the groups' members),
 * and grant/revoke of group membership and roles, all in memory. No configuration.
 */
export const sampleConnector = defineConnector({
  id: "sample",
  version: "0.1.0",
  metadata: {
    displayName: "Sample",
    description: "A small in-memory directory that shows every part of the connector contract",
  },
  config: z.object({}),
  connect: () => createSampleDirectory(),
  async validate() {},
  resourceTypes: [user, group, app, role],
});
