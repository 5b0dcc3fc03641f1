import { Link } from "wouter-preact";
import type { Change, ChangeKind, ChangesView } from "../../explorer/api-types.js";
import { getJson, segment, useApi } from "../api.js";
import { accessHref, Id, Paged, resourceHref, Show } from "../components.js";

const KINDS: ChangeKind[] = ["resources", "entitlements", "grants"];
const CHANGES: Change[] = ["created", "deleted", "modified"];

/** What changed between the previous sync and this one, one list at a time. */
export function ChangesPage({ params }: { params: { kind?: string; change?: string } }) {
  const kind = (KINDS.find((k) => k === segment(params.kind)) ?? "grants") as ChangeKind;
  const change = (CHANGES.find((c) => c === segment(params.change)) ?? "created") as Change;
  const loaded = useApi(`${kind}/${change}`, () => getJson<ChangesView>("changes", { kind, change }));
  return (
    <>
      <h1>What changed</h1>
      <nav class="tabs">
        {KINDS.map((k) => (
          <Link key={k} href={`/changes/${k}/${change}`} class={k === kind ? "active" : ""}>
            {k}
          </Link>
        ))}
        <span class="sep" />
        {CHANGES.map((c) => (
          <Link key={c} href={`/changes/${kind}/${c}`} class={c === change ? "active" : ""}>
            {c}
          </Link>
        ))}
      </nav>
      <Show loaded={loaded}>
        {(view) =>
          !view.base ? (
            <p class="muted">This file holds no earlier finished sync to compare with.</p>
          ) : (
            <>
              <p class="muted">
                From sync <Id>{view.base.id}</Id> ({view.base.endedAt}) to <Id>{view.applied?.id ?? ""}</Id> (
                {view.applied?.endedAt})
              </p>
              <Paged
                key={`${kind}/${change}`}
                first={view.page}
                more={async (page) => (await getJson<ChangesView>("changes", { kind, change, page })).page}
                empty={`No ${kind} ${change}.`}
                render={(items) => (
                  <ul class="results">
                    {items.map((item) => (
                      <li key={item.id}>
                        {item.resource && change !== "deleted" ? (
                          <Link
                            href={kind === "grants" ? accessHref(item.resource) : resourceHref(item.resource)}
                          >
                            {item.label}
                          </Link>
                        ) : (
                          item.label
                        )}{" "}
                        <Id>{item.id}</Id>
                      </li>
                    ))}
                  </ul>
                )}
              />
            </>
          )
        }
      </Show>
    </>
  );
}
