#!/usr/bin/env node
// Builds data/facts/cann-runtime-product-support.csv from a fetched hicann/runtime tree: each AscendCL
// function's "产品支持情况" section in docs/zh/api_ref/*.md (Ascend 950 / Atlas A3 / Atlas A2) and whether
// the page marks it experimental ("本接口为试验特性"). Only functions whose page states a product are listed.
// Usage: node scripts/harvest-acl-product-support.mjs RUNTIME_TREE COMMIT > data/facts/cann-runtime-product-support.csv
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { productSupport } from './harvest-ops-sparse.mjs';

/** The CSV for a hicann/runtime tree at COMMIT. */
export function harvestRuntime(tree, commit) {
  const dir = 'docs/zh/api_ref';
  const rows = new Map();
  for (const f of readdirSync(join(tree, dir)).filter((f) => f.endsWith('.md')).sort()) {
    for (const [name, e] of productSupport(readFileSync(join(tree, dir, f), 'utf8'), 'acl')) {
      if (rows.has(name) || ![950, 'a3', 'a2'].some((k) => e[k] !== undefined)) continue;
      const yn = (v) => (v === undefined ? '' : v ? 'yes' : 'no');
      rows.set(name, [name, yn(e[950]), yn(e.a3), yn(e.a2), e.experimental ? 'yes' : '', `hicann/runtime@${commit}:${dir}/${f}`]);
    }
  }
  return ['acl_api,ascend950,a3,a2,experimental,source', ...[...rows.keys()].sort().map((k) => rows.get(k).join(','))].join('\n') + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [tree, commit] = process.argv.slice(2);
  if (!tree || !commit) {
    process.stderr.write('usage: harvest-acl-product-support.mjs RUNTIME_TREE COMMIT\n');
    process.exit(2);
  }
  process.stdout.write(harvestRuntime(tree, commit));
}
