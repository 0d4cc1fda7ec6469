// The compiled rule table (src/rules/compiled.ts, src/rules/compiled-file.ts): rules decoded one by one, the
// match table and the prefilter's triggers precompiled. What a scan reads from it must be what it would build
// from the rule files, and anything that changes the rules (an edited rule file, a .cuport.yaml adding or
// overriding rules) must take effect, never be answered by the build's precompiled copies.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { compileRules, loadRuleTable, matchTableOf, ruleLookup, ruleTableIdentity, writeCompiled, type CompiledRules } from '../src/rules/compiled.js';
import { buildMatchTable } from '../src/rules/match-table.js';
import { detectorTriggers } from '../src/scan/prefilter-triggers.js';
import { loadConfig } from '../src/config/config.js';
import { loadSources } from '../src/rules/load.js';
import { loadContext, scan } from '../src/scan/scan.js';
import { RULES_DIR } from './helpers.js';

let fresh: CompiledRules;
let compiledFile: string;
const loaded = () => loadRuleTable(RULES_DIR, compiledFile);

beforeAll(() => {
  fresh = compileRules(RULES_DIR);
  compiledFile = join(mkdtempSync(join(tmpdir(), 'cuport-compiled-')), 'rules.compiled.json');
  writeCompiled(fresh, compiledFile, RULES_DIR);
});

describe('the precompiled match table', () => {
  it('equals the one built at run time from the rules, with the prefilter triggers derived from it', () => {
    const built = buildMatchTable(fresh.rules, fresh.unrecognized);
    const precompiled = matchTableOf(loaded());
    expect(precompiled).toEqual({ ...built, detectorTriggers: detectorTriggers(built) ?? null });
    expect(precompiled.detectorTriggers?.length).toBeGreaterThan(100);
    // Lookups of a name like `constructor` must not reach Object.prototype, as in a table built at run time.
    for (const names of [precompiled.cppNames, precompiled.headers, precompiled.pyNames, precompiled.pyImports]) {
      expect(Object.getPrototypeOf(names)).toBeNull();
    }
  });

  it('is not used for a table whose rules are not the compiled ones', () => {
    const table = loaded();
    const extra = { ...fresh.rules[0]!, id: 'test.extra', cuda: 'myExtraCudaName', aliases: [] };
    const changed = { ...table, rules: [...table.rules, extra] };
    expect(matchTableOf(changed).cppNames.myExtraCudaName).toEqual(['test.extra', extra.kind]);
    expect(matchTableOf(changed).detectorTriggers).toBeUndefined();
    expect(ruleLookup(changed)('test.extra')).toBe(extra);
    expect(ruleTableIdentity(changed)).toMatch(/^content:/);
    expect(ruleTableIdentity(table)).toBe(`sources:${fresh.hash}`);
  });
});

describe('rules decoded on first use', () => {
  it('gives each rule as the rule files define it, by id and in the full list', () => {
    const table = loaded();
    const lookup = ruleLookup(table);
    for (const rule of [fresh.rules[0]!, fresh.rules[4000]!, fresh.rules[fresh.rules.length - 1]!]) {
      expect(lookup(rule.id)).toEqual(rule);
    }
    expect(lookup('no.such.rule')).toBeUndefined();
    // The same object whichever way it is reached.
    const id = fresh.rules[17]!.id;
    expect(table.rules.find((r) => r.id === id)).toBe(lookup(id));
    expect(table.rules).toEqual(fresh.rules);
    expect(table.sources).toEqual(fresh.sources);
  });

  it('are decoded only as a scan finds them, not the whole table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cuport-one-file-'));
    writeFileSync(join(dir, 'a.cu'), '__global__ void k(float* x) { x[threadIdx.x] = 0; }\nvoid f(float** p) { cudaMalloc(p, 4); k<<<1, 32>>>(*p); }\n');
    const context = loadContext(RULES_DIR, undefined, loaded());
    // Each decoded rule is one JSON.parse of its line: a scan that read `rules` would make 9,000 calls.
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const report = await scan({ paths: [dir], rulesDir: RULES_DIR, jobs: 0 }, context);
      expect(Object.keys(report.rules)).toContain('cudart.cudaMalloc');
      expect(parse.mock.calls.length).toBeLessThan(200);
    } finally {
      parse.mockRestore();
    }
  });

  it('are read from the YAML when a rule file was edited after the build', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cuport-edited-'));
    cpSync(RULES_DIR, dir, { recursive: true });
    const file = join(dir, 'rules.compiled.json');
    writeCompiled(compileRules(dir), file, dir);
    const cublas = join(dir, 'cublas.yaml');
    writeFileSync(cublas, readFileSync(cublas, 'utf8').replace('    cuda: cublasCreate\n', '    cuda: cublasCreate\n    aliases: [cublasEditedAlias]\n'));
    const table = loadRuleTable(dir, file);
    expect(matchTableOf(table).cppNames.cublasEditedAlias).toEqual(['cublas.cublasCreate', 'library-call']);
    expect(ruleLookup(table)('cublas.cublasCreate')?.aliases).toEqual(['cublasEditedAlias']);
  });
});

describe('a .cuport.yaml over the compiled table', () => {
  it('adds its rules to matching and the prefilter, and its overrides to the verdicts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cuport-config-compiled-'));
    const mapping = '{ status: rename, confidence: confirmed, source: team-wiki, name: MY_HIP_CHECK }';
    writeFileSync(join(dir, 'company-rules.yaml'), `family: company-wrappers
library: Company CUDA wrappers
language: cpp
rules:
  - id: acme.MY_CUDA_CHECK
    cuda: MY_CUDA_CHECK
    kind: macro
    summary: The company's CUDA error-check macro.
    targets: { musa: ${mapping}, cann: ${mapping}, birensupa: ${mapping}, dcu: ${mapping} }
`);
    writeFileSync(join(dir, '.cuport.yaml'), `rules: [company-rules.yaml]
sources:
  team-wiki: { title: "Porting notes, team wiki", url: "https://wiki.example.com/porting" }
overrides:
  - id: cudart.cudaMallocAsync
    targets:
      dcu: { status: adapt, name: hipMallocAsync, note: "Measured on our cluster.", confidence: confirmed, source: team-wiki }
`);
    // Only the project's name in this file: the build's triggers would let the prefilter skip it.
    writeFileSync(join(dir, 'a.cu'), 'void f(int e) { MY_CUDA_CHECK(e); }\n');
    writeFileSync(join(dir, 'b.cu'), 'void g(void** p) { cudaMallocAsync(p, 16, 0); }\n');
    const table = loaded();
    const config = loadConfig(join(dir, '.cuport.yaml'), RULES_DIR, loadSources(RULES_DIR));
    const report = await scan({ paths: [dir], rulesDir: RULES_DIR, jobs: 0, targets: ['dcu'] }, loadContext(RULES_DIR, config, table));
    expect(report.findings.map((f) => [f.name, f.ruleId, f.status.dcu])).toEqual([
      ['MY_CUDA_CHECK', 'acme.MY_CUDA_CHECK', 'rename'],
      ['cudaMallocAsync', 'cudart.cudaMallocAsync', 'adapt'],
    ]);
    expect(report.rules['cudart.cudaMallocAsync']!.targets.dcu!.note).toBe('Measured on our cluster.');
  });
});
