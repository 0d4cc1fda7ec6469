#!/usr/bin/env node
// Counts verdicts changed between two rule tables (`cuport rules --format json` output, before and after).
// Usage: node bench/verdict-diff.mjs BEFORE.json AFTER.json
// Per target: status transitions (from → to, with counts), confidence upgrades/downgrades among unchanged
// statuses, product overrides added, and rules added or removed. Deterministic (sorted) output.
import { readFileSync } from 'node:fs';

const [beforeFile, afterFile] = process.argv.slice(2);
if (!beforeFile || !afterFile) {
  process.stderr.write('usage: node bench/verdict-diff.mjs BEFORE.json AFTER.json\n');
  process.exit(2);
}
const load = (f) => new Map(JSON.parse(readFileSync(f, 'utf8')).map((r) => [r.id, r]));
const before = load(beforeFile);
const after = load(afterFile);
const targets = ['musa', 'cann', 'birensupa', 'dcu'];
const added = [...after.keys()].filter((k) => !before.has(k)).sort();
const removed = [...before.keys()].filter((k) => !after.has(k)).sort();
console.log(`rules: ${before.size} → ${after.size} (added ${added.length}${added.length ? `: ${added.join(', ')}` : ''}; removed ${removed.length})`);
for (const t of targets) {
  const moves = new Map();
  let upgraded = 0, downgraded = 0, renamed = 0, productsAdded = 0, changed = 0;
  for (const [id, a] of after) {
    const b = before.get(id);
    if (!b) continue;
    const x = b.targets[t], y = a.targets[t];
    const bump = (k) => moves.set(k, (moves.get(k) ?? 0) + 1);
    let any = false;
    if (x.status !== y.status) { bump(`${x.status} → ${y.status}`); any = true; }
    else if (x.confidence !== y.confidence) { y.confidence === 'confirmed' ? upgraded++ : downgraded++; any = true; }
    else if ((x.name ?? '') !== (y.name ?? '')) { renamed++; any = true; }
    if (Object.keys(y.products ?? {}).length > Object.keys(x.products ?? {}).length) { productsAdded++; any = true; }
    if (!any && (x.ref !== y.ref || x.source !== y.source || x.note !== y.note)) any = true;
    if (any) changed++;
  }
  const list = [...moves].sort((p, q) => q[1] - p[1] || (p[0] < q[0] ? -1 : 1)).map(([k, n]) => `${k}: ${n}`).join('; ');
  console.log(`${t}: ${changed} verdicts changed; status ${list || 'none'}; same status inferred → confirmed ${upgraded}, confirmed → inferred ${downgraded}; other name ${renamed}; product overrides added ${productsAdded}`);
}
