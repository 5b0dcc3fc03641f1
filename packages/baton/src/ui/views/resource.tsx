import { Link } from "wouter-preact";
import type { ResourceDetails, ResourceView } from "../../explorer/api-types.js";
import { getJson, segment, useApi } from "../api.js";
import { accessHref, count, EntitlementLink, Id, Paged, ResourceLink, Show } from "../components.js";

export function Details({ resource }: { resource: ResourceDetails }) {
  return (
    <dl class="details">
      <dt>ID</dt>
      <dd>
        <Id>{`${resource.type}:${resource.id}`}</Id> (type <Id>{resource.type}</Id>, id <Id>{resource.id}</Id>
        )
      </dd>
      <dt>Type</dt>
      <dd>{resource.typeName}</dd>
      {resource.parent && (
        <>
          <dt>Parent</dt>
          <dd>
            <ResourceLink resource={resource.parent} />
          </dd>
        </>
      )}
      {resource.description && (
        <>
          <dt>Description</dt>
          <dd>{resource.description}</dd>
        </>
      )}
      {resource.email && (
        <>
          <dt>Email</dt>
          <dd>{resource.email}</dd>
        </>
      )}
      {resource.accountType && (
        <>
          <dt>Account</dt>
          <dd>
            {resource.accountType}, {resource.status}
            {resource.login && <> · login {resource.login}</>}
          </dd>
        </>
      )}
    </dl>
  );
}

/** A resource, its entitlements, and how many hold each (open one to see who and how). */
export function ResourcePage({ params }: { params: { type?: string; id?: string } }) {
  const type = segment(params.type);
  const id = segment(params.id);
  const loaded = useApi(`${type}:${id}`, () => getJson<ResourceView>("resource", { type, id }));
  return (
    <Show loaded={loaded}>
      {(view) => (
        <>
          <h1>{view.resource.name}</h1>
          <Details resource={view.resource} />
          {view.grantsHeld > 0 && (
            <p>
              <Link href={accessHref(view.resource)}>Effective access</Link> ({count(view.grantsHeld)} grants
              held)
            </p>
          )}
          <h2>Entitlements</h2>
          <Paged
            key={`${type}:${id}`}
            first={view.entitlements}
            more={async (page) => (await getJson<ResourceView>("resource", { type, id, page })).entitlements}
            empty="This resource has no entitlements."
            render={(items) => (
              <table>
                <thead>
                  <tr>
                    <th>Entitlement</th>
                    <th class="num">Holders</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((row) => (
                    <tr key={row.entitlement.id}>
                      <td>
                        <EntitlementLink entitlement={row.entitlement} bare />
                      </td>
                      <td class="num">{count(row.holders)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          />
        </>
      )}
    </Show>
  );
}
