#!/usr/bin/env node
// Bundles the command line and its scan worker after tsc (npm run build): dist/cli/main.js (the bin) and
// dist/cli/worker.js, with the code they share in dist/cli/chunk-*.js and the commands, reporters and
// spinner still in chunks loaded when used. Why: Node 20 has no module compile cache, and loading ~110
// separate ES modules (a file open, read and stat each, then linking) was the largest part of a one-file
// scan's start-up (bench/README.md "Start-up"). The bundle sits where tsc put main.js, so every path the code
// builds from import.meta.url (../../rules, ../rules.compiled.json, ./worker.js) points where it did. Packages
// stay external: a consumer's node_modules provides them (the tree-sitter binding, grammars and koffi are
// native). tsc's own dist/ modules remain for the library entry points, benchmarks and tests.
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const outdir = 'dist/cli';
// Chunk names carry a content hash: the last build's must not linger (the cache key hashes dist/).
for (const name of readdirSync(outdir)) if (/^chunk-.*\.js$/.test(name)) rmSync(join(outdir, name));

await build({
  entryPoints: { main: 'src/cli/main.ts', worker: 'src/scan/worker.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
});
