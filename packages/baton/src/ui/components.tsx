import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { Link } from "wouter-preact";
import type { EntitlementRef, HowHeld, Page, ResourceRef } from "../explorer/api-types.js";
import type { Loaded } from "./api.js";

const enc = encodeURIComponent;
export const resourceHref = (ref: { type: string; id: string }) =>
  `/resource/${enc(ref.type)}/${enc(ref.id)}`;
export const accessHref = (ref: { type: string; id: string }) => `/access/${enc(ref.type)}/${enc(ref.id)}`;
export const entitlementHref = (id: string) => `/entitlement/${enc(id)}`;

/** An id shown for copying into --grant-entitlement, --grant-principal or --revoke-grant. */
export const Id = ({ children }: { children: string }) => <code class="id">{children}</code>;

export function ResourceLink({ resource, access }: { resource: ResourceRef; access?: boolean }) {
  return (
    <span class="ref">
      <Link href={access ? accessHref(resource) : resourceHref(resource)}>{resource.name}</Link>{" "}
      <span class="muted">
        {resource.typeName} <Id>{`${resource.type}:${resource.id}`}</Id>
      </span>
    </span>
  );
}

/** An entitlement; `bare` leaves out its resource's name where a heading already shows it. */
export function EntitlementLink({ entitlement, bare }: { entitlement: EntitlementRef; bare?: boolean }) {
  return (
    <span class="ref">
      <Link href={entitlementHref(entitlement.id)}>
        {bare ? entitlement.name : `${entitlement.resource.name} · ${entitlement.name}`}
      </Link>{" "}
      <Id>{entitlement.id}</Id>
    </span>
  );
}

/** Direct, or derived through group or role memberships (the grant's sources). */
export function How({ how }: { how: HowHeld }) {
  return (
    <span class="how">
      {how.direct && <span class="badge direct">direct</span>}
      {how.via.map((via) => (
        <span class="badge via" key={via.id}>
          via <Link href={entitlementHref(via.id)}>{`${via.resource.name} · ${via.name}`}</Link>
        </span>
      ))}
    </span>
  );
}

export function Show<T>({
  loaded,
  children,
}: {
  loaded: Loaded<T>;
  children: (data: T) => ComponentChildren;
}) {
  if (loaded.state === "loading") return <p class="muted">Loading…</p>;
  if (loaded.state === "error") return <p class="error">{loaded.error}</p>;
  return <>{children(loaded.data)}</>;
}

/**
 * A list read page by page: the first page comes with the view, "More" fetches the next one with its
 * token and appends it.
 */
export function Paged<T>({
  first,
  more,
  render,
  empty,
}: {
  first: Page<T>;
  more: (token: string) => Promise<Page<T>>;
  render: (items: T[]) => ComponentChildren;
  empty: string;
}) {
  const [pages, setPages] = useState<{ items: T[]; next?: string }>(first);
  const [busy, setBusy] = useState(false);
  if (pages.items.length === 0) return <p class="muted">{empty}</p>;
  return (
    <>
      {render(pages.items)}
      {pages.next && (
        <button
          type="button"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            const page = await more(pages.next as string);
            setPages({ items: [...pages.items, ...page.items], ...(page.next ? { next: page.next } : {}) });
            setBusy(false);
          }}
        >
          {busy ? "Loading…" : "More"}
        </button>
      )}
    </>
  );
}

export const count = (n: number) => n.toLocaleString("en-US");
