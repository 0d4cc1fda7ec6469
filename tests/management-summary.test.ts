// The management summary: sentences computed from the numbers (a synthetic case checked figure by
// figure), and a golden summary of samples/ so any change in wording or numbers shows as a diff.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../src/scan/scan.js';
import type { Report } from '../src/report/build.js';
import { managementSummary, renderSummaryText, targetFacts, targetSentences, type TargetFacts } from '../src/report/management-summary.js';
import { translator } from '../src/i18n/messages.js';
import { wrap } from '../src/report/text-width.js';
import { escapeTerminal } from '../src/report/escape.js';
import { renderText } from '../src/report/text.js';
import { CLI, ROOT, RULES_DIR, SAMPLES_DIR } from './helpers.js';

const facts: TargetFacts = {
  target: 'dcu', label: 'DCU (Hygon DTK/HIP)', hours: [120, 160, 200], personWeeks: [3, 4, 5], hoursPerWeek: 40,
  byCause: { setup: 8, libraries: 12, distinctApis: 40, occurrences: 20, kernels: 80 },
  drivers: [{ name: 'kernels', hours: 80 }, { name: 'cuDNN layers', hours: 40 }, { name: 'NVML', hours: 20 }, { name: 'setup', hours: 8 }],
  findings: 50, portableShare: 0.62, blocking: { unsupported: 0, rewrite: 3, unknown: 2 }, kernels: 20,
  hazardKernels: [{ name: 'warp_reduce', file: 'a.cu', line: 1, hours: 12.5 }, { name: 'scan', file: 'b.cu', line: 9, hours: 4 }],
};

describe('targetSentences', () => {
  it('derives every figure from the facts', () => {
    expect(targetSentences(facts, translator('en'))).toEqual([
      'DCU (Hygon DTK/HIP): 120–200 h (likely 160 h), 3–5 person-weeks.',
      '62.0\u00a0% of the 50 findings are mechanical (native or rename).',
      'The likely hours are mostly kernels 80 h (50.0\u00a0%) and cuDNN layers 40 h (25.0\u00a0%).',
      '2 of 20 kernels have hazards here; heaviest: warp_reduce (12.5 h) and scan (4 h).',
      'Blocking: 0 unsupported, 3 rewrite and 2 unknown findings.',
    ]);
  });
  it('speaks Chinese with the same figures', () => {
    expect(targetSentences(facts, translator('zh-CN'))).toEqual([
      'DCU (Hygon DTK/HIP)：120–200 小时（最可能 160 小时），3–5 人周。',
      '50 处发现中 62.0\u00a0% 可机械迁移（原生支持或改名）。',
      '最可能工时主要在内核 80 小时（50.0\u00a0%）和cuDNN 层 40 小时（25.0\u00a0%）。',
      '20 个内核中有 2 个在此目标上存在风险；最重的是：warp_reduce（12.5 小时）和scan（4 小时）。',
      '阻碍项：不支持 0 处，需重写 3 处，未知 2 处。',
    ]);
  });
  it('every zh-CN message has an English original with the same placeholders', () => {
    const en = JSON.parse(readFileSync(join(ROOT, 'rules', 'i18n', 'en.json'), 'utf8')) as Record<string, string>;
    const zh = JSON.parse(readFileSync(join(ROOT, 'rules', 'i18n', 'zh-CN.json'), 'utf8')) as Record<string, string>;
    const vars = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(zh)) expect(vars(text), key).toEqual(vars(en[key]!));
  });
  it('tells two kernels of one name apart by their file', () => {
    const twins = { ...facts, hazardKernels: [{ name: 'k', file: 'dev/a.cu', line: 1, hours: 3 }, { name: 'k', file: 'train/a.cu', line: 1, hours: 3 }] };
    expect(targetSentences(twins, translator('en'))[3]).toBe('2 of 20 kernels have hazards here; heaviest: k [dev/a.cu] (3 h) and k [train/a.cu] (3 h).');
  });
  it('leaves out what is not there', () => {
    const none = { ...facts, portableShare: null, findings: 0, hazardKernels: [], blocking: { unsupported: 0, rewrite: 0, unknown: 0 }, byCause: { setup: 0, libraries: 0, distinctApis: 0, occurrences: 0, kernels: 0 }, drivers: [] };
    expect(targetSentences(none, translator('en'))).toEqual(['DCU (Hygon DTK/HIP): 120–200 h (likely 160 h), 3–5 person-weeks.', 'No CUDA use found.']);
  });
});

describe('wrap', () => {
  it('keeps lines within the width, words whole', () => {
    const lines = wrap('aaa bbb ccc ddd eee', 9, '  ');
    expect(lines).toEqual(['  aaa bbb', '  ccc ddd', '  eee']);
  });
});

describe('summary of samples/', () => {
  let report: Report;
  beforeAll(async () => {
    report = await scan({ paths: [SAMPLES_DIR], rulesDir: RULES_DIR, jobs: 0 });
  });
  it('matches the golden file (tests/golden/samples.summary.en.txt)', () => {
    const actual = renderSummaryText(managementSummary(report), escapeTerminal).join('\n') + '\n';
    const file = join(ROOT, 'tests', 'golden', 'samples.summary.en.txt');
    if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, actual);
    expect(actual).toBe(readFileSync(file, 'utf8'));
  });
  it('matches the zh-CN golden file (tests/golden/samples.summary.zh-CN.txt), within 120 display columns', () => {
    const lines = renderSummaryText(managementSummary(report, translator('zh-CN')), escapeTerminal);
    const file = join(ROOT, 'tests', 'golden', 'samples.summary.zh-CN.txt');
    const actual = lines.join('\n') + '\n';
    if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, actual);
    expect(actual).toBe(readFileSync(file, 'utf8'));
    expect(lines[0]).toBe('摘要');
    // Full-width characters take two terminal columns.
    const columns = (l: string) => [...l].reduce((n, c) => n + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 2 : 1), 0);
    for (const line of lines) expect(columns(line)).toBeLessThanOrEqual(120);
  });
  it('agrees with the report: hours and shares are the per-target figures', () => {
    for (const t of report.targets) {
      const f = targetFacts(report, t);
      expect(f.hours).toEqual(report.targetSummaries[t]!.estimate.total);
      expect(Object.values(f.byCause).reduce((a, b) => a + b, 0)).toBeCloseTo(f.hours[1], 0);
      expect(f.drivers.reduce((a, d) => a + d.hours, 0)).toBeCloseTo(f.hours[1], 0); // the drivers split the same hours
    }
  });
  it('uses the person-weeks the report carries (report.people, --hours-per-week) when there are any', () => {
    const withPeople = { ...report, people: { hoursPerWeek: 30, targets: { musa: { personWeeks: [1, 2, 3] } } } } as Report;
    const s = managementSummary(withPeople);
    expect(s.targets[0]!.sentences[0]).toContain('1–3 person-weeks');
    expect(s.assumption).toContain('30 hours a week');
  });
  it('opens the text report, within 120 columns', () => {
    const text = renderText(report);
    expect(text.split('\n')[3]).toBe('Summary');
    const summary = text.split('\n').slice(3, 3 + renderSummaryText(managementSummary(report), escapeTerminal).length);
    for (const line of summary) expect([...line].length).toBeLessThanOrEqual(120);
  });
});

describe('cuport scan --lang', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [CLI, 'scan', SAMPLES_DIR, '-q', ...args], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
  it('zh-CN puts the Chinese summary at the top of the text report; JSON is unchanged', () => {
    const r = run('--lang', 'zh-CN');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[3]).toBe('摘要');
    expect(run('--lang', 'zh-CN', '--format', 'json').stdout).toBe(run('--format', 'json').stdout);
  });
  it('zh-CN reaches every human format: text, Markdown, the PR summary and HTML; CSV and SARIF are unchanged', () => {
    const zh = (format: string) => run('--lang', 'zh-CN', '--format', format).stdout;
    expect(zh('text')).toContain('迁移到 MUSA (Moore Threads)');
    expect(zh('text')).not.toContain('Port to');
    expect(zh('markdown')).toContain('## 全部发现');
    expect(zh('markdown')).not.toContain('## Findings');
    expect(zh('summary')).toContain('## cuport：CUDA 迁移摘要');
    expect(zh('summary')).toMatch(/### DCU \(Hygon DTK\/HIP\) 的主要阻碍项/);
    expect(zh('summary')).not.toContain('Top blockers on');
    expect(zh('html')).toContain('<html lang="zh-CN">');
    for (const format of ['csv', 'sarif']) expect(zh(format)).toBe(run('--format', format).stdout);
  });
  it('--detail lists everything in the text report', () => {
    const short = run().stdout;
    const long = run('--detail').stdout;
    expect(short).toContain('see --detail');
    expect(long).not.toContain('see --detail');
    expect(long.split('\n').length).toBeGreaterThan(short.split('\n').length);
  });
  it('refuses an unknown language', () => {
    const r = run('--lang', 'fr');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--lang must be one of en, zh-CN');
  });
});
