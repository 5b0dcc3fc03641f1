import { useState } from "preact/hooks";
import { Link, Route, Router, Switch, useLocation } from "wouter-preact";
import { useHashLocation } from "wouter-preact/use-hash-location";
import { AccessPage } from "./views/access.js";
import { ChangesPage } from "./views/changes.js";
import { EntitlementPage } from "./views/entitlement.js";
import { OverviewView } from "./views/overview.js";
import { ResourcePage } from "./views/resource.js";
import { SearchView, searchHref } from "./views/search.js";

function QuickSearch() {
  const [text, setText] = useState("");
  const [, navigate] = useLocation();
  return (
    <form
      class="quick"
      onSubmit={(event) => {
        event.preventDefault();
        navigate(searchHref("", text));
      }}
    >
      <input
        type="search"
        placeholder="Search people, groups, roles…"
        value={text}
        aria-label="Quick search"
        onInput={(event) => setText((event.target as HTMLInputElement).value)}
      />
    </form>
  );
}

/** Hash routes, so every view has a link of its own under the page's private path. */
export function App() {
  return (
    <Router hook={useHashLocation}>
      <header>
        <Link href="/" class="brand">
          baton explorer
        </Link>
        <nav>
          <Link href="/">Overview</Link>
          <Link href="/search/">Search</Link>
          <Link href="/changes">Changes</Link>
        </nav>
        <QuickSearch />
      </header>
      <main>
        <Switch>
          <Route path="/" component={OverviewView} />
          <Route path="/search/:query?" component={SearchView} />
          <Route path="/browse/:type/:query?" component={SearchView} />
          <Route path="/resource/:type/:id" component={ResourcePage} />
          <Route path="/access/:type/:id" component={AccessPage} />
          <Route path="/entitlement/:id" component={EntitlementPage} />
          <Route path="/changes/:kind?/:change?" component={ChangesPage} />
          <Route>
            <p>
              No such page. <Link href="/">Back to the overview</Link>
            </p>
          </Route>
        </Switch>
      </main>
    </Router>
  );
}
