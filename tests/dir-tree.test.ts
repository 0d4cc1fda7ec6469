// The rolled-up directory tree of the per-target views (src/report/dir-tree.ts): each directory carries
// its subtree's hours, the top of the tree keeps each node's ancestors, and the text and Markdown reports
// print it nested.
import { describe, expect, it } from 'vitest';
import { buildTree, countNodes, topOfTree, treeRows } from '../src/report/dir-tree.js';
import { scan } from '../src/scan/scan.js';
import { renderText } from '../src/report/text.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { RULES_DIR, SAMPLES_DIR } from './helpers.js';

const hours = [
  { file: 'a/b/x.cu', likelyHours: 5 },
  { file: 'a/b/y.cu', likelyHours: 1.25 },
  { file: 'a/z.cu', likelyHours: 2 },
  { file: 'top.py', likelyHours: 3 },
  { file: 'c/d/e/deep.cu', likelyHours: 0.5 },
];

describe('buildTree', () => {
  it('rolls each directory up over its subtree, heaviest first', () => {
    const root = buildTree(hours);
    expect(root.likelyHours).toBe(11.8);
    expect(root.children.map((c) => [c.path, c.likelyHours, c.isDir])).toEqual([['a', 8.3, true], ['top.py', 3, false], ['c', 0.5, true]]);
    const a = root.children[0]!;
    expect(a.children.map((c) => [c.name, c.likelyHours])).toEqual([['b', 6.3], ['z.cu', 2]]);
    expect(countNodes(root)).toBe(10);
  });
  it('is empty for no hours', () => {
    const root = buildTree([]);
    expect(root.children).toEqual([]);
    expect(topOfTree(root, 5).size).toBe(0);
  });
});

describe('topOfTree', () => {
  it('takes the heaviest nodes with their ancestors, and skips one whose ancestors do not fit', () => {
    const root = buildTree(hours);
    expect([...topOfTree(root, 3)].sort()).toEqual(['a', 'a/b', 'a/b/x.cu']);
    // c/d/e/deep.cu needs 4 nodes: with room for 5, top.py and a/z.cu come first.
    expect([...topOfTree(root, 5)].sort()).toEqual(['a', 'a/b', 'a/b/x.cu', 'a/z.cu', 'top.py']);
    const rows = treeRows(root, topOfTree(root, 5)).map((r) => `${'  '.repeat(r.depth)}${r.node.name}`);
    expect(rows).toEqual(['a', '  b', '    x.cu', '  z.cu', 'top.py']);
  });
});

describe('the heaviest directories in the reports of samples/', () => {
  it('are a nested tree in text and Markdown, the top level rolled up over its subdirectories', async () => {
    const report = await scan({ paths: [SAMPLES_DIR], rulesDir: RULES_DIR, jobs: 0, targets: ['musa'] });
    const text = renderText(report);
    expect(text).toMatch(/\n {4}cuda-app\/ {2}[\d.]+ h\n {6}src\/ {2}[\d.]+ h\n {8}kernels\.cuh {2}[\d.]+ h\n/);
    const md = renderMarkdown(report);
    expect(md).toMatch(/\n- cuda-app\/ {2}[\d.]+ h\n {2}- src\/ {2}[\d.]+ h\n {4}- kernels\.cuh {2}[\d.]+ h\n/);
    const files = report.targetSummaries.musa!.estimate.fileHours.filter((f) => f.file.startsWith('cuda-app/'));
    const sum = Math.round(files.reduce((n, f) => n + f.likelyHours, 0) * 10) / 10;
    expect(text).toContain(`cuda-app/  ${sum} h`);
  });
});
