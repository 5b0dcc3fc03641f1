/**
 * The sample connector's "SaaS system": a small access graph held in memory. It stands in for an API
 * client (a real connector's `connect` returns its typed HTTP client instead).
 */
export interface SampleUser {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly status: "enabled" | "disabled";
}

export interface SampleGroup {
  readonly id: string;
  readonly name: string;
  readonly members: Set<string>;
}

export interface SampleRole {
  readonly id: string;
  readonly name: string;
  /** Principals holding the role, as `user:<id>` or `group:<id>`. */
  readonly holders: Set<string>;
}

export interface SampleApp {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly SampleRole[];
  /** Principals with access to the app, as `user:<id>` or `group:<id>`. */
  readonly access: Set<string>;
}

export interface SampleDirectory {
  readonly users: readonly SampleUser[];
  readonly groups: readonly SampleGroup[];
  readonly apps: readonly SampleApp[];
}

/** A fresh directory with the sample data (each call returns an independent copy). */
export const createSampleDirectory = (): SampleDirectory => ({
  users: [
    { id: "alice", name: "Alice Archer", email: "alice@example.com", status: "enabled" },
    { id: "bob", name: "Bob Baker", email: "bob@example.com", status: "enabled" },
    { id: "carol", name: "Carol Chen", email: "carol@example.com", status: "enabled" },
    { id: "dave", name: "Dave Diaz", email: "dave@example.com", status: "enabled" },
    { id: "erin", name: "Erin Evans", email: "erin@example.com", status: "disabled" },
  ],
  groups: [
    { id: "engineering", name: "Engineering", members: new Set(["alice", "bob", "carol"]) },
    { id: "security", name: "Security", members: new Set(["carol", "dave"]) },
    { id: "contractors", name: "Contractors", members: new Set(["erin"]) },
  ],
  apps: [
    {
      id: "console",
      name: "Acme Console",
      roles: [
        { id: "admin", name: "Administrator", holders: new Set(["user:dave", "group:security"]) },
        { id: "editor", name: "Editor", holders: new Set(["group:engineering"]) },
        { id: "viewer", name: "Viewer", holders: new Set(["user:erin"]) },
      ],
      access: new Set(["group:engineering", "group:security", "user:erin"]),
    },
  ],
});
