// rules/effort.yaml's cost drivers and catch-all prefixes name real libraries of the rule table, and the
// loader rejects a library in two drivers or a malformed prefix table with file:line:field.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEffortModel } from '../src/estimate/effort-model.js';
import { loadRuleTable } from '../src/rules/compiled.js';
import { UNRECOGNIZED_LIBRARY } from '../src/classify/classify.js';
import { RULES_DIR } from './helpers.js';
import { hasMessage } from '../src/i18n/messages.js';
import { KERNELS_DRIVER, SETUP_DRIVER, VENDORED_DRIVER, VERIFY_DRIVER } from '../src/estimate/estimate.js';

const model = loadEffortModel(RULES_DIR);
const libraries = new Set([...loadRuleTable(RULES_DIR).rules.map((r) => r.library), UNRECOGNIZED_LIBRARY]);

describe('cost drivers in rules/effort.yaml', () => {
  it('name only libraries the rule table has, each in one driver', () => {
    const listed = Object.values(model.drivers ?? {}).flat();
    expect(listed.length).toBeGreaterThan(10);
    for (const l of listed) expect(libraries, l).toContain(l);
    expect(new Set(listed).size).toBe(listed.length);
    for (const l of model.libraryByPrefix!.appliesTo) expect(libraries, l).toContain(l);
    for (const l of Object.values(model.libraryByPrefix!.prefixes)) expect(libraries, l).toContain(l);
  });

  it('rejects a library in two drivers, naming the file, line and field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cuport-effort-'));
    const text = readFileSync(join(RULES_DIR, 'effort.yaml'), 'utf8').replace('  "math libraries": [', '  "math libraries": [cuDNN, ');
    writeFileSync(join(dir, 'effort.yaml'), text);
    const line = text.split('\n').findIndex((l) => l.includes('"math libraries": [cuDNN')) + 1;
    expect(() => loadEffortModel(dir)).toThrow(new RegExp(`effort\\.yaml:${line}.*drivers\\.math libraries.*already in driver "cuDNN layers"`));
  });

  it('rejects a prefix that maps to no library name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cuport-effort-'));
    writeFileSync(join(dir, 'effort.yaml'), readFileSync(join(RULES_DIR, 'effort.yaml'), 'utf8').replace('    cudnn: cuDNN', '    cudnn: [cuDNN]'));
    expect(() => loadEffortModel(dir)).toThrow(/libraryByPrefix\.prefixes\.cudnn.*must be a library name/);
  });

  it('has a message (and so a translation) for every driver name', () => {
    for (const name of [...Object.keys(model.drivers ?? {}), SETUP_DRIVER, KERNELS_DRIVER, VENDORED_DRIVER, VERIFY_DRIVER]) expect(hasMessage(`driver.${name}`), name).toBe(true);
    const zh = JSON.parse(readFileSync(join(RULES_DIR, 'i18n', 'zh-CN.json'), 'utf8')) as Record<string, string>;
    for (const name of Object.keys(model.drivers ?? {})) expect(zh[`driver.${name}`], name).toBeDefined();
  });
});
