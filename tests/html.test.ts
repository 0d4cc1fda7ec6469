// The HTML report as bytes: self-contained, deterministic, escaped, links from --link-template.
// (tests/browser/ checks it rendered in Chromium.)
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../src/scan/scan.js';
import type { Report } from '../src/report/build.js';
import { codeLink, renderHtml } from '../src/report/html/render.js';
import { squarify } from '../src/report/html/svg.js';
import { hostileTree } from './hostile.js';
import { CLI, RULES_DIR, SAMPLES_DIR } from './helpers.js';

describe('HTML report of samples/', () => {
  let report: Report;
  let html: string;
  beforeAll(async () => {
    report = await scan({ paths: [SAMPLES_DIR], rulesDir: RULES_DIR, jobs: 0 });
    html = renderHtml(report, { linkTemplate: 'https://github.com/o/r/blob/abc123/{path}#L{line}' });
  });
  it('is self-contained: no external script, style, font or image', () => {
    expect(html).not.toMatch(/<script[^>]+src=|<link |@import|url\(|<img /i);
    const urls = html.match(/https?:\/\/[^"'\s<)]+/g) ?? [];
    expect(urls.length).toBeGreaterThan(0);
    for (const u of urls) expect(u.startsWith('https://github.com/o/r/blob/abc123/')).toBe(true);
  });
  it('is deterministic', () => {
    expect(renderHtml(report, { linkTemplate: 'https://github.com/o/r/blob/abc123/{path}#L{line}' })).toBe(html);
  });
  it('has a card and a section per target and each chart', () => {
    for (const t of report.targets) {
      expect(html).toContain(`data-card="${t}"`);
      expect(html).toContain(`data-target="${t}"`);
      expect(html).toContain(`data-chart="treemap-${t}"`);
    }
    expect(html).toContain('data-chart="hours-by-cause"');
    expect(html).toContain('data-chart="status-distribution"');
  });
  it('speaks Chinese with --lang zh-CN, figures unchanged', () => {
    const zh = renderHtml(report, { lang: 'zh-CN' });
    expect(zh).toContain('<html lang="zh-CN">');
    for (const s of ['CUDA 迁移报告', '摘要', '阻碍项（按工时排序）', '人周']) expect(zh).toContain(s);
    for (const s of ['Blockers by hours', 'person-weeks', 'Findings by status']) expect(zh).not.toContain(s);
    const numbers = (h: string) => (h.match(/data-value="[\d.]+"/g) ?? []).join();
    expect(numbers(zh)).toBe(numbers(html));
  });
  it('links a kernel row to its line', () => {
    const k = report.kernels[0]!;
    expect(html).toContain(`href="https://github.com/o/r/blob/abc123/${k.file}#L${k.line}"`);
  });
});

describe('codeLink', () => {
  it('encodes each path segment, keeps the slashes', () => {
    expect(codeLink('https://h/{path}#L{line}', { file: 'a b/c#d.cu', line: 7 })).toBe('https://h/a%20b/c%23d.cu#L7');
  });
});

describe('squarify', () => {
  it('tiles the whole area, areas proportional to the values', () => {
    const tiles = squarify([{ label: 'a', value: 6 }, { label: 'b', value: 3 }, { label: 'c', value: 1 }], 100, 50);
    expect(tiles.reduce((s, t) => s + t.w * t.h, 0)).toBeCloseTo(5000, 6);
    expect(tiles.find((t) => t.label === 'a')!.w * tiles.find((t) => t.label === 'a')!.h).toBeCloseTo(3000, 6);
    for (const t of tiles) expect(t.x + t.w).toBeLessThanOrEqual(100 + 1e-9);
  });
});

describe('HTML with hostile file names', () => {
  it('carries no markup from a file name and no control character', async () => {
    const report = await scan({ paths: [hostileTree()], rulesDir: RULES_DIR, jobs: 0 });
    const html = renderHtml(report, { linkTemplate: 'https://h/{path}#L{line}' });
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;.cu');
    expect(html).toContain('https://h/d%3Cb%3E/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E.cu#L1');
    // eslint-disable-next-line no-control-regex
    expect(html).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
  });
});

describe('cuport scan --format html', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [CLI, 'scan', SAMPLES_DIR, '--format', 'html', ...args], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
  it('writes the page', () => {
    const r = run('--link-template', 'https://github.com/o/r/blob/c/{path}#L{line}');
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith('<!DOCTYPE html>')).toBe(true);
  });
  it('refuses a link template without {path} or with a script scheme', () => {
    expect(run('--link-template', 'https://x/').status).toBe(2);
    const r = run('--link-template', 'javascript:alert(1)//{path}');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('http(s)');
  });
});

describe('the directory treemap', () => {
  it('nests directories: each tile lies inside its parent directory\'s tile, a directory holds its subtree\'s hours', async () => {
    const report = await scan({ paths: [SAMPLES_DIR], rulesDir: RULES_DIR, jobs: 0, targets: ['musa'] });
    const html = renderHtml(report);
    const svg = /<svg[^>]*data-chart="treemap-musa"[\s\S]*?<\/svg>/.exec(html)![0];
    const tiles = [...svg.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"[^>]*data-key="([^"]+)" data-value="([\d.]+)" data-depth="(\d)"/g)]
      .map((m) => ({ x: +m[1]!, y: +m[2]!, w: +m[3]!, h: +m[4]!, path: m[5]!, value: +m[6]!, depth: +m[7]! }));
    expect(tiles.filter((t) => t.depth === 0).length).toBeGreaterThan(1);
    expect(tiles.filter((t) => t.depth >= 2).length).toBeGreaterThan(1);
    const byPath = new Map(tiles.map((t) => [t.path, t]));
    for (const t of tiles.filter((x) => x.depth > 0)) {
      const parent = byPath.get(t.path.slice(0, t.path.lastIndexOf('/')))!;
      expect(parent.depth, t.path).toBe(t.depth - 1);
      expect(t.x).toBeGreaterThanOrEqual(parent.x);
      expect(t.y).toBeGreaterThanOrEqual(parent.y);
      expect(t.x + t.w).toBeLessThanOrEqual(parent.x + parent.w + 0.2);
      expect(t.y + t.h).toBeLessThanOrEqual(parent.y + parent.h + 0.2);
    }
    const files = report.targetSummaries.musa!.estimate.fileHours.filter((f) => f.file.startsWith('cuda-app/'));
    expect(byPath.get('cuda-app')!.value).toBeCloseTo(files.reduce((n, f) => n + f.likelyHours, 0), 1);
  });
});
