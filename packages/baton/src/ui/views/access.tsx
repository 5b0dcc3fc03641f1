import type { AccessView } from "../../explorer/api-types.js";
import { exportUrl, getJson, segment, useApi } from "../api.js";
import { count, EntitlementLink, How, Id, Paged, ResourceLink, Show } from "../components.js";
import { Details } from "./resource.js";

/** A principal's effective access, grouped by resource, with how each grant is held. */
export function AccessPage({ params }: { params: { type?: string; id?: string } }) {
  const type = segment(params.type);
  const id = segment(params.id);
  const loaded = useApi(`${type}:${id}`, () => getJson<AccessView>("access", { type, id }));
  return (
    <Show loaded={loaded}>
      {(view) => (
        <>
          <h1>Access of {view.principal.name}</h1>
          <Details resource={view.principal} />
          <h2>
            Effective access ({count(view.grants)} grants){" "}
            <a class="button" href={exportUrl("access.csv", { type, id })} download>
              Export CSV
            </a>
          </h2>
          <Paged
            key={`${type}:${id}`}
            first={view.page}
            more={async (page) => (await getJson<AccessView>("access", { type, id, page })).page}
            empty="This principal holds no grants."
            render={(groups) => (
              <div class="access">
                {groups.map((group, index) => (
                  <section class="group" key={`${group.resource.type}:${group.resource.id}:${index}`}>
                    <h3>
                      <ResourceLink resource={group.resource} />
                    </h3>
                    <table>
                      <tbody>
                        {group.entries.map((entry) => (
                          <tr key={entry.grantId}>
                            <td>
                              <EntitlementLink entitlement={entry.entitlement} bare />
                            </td>
                            <td>
                              <How how={entry.how} />
                            </td>
                            <td>
                              <Id>{entry.grantId}</Id>
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </section>
                ))}
              </div>
            )}
          />
        </>
      )}
    </Show>
  );
}
