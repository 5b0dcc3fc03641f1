#!/usr/bin/env -S node --max-semi-space-size=1 --heap-growing-percent=50
// baton: the subcommands and flags of ConductorOne's Go `baton`, on c1z v1 files.
// V8 flags (measured, README "Performance"): zlib hands out every decompressed chunk as a new buffer,
// which V8 frees at young-generation collections; a 1 MiB semi-space makes those frequent, so expanding
// a 1,000,000-grant file (355 MiB) peaks at ~100-115 MB RSS instead of ~165 MB, no slower. Streaming a
// listing makes garbage only; growing the heap by 50% instead of V8's default lets it be collected
// sooner (all 1,000,000 grants as JSON: ~130 MB instead of ~170-190 MB).
import { exitUnlessSupportedNode } from "@baton-ts/c1z/node-support";

// First the Node version, then the program: on an older Node a static import of the c1z store would fail
// to link `node:sqlite` before anything could say what to install. The program is a file of its own next to
// this one (dist/baton-process.js): the path is built at run time so that the bundler keeps it separate
// instead of inlining it, with its imports, into this file.
exitUnlessSupportedNode("baton");
const program: string = new URL("./baton-process.js", import.meta.url).href;
await import(program);
