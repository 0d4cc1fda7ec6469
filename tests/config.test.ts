import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import { loadSources, RuleFileError } from '../src/rules/load.js';
import { loadContext, scan } from '../src/scan/scan.js';
import { RULES_DIR } from './helpers.js';

function project(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'cuport-config-'));
  for (const [p, c] of Object.entries(files)) writeFileSync(join(dir, p), c);
  return dir;
}
const mapping = (status: string, extra = '') => `{ status: ${status}, confidence: confirmed, source: team-wiki${extra} }`;
const COMPANY_RULES = `family: company-wrappers
library: Company CUDA wrappers
language: cpp
rules:
  - id: acme.MY_CUDA_CHECK
    cuda: MY_CUDA_CHECK
    kind: macro
    summary: The company's CUDA error-check macro.
    targets:
      musa: ${mapping('rename', ', name: MY_MUSA_CHECK')}
      cann: ${mapping('adapt', ', name: MY_ACL_CHECK, note: wraps aclError')}
      birensupa: ${mapping('unknown', ', note: not ported yet')}
      dcu: ${mapping('rename', ', name: MY_HIP_CHECK')}
`;
const CONFIG = `targets: [cann:950, dcu]
rules: [company-rules.yaml]
sources:
  team-wiki: { title: "Porting notes, team wiki", url: "https://wiki.example.com/porting" }
overrides:
  - id: cudart.cudaMallocAsync
    targets:
      cann: { status: adapt, name: aclrtMallocAsync, note: "Measured on our 950 cluster.", confidence: confirmed, source: team-wiki }
    hours: [4, 6, 10]
effort:
  setup: { cann: [10, 20, 30] }
`;

describe('project configuration (.cuport.yaml)', () => {
  it('adds project rules, overrides verdicts and hours, and calibrates the effort model', async () => {
    const dir = project({
      'company-rules.yaml': COMPANY_RULES,
      '.cuport.yaml': CONFIG,
      'a.cu': 'void f(void** p) { MY_CUDA_CHECK(cudaMallocAsync(p, 16, 0)); }\n',
    });
    const config = loadConfig(join(dir, '.cuport.yaml'), RULES_DIR, loadSources(RULES_DIR));
    expect(config.targets).toEqual(['cann:950', 'dcu']);
    const context = loadContext(RULES_DIR, config);
    const report = await scan({ paths: [dir], rulesDir: RULES_DIR, jobs: 0, targets: ['cann', 'dcu'], products: { cann: '950' } }, context);
    expect(report.findings.map((f) => [f.name, f.ruleId, f.status.cann])).toEqual([
      ['MY_CUDA_CHECK', 'acme.MY_CUDA_CHECK', 'adapt'],
      ['cudaMallocAsync', 'cudart.cudaMallocAsync', 'adapt'],
    ]);
    expect(report.rules['cudart.cudaMallocAsync']!.targets.cann!.note).toBe('Measured on our 950 cluster.');
    expect(report.sources['team-wiki']?.url).toBe('https://wiki.example.com/porting');
    const cann = report.targetSummaries.cann!.estimate;
    expect(cann.breakdown.setup).toEqual([10, 20, 30]);
    // The override's hours replace the per-status constant for that API's first use.
    const adaptHours = context.effort.perDistinctApi.adapt;
    expect(cann.breakdown.distinctApis).toEqual([4 + adaptHours[0], 6 + adaptHours[1], 10 + adaptHours[2]]);
  });

  it('names the file, line and field of a mistake', () => {
    const fail = (configText: string, extraFiles: Record<string, string> = {}) => {
      const dir = project({ 'company-rules.yaml': COMPANY_RULES, ...extraFiles, '.cuport.yaml': configText });
      try {
        const config = loadConfig(join(dir, '.cuport.yaml'), RULES_DIR, loadSources(RULES_DIR));
        loadContext(RULES_DIR, config);
      } catch (e) {
        return e as RuleFileError;
      }
      throw new Error('expected an error');
    };
    const badStatus = fail(CONFIG.replace('status: adapt, name: aclrtMallocAsync', 'status: ported, name: aclrtMallocAsync'));
    expect([badStatus.line, badStatus.field]).toEqual([8, 'overrides.0.targets.cann.status']);
    const badSource = fail(CONFIG.replace('source: team-wiki }', 'source: blog }'));
    expect([badSource.line, badSource.field]).toEqual([8, 'overrides.0.targets.cann.source']);
    const badRange = fail(CONFIG.replace('hours: [4, 6, 10]', 'hours: [6, 4, 10]'));
    expect([badRange.line, badRange.field]).toEqual([9, 'overrides.0.hours']);
    const noRule = fail(CONFIG.replace('id: cudart.cudaMallocAsync', 'id: cudart.cudaMallocFast'));
    expect([noRule.line, noRule.field]).toEqual([6, 'overrides.0.id']);
    const clash = fail(CONFIG, { 'company-rules.yaml': COMPANY_RULES.replace('cuda: MY_CUDA_CHECK', 'cuda: cudaMalloc') });
    expect(clash.file).toMatch(/company-rules\.yaml$/);
    expect(clash.problem).toMatch(/matched by built-in rule cudart.cudaMalloc/);
    const unknownKey = fail(CONFIG + 'colour: blue\n');
    expect([unknownKey.line, unknownKey.field]).toEqual([12, 'colour']);
    const badProduct = fail(CONFIG.replace('cann:950', 'cann:910'));
    expect(badProduct.field).toBe('targets.0');
  });
});
