// Calibration overrides (.cuport.yaml `effort:`): every kind of constant in rules/effort.yaml can be
// replaced, the estimate moves by exactly the change times the count behind it, and mistakes name the
// config's file, line and field.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import { loadSources, parseYamlFile, RuleFileError } from '../src/rules/load.js';
import { loadContext, scan } from '../src/scan/scan.js';
import { applyEffortOverrides, effortConstants, loadBaseEffortData, validateEffortOverrides } from '../src/estimate/overrides.js';
import type { Report } from '../src/report/build.js';
import { renderText } from '../src/report/text.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { renderJson } from '../src/report/json.js';
import type { Range } from '../src/estimate/effort-model.js';
import { ROOT, RULES_DIR } from './helpers.js';

const FIXTURE = join(ROOT, 'tests', 'fixtures', 'calibrate', 'reduce');

function configFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cuport-effort-'));
  const file = join(dir, '.cuport.yaml');
  writeFileSync(file, text);
  return file;
}

async function scanWith(effortYaml: string | undefined): Promise<Report> {
  const config = effortYaml === undefined ? undefined : loadConfig(configFile(effortYaml), RULES_DIR, loadSources(RULES_DIR));
  return scan({ paths: [FIXTURE], rulesDir: RULES_DIR, jobs: 0, targets: ['dcu'] }, loadContext(RULES_DIR, config));
}

const base = loadBaseEffortData(RULES_DIR) as Record<string, any>;
const plus = (r: Range, d: number): Range => [r[0] + d, r[1] + d, r[2] + d];
const yamlRange = (r: Range) => `[${r.join(', ')}]`;

describe('every constant of rules/effort.yaml can be overridden', () => {
  let before: Report;
  beforeAll(async () => {
    before = await scanWith(undefined);
  });

  it('discovers the overridable constants from the base file, kernels and hazards included', () => {
    const constants = effortConstants(base);
    for (const c of ['setup.dcu', 'libraryFirstUse.adapt', 'perDistinctApi.rename', 'perOccurrence.adapt', 'kernels.adapt.base', 'kernels.adapt.per100Lines', 'kernels.perHazard.adapt']) {
      expect(constants).toContain(c);
    }
    // Not hour ranges: not overridable.
    expect(constants).not.toContain('version');
    expect(constants.some((c) => c.startsWith('coveredByKernelRewrite'))).toBe(false);
  });

  // Each kind of constant, on DCU where the fixture exercises it: the estimate's part moves by the
  // change times the count behind it (libraries, distinct APIs, occurrences, kernels, kernel lines, hazards).
  const D = 10;
  const cases: { constant: string; yaml: (v: Range) => string; part: string; count: (r: Report) => number }[] = [
    { constant: 'setup.dcu', yaml: (v) => `setup: { dcu: ${yamlRange(v)} }`, part: 'setup', count: () => 1 },
    { constant: 'libraryFirstUse.adapt', yaml: (v) => `libraryFirstUse: { adapt: ${yamlRange(v)} }`, part: 'libraries', count: (r) => r.targetSummaries.dcu!.estimate.counts.libraries.adapt! },
    { constant: 'perDistinctApi.rename', yaml: (v) => `perDistinctApi: { rename: ${yamlRange(v)} }`, part: 'distinctApis', count: (r) => r.targetSummaries.dcu!.estimate.counts.distinctApis.rename! },
    { constant: 'perOccurrence.adapt', yaml: (v) => `perOccurrence: { adapt: ${yamlRange(v)} }`, part: 'occurrences', count: (r) => r.targetSummaries.dcu!.estimate.counts.occurrences.adapt! },
    { constant: 'kernels.adapt.base', yaml: (v) => `kernels: { adapt: { base: ${yamlRange(v)} } }`, part: 'kernels', count: (r) => r.targetSummaries.dcu!.estimate.counts.kernels.adapt! },
    { constant: 'kernels.adapt.per100Lines', yaml: (v) => `kernels: { adapt: { per100Lines: ${yamlRange(v)} } }`, part: 'kernels', count: (r) => r.targetSummaries.dcu!.estimate.counts.kernelLines.adapt! / 100 },
    {
      constant: 'kernels.perHazard.adapt', yaml: (v) => `kernels: { perHazard: { adapt: ${yamlRange(v)} } }`, part: 'kernels',
      count: (r) => r.kernels.flatMap((k) => k.hazards.dcu ?? []).filter((h) => h.status === 'adapt' && h.feature !== 'cuda-api').length,
    },
  ];
  for (const c of cases) {
    it(`${c.constant} changes the estimate`, async () => {
      const old = c.constant.split('.').reduce((n, k) => n[k], base) as Range;
      const count = c.count(before);
      expect(count).toBeGreaterThan(0); // the fixture exercises this constant
      const after = await scanWith(`effort:\n  ${c.yaml(plus(old, D))}\n`);
      const part = (r: Report) => (r.targetSummaries.dcu!.estimate.breakdown as Record<string, Range>)[c.part]!;
      for (let i = 0; i < 3; i++) expect(part(after)[i]! - part(before)[i]!).toBeCloseTo(D * count, 0);
      expect(after.targetSummaries.dcu!.estimate.total[1]).toBeGreaterThan(before.targetSummaries.dcu!.estimate.total[1]);
      expect(after.assumptions.calibration!.constants).toEqual([{ constant: c.constant, base: old, value: plus(old, D) }]);
    });
  }

  it('records the config file and the sources cited for overridden constants', async () => {
    const report = await scanWith('effort:\n  source: "our port of X, 2025"\n  setup: { dcu: [1, 2, 3] }\n  kernels: { perHazard: { adapt: [0, 0, 0], source: assumed } }\n');
    const calibration = report.assumptions.calibration!;
    expect(calibration.config).toMatch(/\.cuport\.yaml$/);
    expect(calibration.constants.map((c) => [c.constant, c.source])).toEqual([
      ['kernels.perHazard.adapt', 'assumed'],
      ['setup.dcu', 'our port of X, 2025'],
    ]);
    // Every format says so: text, Markdown, and the JSON field assumptions.calibration.
    expect(renderText(report)).toMatch(/Calibrated: 2 effort constant\(s\) overridden by .*\.cuport\.yaml:\n  kernels\.perHazard\.adapt 0\.5 – 1\.5 – 4 h → 0 – 0 – 0 h \(source: assumed\)\n  setup\.dcu 8 – 24 – 56 h → 1 – 2 – 3 h/);
    expect(renderMarkdown(report)).toContain('- `setup.dcu` 8 – 24 – 56 h → 1 – 2 – 3 h (source: our port of X, 2025)');
    expect(JSON.parse(renderJson(report)).assumptions.calibration.constants[1]).toEqual({ constant: 'setup.dcu', base: [8, 24, 56], value: [1, 2, 3], source: 'our port of X, 2025' });
    const plain = await scanWith('targets: [dcu]\n');
    expect(plain.assumptions.calibration).toBeUndefined();
    expect(renderText(plain)).not.toMatch(/Calibrated/);
  });
});

describe('mistakes in an effort: block', () => {
  const fail = (text: string) => {
    try {
      loadConfig(configFile(text), RULES_DIR, loadSources(RULES_DIR));
    } catch (e) {
      return e as RuleFileError;
    }
    throw new Error('expected an error');
  };
  it('an unknown constant is named, with what exists there', () => {
    const e = fail('effort:\n  kernels:\n    adapt: { bas: [1, 2, 3] }\n');
    expect([e.line, e.field]).toEqual([3, 'effort.kernels.adapt.bas']);
    expect(e.problem).toMatch(/no constant kernels\.adapt\.bas .*base, per100Lines/);
    expect(fail('effort:\n  teardown: { dcu: [1, 2, 3] }\n').field).toBe('effort.teardown');
  });
  it('a constant must keep the base shape, and its range its order', () => {
    expect(fail('effort:\n  kernels: { adapt: [1, 2, 3] }\n').problem).toMatch(/not an hour range/);
    expect(fail('effort:\n  setup: { dcu: [1, 2] }\n').field).toBe('effort.setup.dcu');
    expect(fail('effort:\n  setup: { dcu: [3, 2, 1] }\n').problem).toMatch(/low <= likely <= high/);
    expect(fail('effort:\n  version: 2\n').problem).toMatch(/not an hour range/);
    expect(fail('effort:\n  coveredByKernelRewrite: [inline-ptx]\n').problem).toMatch(/not an hour range/);
    expect(fail('effort:\n  setup: { source: 3 }\n').field).toBe('effort.setup.source');
  });
});

describe('the override layer is generic over the effort file', () => {
  // A base written with citations ({ hours, source }) and a section that does not exist today.
  const parsed = parseYamlFile('/virtual/.cuport.yaml', 'effort:\n  rootCauses: { header: [1, 2, 3] }\n  setup: { dcu: [4, 5, 6] }\n');
  const future = { version: 1, setup: { dcu: { hours: [8, 24, 56], source: 'assumed' } }, rootCauses: { header: [2, 4, 8], source: 'assumed' } };
  it('overrides a constant in a new section and one written with its citation', () => {
    const overrides = validateEffortOverrides((parsed.data as any).effort, future, parsed);
    expect(overrides.map((o) => o.path.join('.'))).toEqual(['rootCauses.header', 'setup.dcu.hours']);
    expect(applyEffortOverrides(future, overrides)).toEqual({
      version: 1, setup: { dcu: { hours: [4, 5, 6], source: 'assumed' } }, rootCauses: { header: [1, 2, 3], source: 'assumed' },
    });
    expect(future.setup.dcu.hours).toEqual([8, 24, 56]); // the base is not changed
    expect(effortConstants(future)).toEqual(['rootCauses.header', 'setup.dcu']);
  });
});
