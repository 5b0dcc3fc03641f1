import { useState } from "preact/hooks";
import { useLocation } from "wouter-preact";
import type { Overview, Page, ResourceRef } from "../../explorer/api-types.js";
import { getJson, segment, useApi } from "../api.js";
import { Paged, ResourceLink, Show } from "../components.js";

/** The link of a search: /search/<query>, or /browse/<type>/<query> within one resource type. */
export const searchHref = (type: string, query: string) =>
  type
    ? `/browse/${encodeURIComponent(type)}/${encodeURIComponent(query)}`
    : `/search/${encodeURIComponent(query)}`;

/** Search across resources by name or id, optionally of one type. The URL holds type and query. */
export function SearchView({ params }: { params: { type?: string; query?: string } }) {
  const type = segment(params.type);
  const query = segment(params.query);
  const [, navigate] = useLocation();
  const [text, setText] = useState(query);
  const types = useApi("overview", () => getJson<Overview>("overview"));
  const results = useApi(`${type}/${query}`, () => getJson<Page<ResourceRef>>("search", { q: query, type }));
  const go = (nextType: string, nextQuery: string) => navigate(searchHref(nextType, nextQuery));
  return (
    <>
      <h1>Search</h1>
      <form
        class="search"
        onSubmit={(event) => {
          event.preventDefault();
          go(type, text);
        }}
      >
        <input
          type="search"
          name="q"
          placeholder="Name or id, e.g. alice"
          value={text}
          onInput={(event) => setText((event.target as HTMLInputElement).value)}
          aria-label="Search resources"
        />
        <select
          aria-label="Resource type"
          value={type}
          onChange={(event) => go((event.target as HTMLSelectElement).value, text)}
        >
          <option value="">all types</option>
          {types.state === "ready" &&
            types.data.types.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
        </select>
        <button type="submit">Search</button>
      </form>
      <Show loaded={results}>
        {(first) => (
          <Paged
            key={`${type}/${query}`}
            first={first}
            more={(page) => getJson<Page<ResourceRef>>("search", { q: query, type, page })}
            empty="Nothing matches."
            render={(items) => (
              <ul class="results">
                {items.map((item) => (
                  <li key={`${item.type}:${item.id}`}>
                    <ResourceLink resource={item} />
                  </li>
                ))}
              </ul>
            )}
          />
        )}
      </Show>
    </>
  );
}
