import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GeneratorUsageError } from "../src/connector-name.js";
import { generateConnector } from "../src/generate.js";
import { BATON_TS_VERSIONS, TOOL_VERSIONS } from "../src/versions.js";

const work = mkdtempSync(join(tmpdir(), "create-connector-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const writeJson = (path: string, value: unknown) => {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, undefined, 2)}\n`);
};

/** The files of a baton-ts repository the generator reads, and nothing else. */
const fakeRepository = (name: string): string => {
  const root = join(work, name);
  writeJson(join(root, "package.json"), {
    name: "baton-ts",
    scripts: { build: "turbo run build", simulate: "x" },
  });
  writeFileSync(join(root, "pnpm-workspace.yaml"), "packages:\n  - packages/*\n");
  writeJson(join(root, "packages/connector-sdk/package.json"), {
    name: "@baton-ts/connector-sdk",
    engines: { node: ">=24.21.0" },
  });
  writeJson(join(root, "packages/connector-segment/package.json"), { name: "@baton-ts/connector-segment" });
  return root;
};

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();

describe("generating into the repository", () => {
  const root = fakeRepository("repo");
  const generated = generateConnector({
    name: "acme-hr",
    title: "Acme HR",
    target: { layout: "workspace", root },
  });
  const pkg = join(root, "packages/connector-acme-hr");
  const read = (path: string) => readFileSync(join(pkg, path), "utf8");

  it("writes the package in the connectors' layout, its docs page, its changeset and its root script", () => {
    expect(generated.packageName).toBe("@baton-ts/connector-acme-hr");
    expect(filesUnder(pkg)).toEqual(
      expect.arrayContaining([
        "README.md",
        "baton_capabilities.json",
        "bench/sync.ts",
        "package.json",
        "src/bin/baton-acme-hr.ts",
        "src/client/acme-hr-client.ts",
        "src/client/describe-error.ts",
        "src/client/pacing.ts",
        "src/client/schemas/team.ts",
        "src/client/schemas/user.ts",
        "src/config.ts",
        "src/connector.ts",
        "src/index.ts",
        "src/resource-types/membership-provisioning.ts",
        "src/resource-types/team.test.ts",
        "src/resource-types/team.ts",
        "src/resource-types/user.test.ts",
        "src/resource-types/user.ts",
        "src/simulator/command.ts",
        "src/simulator/server.ts",
        "src/version.ts",
        "test/baton-capabilities-file.test.ts",
        "test/kill-worker.mjs",
        "test/kit.test.ts",
        "test/provisioning-property.test.ts",
        "test/provisioning.test.ts",
        "tsconfig.json",
        "tsup.config.ts",
        "vitest.config.ts",
      ]),
    );
    expect(readFileSync(join(root, "docs/connectors/acme-hr.md"), "utf8")).toMatch(
      /^# Acme HR \(`baton-acme-hr`\)/,
    );
    expect(readFileSync(join(root, ".changeset/connector-acme-hr.md"), "utf8")).toMatch(
      /^---\n"@baton-ts\/connector-acme-hr": minor\n---\n/,
    );
    const scripts = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts;
    expect(Object.keys(scripts)).toEqual(["build", "baton-acme-hr", "simulate"]);
    expect(scripts["baton-acme-hr"]).toMatch(/packages\/connector-acme-hr\/dist\/bin\/baton-acme-hr\.js$/);
  });

  it("uses the workspace protocol and the catalog, the sdk's engines, and the repository's tsconfig", () => {
    const manifest = JSON.parse(read("package.json"));
    expect(manifest.dependencies).toEqual({
      "@baton-ts/connector-sdk": "workspace:^",
      "@baton-ts/protocol": "workspace:^",
      zod: "catalog:",
    });
    expect(Object.values(manifest.devDependencies)).toEqual(
      Object.values(manifest.devDependencies).map(() => "catalog:"),
    );
    expect(manifest.engines).toEqual({ node: ">=24.21.0" });
    expect(manifest.bin).toEqual({ "baton-acme-hr": "./dist/bin/baton-acme-hr.js" });
    expect(manifest.scripts.test).toBe("vitest run");
    expect(JSON.parse(read("tsconfig.json")).extends).toBe("../../tsconfig.base.json");
  });

  it("names things after the connector everywhere, leaves no template token, and marks what to change", () => {
    const all = generated.files.map((file) => readFileSync(file, "utf8")).join("\n");
    expect(all).not.toMatch(/__[A-Z_]+__/);
    expect(all).not.toMatch(/zebra|example-name/i);
    expect(read("src/connector.ts")).toMatch(
      /export const acmeHrConnector = defineConnector\(\{\s+id: "acme-hr",/,
    );
    expect(read("src/client/acme-hr-client.ts")).toContain("export class AcmeHrClient {");
    expect(read("src/config.ts")).toContain('export const ACME_HR_BASE_URL = "https://api.acme-hr.example";');
    const todos = all.match(/TODO\([^)]*\)/g) ?? [];
    expect(todos.length).toBeGreaterThan(10);
    expect(new Set(todos)).toEqual(new Set(["TODO(acme-hr)"]));
  });

  it("refuses a second package of the same name, or one whose name another directory has, writing nothing", () => {
    expect(() => generateConnector({ name: "acme-hr", target: { layout: "workspace", root } })).toThrow(
      /packages\/connector-acme-hr already exists/,
    );
    writeJson(join(root, "packages/odd-place/package.json"), { name: "@baton-ts/connector-widgets" });
    const before = filesUnder(root);
    expect(() => generateConnector({ name: "widgets", target: { layout: "workspace", root } })).toThrow(
      new GeneratorUsageError(
        "packages/odd-place is already named @baton-ts/connector-widgets: choose another name",
      ),
    );
    expect(filesUnder(root)).toEqual(before);
  });
});

describe("generating a standalone project", () => {
  const directory = join(work, "standalone", "my-api");
  const generated = generateConnector({ name: "my-api", target: { layout: "standalone", directory } });
  const read = (path: string) => readFileSync(join(directory, path), "utf8");

  it("depends on the published packages with caret ranges and pins the tools, with no workspace or catalog", () => {
    const manifest = JSON.parse(read("package.json"));
    expect(manifest.name).toBe("baton-my-api");
    expect(manifest.dependencies).toEqual({
      "@baton-ts/connector-sdk": `^${BATON_TS_VERSIONS["@baton-ts/connector-sdk"]}`,
      "@baton-ts/protocol": `^${BATON_TS_VERSIONS["@baton-ts/protocol"]}`,
      zod: `^${(TOOL_VERSIONS.zod ?? "").replace(/^\^/, "")}`,
    });
    expect(manifest.devDependencies["@biomejs/biome"]).toBe(TOOL_VERSIONS["@biomejs/biome"]);
    expect(JSON.stringify(manifest)).not.toMatch(/workspace:|catalog:|turbo/);
    expect(JSON.parse(read("tsconfig.json")).extends).toBeUndefined();
  });

  it("brings its own Biome config, .gitignore and docs page, and no changeset", () => {
    expect(filesUnder(directory)).toEqual(
      expect.arrayContaining(["biome.json", ".gitignore", "docs/my-api.md"]),
    );
    expect(read(".gitignore")).toMatch(/^\*\.c1z\.work\.db$/m);
    expect(filesUnder(directory).some((file) => file.includes(".changeset"))).toBe(false);
    expect(read("README.md")).toContain("`npm run check`");
    expect(generated.nextSteps).toContain("npm install");
  });

  it("refuses a directory that is not empty and a package name npm would refuse", () => {
    expect(() => generateConnector({ name: "my-api", target: { layout: "standalone", directory } })).toThrow(
      /the directory .*my-api already exists/,
    );
    expect(() =>
      generateConnector({
        name: "other",
        packageName: "Bad Name",
        target: { layout: "standalone", directory: join(work, "x") },
      }),
    ).toThrow(/"Bad Name" is not a valid npm package name/);
  });
});
