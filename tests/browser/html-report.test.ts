// The HTML report of samples/ in a real browser: the system Chromium (Debian package, installed by
// .ci/run) driven by playwright-core, which downloads no browser. Checks the cards, each chart drawn
// with data, no console error, no request leaving the file, the target selector and a table sort.
// UPDATE_SCREENSHOT=1 also writes docs/report-screenshot.png.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CLI, ROOT, SAMPLES_DIR } from '../helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const TARGETS = ['musa', 'cann', 'birensupa', 'dcu'];

describe('HTML report in Chromium', () => {
  let browser: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  const requests: string[] = [];
  let url: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
    const dir = mkdtempSync(join(tmpdir(), 'cuport-html-'));
    const file = join(dir, 'report.html');
    const r = spawnSync(process.execPath, [CLI, 'scan', SAMPLES_DIR, '--format', 'html', '-q', '-o', file, '--link-template', 'https://github.com/o/r/blob/COMMIT/{path}#L{line}'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    url = pathToFileURL(file).href;
    // A fresh profile every run (playwright passes it as --user-data-dir).
    browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'cuport-chromium-')), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 1600 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage();
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (err) => errors.push(String(err)));
    page.on('request', (req) => requests.push(req.url()));
    await page.goto(url);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows a card per target with hours and person-weeks', async () => {
    for (const t of TARGETS) {
      const text = await page.locator(`[data-card="${t}"]`).innerText();
      expect(text).toMatch(/\d+(\.\d)?–\d+(\.\d)? h/);
      expect(text).toContain('person-weeks');
    }
  });

  it('draws every chart with data', async () => {
    const shapes = async (chart: string) => page.locator(`svg[data-chart="${chart}"] rect[data-value]`).evaluateAll((rs) =>
      rs.map((r) => ({ value: Number(r.getAttribute('data-value')), width: (r as SVGGraphicsElement).getBBox().width })));
    for (const chart of ['hours-by-cause', 'status-distribution', 'treemap-musa', 'kernels-musa']) {
      const s = await shapes(chart);
      expect(s.length, chart).toBeGreaterThan(1);
      expect(s.every((x) => x.value > 0 && x.width > 0), chart).toBe(true);
    }
    // The treemap is nested: directory tiles hold their subdirectories' and files' tiles, drawn inside them.
    const nested = await page.locator('svg[data-chart="treemap-musa"] rect[data-depth="1"]').evaluateAll((rs) => rs.map((r) => (r as SVGGraphicsElement).getBBox().width));
    expect(nested.length).toBeGreaterThan(1);
    expect(nested.every((w) => w > 0)).toBe(true);
    // The visible chart has a real size on screen.
    const box = await page.locator('svg[data-chart="treemap-musa"]').boundingBox();
    expect(box!.width).toBeGreaterThan(200);
  });

  it('logs no console error and requests nothing but the file itself', () => {
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
  });

  it('switches the per-target views with the selector', async () => {
    expect(await page.locator('section[data-target="musa"]').isVisible()).toBe(true);
    expect(await page.locator('section[data-target="dcu"]').isVisible()).toBe(false);
    await page.selectOption('#target-select', 'dcu');
    expect(await page.locator('section[data-target="dcu"]').isVisible()).toBe(true);
    expect(await page.locator('section[data-target="musa"]').isVisible()).toBe(false);
    expect(await page.locator('svg[data-chart="treemap-dcu"]').isVisible()).toBe(true);
    await page.selectOption('#target-select', 'musa');
  });

  it('sorts a table by a column, both ways', async () => {
    const hoursColumn = () => page.locator('#files-musa tbody tr').evaluateAll((rows) => rows.map((r) => Number((r as HTMLTableRowElement).cells[4]!.getAttribute('data-v'))));
    const header = page.locator('#files-musa th', { hasText: 'likely h' });
    await header.click();
    const asc = await hoursColumn();
    expect(asc.length).toBeGreaterThan(3);
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    await header.click();
    const desc = await hoursColumn();
    expect(desc).toEqual([...asc].sort((a, b) => b - a));
  });

  it('filters a table', async () => {
    await page.fill('input[data-filter="files-musa"]', 'triton');
    const visible = await page.locator('#files-musa tbody tr:visible').allInnerTexts();
    expect(visible.length).toBeGreaterThan(0);
    for (const row of visible) expect(row.toLowerCase()).toContain('triton');
    await page.fill('input[data-filter="files-musa"]', '');
  });

  it('takes a screenshot', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    const png = await page.screenshot({ fullPage: false });
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    if (process.env.UPDATE_SCREENSHOT) writeFileSync(join(ROOT, 'docs', 'report-screenshot.png'), png);
    else expect(readFileSync(join(ROOT, 'docs', 'report-screenshot.png')).subarray(1, 4).toString()).toBe('PNG');
  });
});
