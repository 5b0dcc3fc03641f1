import { spawnSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { C1zFile, C1zPathError } from "../src/index.js";
import { useTempDir } from "./helpers.js";

const tempDir = useTempDir();

const openError = async (path: string, readOnly = false): Promise<C1zPathError> => {
  const error = await C1zFile.open(path, { readOnly }).then(
    (file) => {
      file.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(C1zPathError);
  return error as C1zPathError;
};

/**
 * checkC1zPath for writing as the unprivileged user `nobody`, in a child process: root may write and enter
 * anywhere, so permission checks need another user. The child runs its own link (or copy) of this Node
 * binary and a copy of the check's two source files (Node strips their types), all in a directory `nobody`
 * can reach: the repository itself may sit where `nobody` cannot (a clone under /root or in a 0700 temporary
 * directory), and the tested paths must be reachable up to the directory under test.
 */
const checkAsNobody = (path: string): unknown => {
  const dir = tempDir();
  chmodSync(dir, 0o755);
  const node = join(dir, "node");
  try {
    linkSync(process.execPath, node);
  } catch {
    copyFileSync(process.execPath, node);
  }
  for (const file of ["c1z-path.ts", "errors.ts"]) {
    const source = readFileSync(new URL(`../src/${file}`, import.meta.url), "utf8");
    writeFileSync(join(dir, file), source.replace('"./errors.js"', '"./errors.ts"'));
  }
  const script = `import { checkC1zPath } from ${JSON.stringify(join(dir, "c1z-path.ts"))};
    await checkC1zPath(${JSON.stringify(path)}, { writable: true }).then(
      () => console.log("no error"),
      (error) => console.log(JSON.stringify({ problem: error.problem, message: error.message })),
    );`;
  const child = spawnSync(node, ["--no-warnings", "--input-type=module", "-e", script], {
    uid: 65534,
    gid: 65534,
    encoding: "utf8",
  });
  expect(child.error).toBeUndefined();
  expect(child.stderr).toBe("");
  return JSON.parse(child.stdout);
};

/** Writes a one-sync c1z at `path`. */
const writeC1z = async (path: string): Promise<void> => {
  const file = await C1zFile.open(path);
  const { syncId } = file.startOrResumeSync();
  file.endSync(syncId);
  await file.save();
};

describe("a c1z path that cannot be used is refused before anything is created next to it", () => {
  it("a directory, for writing and for reading", async () => {
    const dir = tempDir();
    const writing = await openError(dir);
    expect(writing.problem).toBe("is-a-directory");
    expect(writing.message).toBe(
      `${dir} is a directory, not a c1z file: name a file, e.g. ${join(dir, "sync.c1z")}`,
    );
    expect((await openError(dir, true)).problem).toBe("is-a-directory");
    expect(readdirSync(dir)).toEqual([]);
  });

  it("a missing directory, named with the command that creates it", async () => {
    const root = tempDir();
    const path = join(root, "missing", "x.c1z");
    const error = await openError(path);
    expect(error.problem).toBe("missing-directory");
    expect(error.path).toBe(path);
    expect(error.message).toBe(
      `cannot write ${path}: the directory ${join(root, "missing")} does not exist; create it first (mkdir -p ${join(root, "missing")})`,
    );
    expect(readdirSync(root)).toEqual([]);
  });

  it("a file where a directory should be", async () => {
    const root = tempDir();
    writeFileSync(join(root, "plain"), "");
    const error = await openError(join(root, "plain", "x.c1z"));
    expect(error.problem).toBe("parent-not-a-directory");
    expect(error.message).toBe(
      `cannot write ${join(root, "plain", "x.c1z")}: ${join(root, "plain")} is not a directory`,
    );
  });

  it("a relative path is reported absolute", async () => {
    const error = await openError("no-such-directory-here/x.c1z");
    expect(error.path).toBe(join(process.cwd(), "no-such-directory-here/x.c1z"));
    expect(error.message).toContain(join(process.cwd(), "no-such-directory-here"));
  });

  it("a read-only c1z (no write bit) is left as it is, for whoever runs", async () => {
    const root = tempDir();
    const path = join(root, "kept.c1z");
    await writeC1z(path);
    chmodSync(path, 0o444);
    const before = readFileSync(path);
    const error = await openError(path);
    expect(error.problem).toBe("read-only-file");
    expect(error.message).toBe(
      `${path} is read-only (mode 0444), so it is not replaced: make it writable (chmod u+w ${path}) or write another file`,
    );
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o444);
    expect(readdirSync(root)).toEqual(["kept.c1z"]);
    // Reading it is fine.
    const reader = await C1zFile.open(path, { readOnly: true });
    expect(reader.listSyncs()).toHaveLength(1);
    reader.close();
  });

  it("a directory this user cannot write", async () => {
    const root = tempDir();
    const locked = join(root, "locked");
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    const path = join(locked, "x.c1z");
    const expected = `cannot write ${path}: the directory ${locked} is not writable by this user (EACCES)`;
    if (process.getuid?.() !== 0) {
      const error = await openError(path);
      expect(error.problem).toBe("directory-not-writable");
      expect(error.message).toBe(expected);
      return;
    }
    chmodSync(root, 0o755);
    expect(checkAsNobody(path)).toEqual({ problem: "directory-not-writable", message: expected });
  });

  it("a directory on the way this user cannot enter", async () => {
    const root = tempDir();
    const closed = join(root, "closed");
    mkdirSync(closed);
    chmodSync(closed, 0o700);
    const path = join(closed, "inner", "x.c1z");
    const expected = `cannot reach ${path}: a directory on its path is not searchable by this user (EACCES); check the permissions of ${join(closed, "inner")} and its parents`;
    if (process.getuid?.() !== 0) {
      chmodSync(closed, 0o000);
      try {
        const error = await openError(path);
        expect(error.problem).toBe("not-reachable");
        expect(error.message).toBe(expected);
      } finally {
        chmodSync(closed, 0o700);
      }
      return;
    }
    chmodSync(root, 0o755);
    expect(checkAsNobody(path)).toEqual({ problem: "not-reachable", message: expected });
  });
});

describe("replacing a c1z keeps its mode", () => {
  it("a 0600 file is still 0600 after another sync", async () => {
    const path = join(tempDir(), "private.c1z");
    await writeC1z(path);
    chmodSync(path, 0o600);
    await writeC1z(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const reader = await C1zFile.open(path, { readOnly: true });
    expect(reader.listSyncs()).toHaveLength(2);
    reader.close();
  });
});
