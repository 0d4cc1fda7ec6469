// Shared test helpers: the real rule table, and detectors run on source text.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRules } from '../src/rules/load.js';
import { buildMatchTable, loadUnrecognized, type MatchTable } from '../src/rules/match-table.js';
import { CppMatcher } from '../src/detect/cpp-matcher.js';
import { detectCpp } from '../src/detect/cpp.js';
import { detectPython } from '../src/detect/python.js';
import { parse } from '../src/parse/grammars.js';
import type { RawFinding } from '../src/model.js';

export const ROOT = join(fileURLToPath(import.meta.url), '..', '..');
export const RULES_DIR = join(ROOT, 'rules');
export const SAMPLES_DIR = join(ROOT, 'samples');
export const CLI = join(ROOT, 'dist', 'cli', 'main.js');

let cached: { table: MatchTable; matcher: CppMatcher } | undefined;
export function realTable() {
  if (!cached) {
    const { rules } = loadRules(RULES_DIR);
    const table = buildMatchTable(rules, loadUnrecognized(RULES_DIR));
    cached = { table, matcher: new CppMatcher(table) };
  }
  return cached;
}

export function cuda(source: string) {
  return detectCpp(parse(source, 'cuda'), realTable().matcher);
}

export function python(source: string) {
  const { table, matcher } = realTable();
  return detectPython(parse(source, 'python'), table, matcher);
}

/** `name@line` for each finding: compact and order-preserving, for readable assertions. */
export const names = (findings: RawFinding[]) => findings.map((f) => `${f.name}@${f.line}`);
export const byName = (findings: RawFinding[], name: string) => findings.filter((f) => f.name === name);

/** A fresh temporary directory holding `files` (relative path → content), folders made as needed. */
export function tempTree(files: Record<string, string>, prefix = 'cuport-tree-'): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** A temporary git repository (branch main) whose one commit holds `files`: what a CI job checks out. */
export function tempGitRepo(files: Record<string, string>, prefix = 'cuport-repo-'): string {
  const dir = tempTree(files, prefix);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'test');
  git('add', '-A');
  git('commit', '-qm', 'base');
  return dir;
}

/** A scratch rules folder for loader-error tests of rules/kernels/hazards.yaml: an edited copy of `text` (the
 *  real file) written to `bad` loads with the real sources.yaml beside it. */
export function scratchHazardsFile(prefix = 'cuport-hazards-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(join(RULES_DIR, 'sources.yaml'), join(dir, 'sources.yaml'));
  const text = readFileSync(join(RULES_DIR, 'kernels', 'hazards.yaml'), 'utf8');
  const bad = join(dir, 'hazards.yaml');
  return { dir, text, bad };
}
