import type { EntitlementView, Page } from "../../explorer/api-types.js";
import { exportUrl, getJson, segment, useApi } from "../api.js";
import { count, How, Id, Paged, ResourceLink, Show } from "../components.js";

/** Who holds one entitlement, directly or through which group or role, with the grant ids. */
export function EntitlementPage({ params }: { params: { id?: string } }) {
  const id = segment(params.id);
  const loaded = useApi(id, () => getJson<EntitlementView>("entitlement", { id }));
  return (
    <Show loaded={loaded}>
      {(view) => (
        <>
          <h1>
            {view.entitlement.resource.name} · {view.entitlement.name}
          </h1>
          <p>
            <Id>{view.entitlement.id}</Id> on <ResourceLink resource={view.entitlement.resource} />
          </p>
          {view.entitlement.description && <p>{view.entitlement.description}</p>}
          <h2>
            Holders ({count(view.holders)}){" "}
            <a class="button" href={exportUrl("holders.csv", { id })} download>
              Export CSV
            </a>
          </h2>
          <Paged
            key={id}
            first={view.page}
            more={async (page) =>
              (await getJson<EntitlementView>("entitlement", { id, page })).page as Page<never>
            }
            empty="Nobody holds this entitlement."
            render={(items) => (
              <table>
                <thead>
                  <tr>
                    <th>Principal</th>
                    <th>How</th>
                    <th>Grant ID</th>
                  </tr>
                </thead>
                <tbody>
                  {(items as EntitlementView["page"]["items"]).map((holder) => (
                    <tr key={holder.grantId}>
                      <td>
                        <ResourceLink resource={holder.principal} access />
                      </td>
                      <td>
                        <How how={holder.how} />
                      </td>
                      <td>
                        <Id>{holder.grantId}</Id>
                      </td>
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
