import { Link } from "wouter-preact";
import type { Overview } from "../../explorer/api-types.js";
import { getJson, useApi } from "../api.js";
import { count, EntitlementLink, Id, ResourceLink, Show } from "../components.js";
import { searchHref } from "./search.js";

export function OverviewView() {
  const loaded = useApi("overview", () => getJson<Overview>("overview"));
  return (
    <Show loaded={loaded}>
      {(overview) => (
        <>
          <h1>Overview</h1>
          <section class="cards">
            <div class="card">
              <h3>Sync</h3>
              <Id>{overview.sync.id}</Id>
              <p class="muted">
                {overview.sync.type} sync, finished {overview.sync.endedAt ?? "(unfinished)"}
                <br />
                {overview.syncs} sync{overview.syncs === 1 ? "" : "s"} in the file
                {overview.previousSync && (
                  <>
                    {" · "}
                    <Link href="/changes">what changed since {overview.previousSync.endedAt}</Link>
                  </>
                )}
              </p>
            </div>
            <div class="card">
              <h3>Entitlements</h3>
              <p class="big">{count(overview.entitlements)}</p>
            </div>
            <div class="card">
              <h3>Grants</h3>
              <p class="big">{count(overview.grants)}</p>
            </div>
          </section>

          <h2>Resources by type</h2>
          <table>
            <thead>
              <tr>
                <th>Type</th>
                <th>Traits</th>
                <th class="num">Resources</th>
              </tr>
            </thead>
            <tbody>
              {overview.types.map((type) => (
                <tr key={type.id}>
                  <td>
                    <Link href={searchHref(type.id, "")}>{type.name}</Link> <Id>{type.id}</Id>
                  </td>
                  <td>{type.traits.join(", ")}</td>
                  <td class="num">{count(type.resources)}</td>
                </tr>
              ))}
            </tbody>
          </table>

          <h2>Entitlements with the most holders</h2>
          <table>
            <thead>
              <tr>
                <th>Entitlement</th>
                <th class="num">Holders</th>
              </tr>
            </thead>
            <tbody>
              {overview.topEntitlements.map((row) => (
                <tr key={row.entitlement.id}>
                  <td>
                    <EntitlementLink entitlement={row.entitlement} />
                  </td>
                  <td class="num">{count(row.holders)}</td>
                </tr>
              ))}
            </tbody>
          </table>

          <h2>Non-human identities ({count(overview.nonHumanTotal)})</h2>
          {overview.nonHuman.length === 0 ? (
            <p class="muted">No service or system accounts in this sync.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>Identity</th>
                  <th>Account type</th>
                  <th>Status</th>
                </tr>
              </thead>
              <tbody>
                {overview.nonHuman.map((row) => (
                  <tr key={`${row.principal.type}:${row.principal.id}`}>
                    <td>
                      <ResourceLink resource={row.principal} access />
                    </td>
                    <td>{row.accountType}</td>
                    <td>{row.status}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </Show>
  );
}
