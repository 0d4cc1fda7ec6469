// Hostile file names reach every human format escaped: no control or bidi character in the text
// report, no live HTML or broken table in Markdown, no markup in HTML.
import { beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown, escapeTerminal, markdownCode } from '../src/report/escape.js';
import { scan } from '../src/scan/scan.js';
import type { Report } from '../src/report/build.js';
import { renderText } from '../src/report/text.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { RULES_DIR } from './helpers.js';
import { HOSTILE_NAMES, hostileTree } from './hostile.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('escape functions', () => {
  it('terminal: controls, C1 and bidi characters become visible escapes', () => {
    expect(escapeTerminal('a\u001b[2Jb')).toBe('a\\x1b[2Jb');
    expect(escapeTerminal('x\u009by\u202ez\nw')).toBe('x\\x9by\\u202ez\\x0aw');
    expect(escapeTerminal('src/ok_名前.cu')).toBe('src/ok_名前.cu');
  });
  it('Markdown: markup characters escaped, HTML neutralised', () => {
    expect(escapeMarkdown('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert\\(1\\)&gt;');
    expect(escapeMarkdown('a_b*c`d[e](f)')).toBe('a\\_b\\*c\\`d\\[e\\]\\(f\\)');
  });
  it('Markdown code span: fence longer than any backtick run inside', () => {
    expect(markdownCode('cudaMalloc')).toBe('`cudaMalloc`');
    expect(markdownCode('a`b')).toBe('``a`b``');
    expect(markdownCode('`x``')).toBe('``` `x`` ```');
  });
  it('HTML: the five markup characters become entities', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(escapeHtml('\u001b]0;title\u0007')).toBe('\\x1b]0;title\\x07');
  });
});

describe('reports of a tree with hostile file names', () => {
  let report: Report;
  beforeAll(async () => {
    report = await scan({ paths: [hostileTree()], rulesDir: RULES_DIR, jobs: 0 });
  });

  it('scans every hostile file', () => {
    expect(new Set(report.findings.map((f) => f.file)).size).toBe(HOSTILE_NAMES.length);
  });

  it('text: no control or bidi character on any line; names shown with visible escapes', () => {
    const text = renderText(report);
    for (const line of text.split('\n')) expect(line).not.toMatch(CONTROL);
    expect(text).toContain('esc\\x1b[31mred\\x1b[0m.cu');
    expect(text).toContain('bidi\\u202eexe.cu');
    expect(text).toContain('new\\x0aline.cu');
  });

  it('Markdown: no raw HTML, no extra table cells, no control character', () => {
    const md = renderMarkdown(report);
    expect(md).not.toMatch(CONTROL);
    expect(md).not.toContain('<img');
    expect(md).not.toContain('<b>');
    expect(md).toContain('&lt;img src=x onerror=alert\\(1\\)&gt;.cu');
    // Every row of the findings table has as many unescaped pipes as its header.
    const lines = md.split('\n');
    const start = lines.indexOf('## Findings') + 2;
    const cells = (l: string) => l.replace(/\\\|/g, '').split('|').length;
    const header = cells(lines[start]!);
    for (let i = start; i < lines.length && lines[i]!.startsWith('|'); i++) expect(cells(lines[i]!)).toBe(header);
  });
});
