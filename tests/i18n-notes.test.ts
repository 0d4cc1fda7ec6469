// Chinese verdict notes (rules/i18n/notes.zh-CN.json): each stands for one rule's note on one target,
// rests on the same source as the verdict and quotes the Chinese sentence it comes from; the reports
// use it with --lang zh-CN and keep the English note everywhere else.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../src/rules/load.js';
import { localNotes, noteIn } from '../src/i18n/notes.js';
import { scan } from '../src/scan/scan.js';
import { renderText } from '../src/report/text.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { renderHtml } from '../src/report/html/render.js';
import { RULES_DIR } from './helpers.js';

const { rules, sources } = loadRules(RULES_DIR);
const CJK = /[\u4e00-\u9fff]/;

describe('rules/i18n/notes.zh-CN.json', () => {
  const notes = [...localNotes('zh-CN').values()];
  it('has entries, each for the current English note of an existing rule and target, on the verdict\'s own source', () => {
    expect(notes.length).toBeGreaterThan(0);
    for (const n of notes) {
      const m = rules.find((r) => r.id === n.rule)?.targets[n.target as 'cann'];
      expect(m, `${n.rule} ${n.target}`).toBeDefined();
      expect(n.en, `${n.rule} ${n.target}: the rule's note changed; update the entry`).toBe(m!.note);
      expect(n.source).toBe(m!.source);
      expect(sources[n.source]).toBeDefined();
      expect(n.ref).toMatch(/^docs\/zh\/\S+:\d+$/);
      expect(n.quote).toMatch(CJK);
      expect(n.note).toMatch(CJK);
    }
  });
  it('gives the Chinese note only for zh-CN and only for the English note it stands for', () => {
    const n = notes[0]!;
    expect(noteIn('zh-CN', n.rule, n.target, n.en)).toBe(n.note);
    expect(noteIn('en', n.rule, n.target, n.en)).toBe(n.en);
    expect(noteIn('zh-CN', n.rule, n.target, 'a changed note')).toBe('a changed note');
    expect(noteIn('zh-CN', n.rule, 'musa', 'other target')).toBe('other target');
    expect(noteIn('zh-CN', 'no.such.rule', n.target, undefined)).toBeUndefined();
  });
});

describe('Chinese notes in the reports', () => {
  it('text, Markdown and HTML show the source\'s Chinese note with --lang zh-CN, the English one otherwise', async () => {
    const root = mkdtempSync(join(tmpdir(), 'cuport-zh-notes-'));
    mkdirSync(join(root, 'ops'));
    writeFileSync(join(root, 'ops', 'k.py'),
      'import triton\nimport triton.language as tl\n\n@triton.jit\ndef k(x):\n    pass\n\nk[(1,)](1, num_warps=4, num_stages=2)\n');
    const report = await scan({ paths: [root], rulesDir: RULES_DIR, jobs: 0, targets: ['cann'] });
    expect(report.blockers.cann!.map((b) => b.name)).toContain('triton:num_warps');
    const zh = localNotes('zh-CN').get('triton.num_warps\u0000cann')!;
    for (const render of [(o: object) => renderText(report, { ...o, detail: true }), (o: object) => renderMarkdown(report, o), (o: object) => renderHtml(report, o)]) {
      expect(render({ lang: 'zh-CN' })).toContain(zh.note.slice(0, 30));
      expect(render({ lang: 'zh-CN' })).not.toContain(zh.en.slice(0, 30));
      expect(render({})).toContain(zh.en.slice(0, 30));
    }
  });
});
