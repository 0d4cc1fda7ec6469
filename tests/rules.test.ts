import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules, ruleFiles, RuleFileError } from '../src/rules/load.js';
import { loadUnrecognized } from '../src/rules/match-table.js';
import { loadEffortModel } from '../src/estimate/effort-model.js';
import { TARGETS, STATUSES } from '../src/model.js';
import { RULES_DIR } from './helpers.js';

describe('the rule table', () => {
  const { rules, sources } = loadRules(RULES_DIR);

  it('loads, validates against the schema, and holds at least 200 rules', () => {
    expect(rules.length).toBeGreaterThanOrEqual(200);
  });

  it('has unique ids and unique matched names per language', () => {
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    const names = rules.flatMap((r) => [r.cuda, ...(r.aliases ?? [])].map((n) => `${r.language}:${n}`));
    expect(new Set(names).size).toBe(names.length);
  });

  it('gives every mapping on every target a status, a confidence and a known source with a URL', () => {
    for (const rule of rules) {
      for (const t of TARGETS) {
        const m = rule.targets[t];
        expect(STATUSES).toContain(m.status);
        expect(['confirmed', 'inferred']).toContain(m.confidence);
        expect(sources[m.source]?.url, `${rule.id} ${t}`).toMatch(/^https:\/\//);
        if (m.status === 'rename' || m.status === 'adapt') expect(m.name, `${rule.id} ${t}`).toBeTruthy();
        if (m.status !== 'native' && m.status !== 'rename') expect(m.note, `${rule.id} ${t}`).toBeTruthy();
      }
    }
  });

  it('covers the families the foundation needs', () => {
    const families = new Set(rules.map((r) => r.family));
    for (const f of ['cuda-runtime', 'cuda-driver', 'cuda-headers', 'cublas', 'cudnn', 'nccl', 'curand', 'cufft', 'device-intrinsics', 'torch-cuda', 'cuda-constructs', 'python-constructs', 'python-packages']) {
      expect(families).toContain(f);
    }
  });

  it('agrees with the public sources on well-known mappings', () => {
    const get = (id: string) => rules.find((r) => r.id === id)!;
    const malloc = get('cudart.cudaMalloc');
    expect([malloc.targets.musa.name, malloc.targets.dcu.name, malloc.targets.cann.name]).toEqual(['musaMalloc', 'hipMalloc', 'aclrtMalloc']);
    expect(malloc.targets.cann.status).toBe('adapt');
    const memcpy = get('cudart.cudaMemcpy');
    expect(memcpy.targets.cann.note).toMatch(/destMax/);
    expect(get('construct.global-kernel').targets.cann.status).toBe('rewrite');
    expect(get('nccl.ncclAllReduce').targets.cann.name).toBe('HcclAllReduce');
    // BIRENSUPA names that only follow the supa* pattern must say so.
    expect(malloc.targets.birensupa.confidence).toBe('inferred');
  });

  it('has valid unrecognized patterns and effort constants', () => {
    const u = loadUnrecognized(RULES_DIR);
    expect(u.cpp.length).toBeGreaterThan(5);
    const effort = loadEffortModel(RULES_DIR);
    expect(effort.setup.cann[1]).toBeGreaterThan(0);
  });
});

describe('rule file errors name the file, line and field', () => {
  const brokenCopy = (file: string, edit: (text: string) => string) => {
    const dir = mkdtempSync(join(tmpdir(), 'cuport-rules-'));
    for (const f of ['schema.json', 'sources.yaml', 'effort.yaml', 'unrecognized.yaml']) copyFileSync(join(RULES_DIR, f), join(dir, f));
    const src = ruleFiles(RULES_DIR).find((p) => p.endsWith(file))!;
    writeFileSync(join(dir, file), edit(readFileSync(src, 'utf8')));
    return dir;
  };
  const errorOf = (dir: string) => {
    try {
      loadRules(dir);
    } catch (e) {
      return e as RuleFileError;
    }
    throw new Error('expected a RuleFileError');
  };

  it('reports a bad status value with its line', () => {
    const dir = brokenCopy('cuda-constructs.yaml', (t) => t.replace('status: rewrite', 'status: rewritten'));
    const e = errorOf(dir);
    expect(e).toBeInstanceOf(RuleFileError);
    expect(e.file).toMatch(/cuda-constructs\.yaml$/);
    expect(e.field).toBe('rules.0.targets.cann.status');
    const line = readFileSync(join(dir, 'cuda-constructs.yaml'), 'utf8').split('\n').findIndex((l) => l.includes('status: rewritten')) + 1;
    expect(e.line).toBe(line);
    expect(e.message).toMatch(/must be equal to one of the allowed values/);
  });

  it('reports a missing source and an unknown source key', () => {
    const missing = errorOf(brokenCopy('cuda-constructs.yaml', (t) => t.replace(/\n {8}source: musa-tutorial/, '')));
    expect(missing.field).toBe('rules.0.targets.musa.source');
    const unknown = errorOf(brokenCopy('cuda-constructs.yaml', (t) => t.replace('source: musa-tutorial', 'source: my-blog')));
    expect(unknown.field).toBe('rules.0.targets.musa.source');
    expect(unknown.problem).toMatch(/unknown source key "my-blog"/);
  });

  it('reports duplicate ids and YAML syntax errors', () => {
    const dup = errorOf(brokenCopy('cuda-constructs.yaml', (t) => t.replace('id: construct.device-function', 'id: construct.global-kernel')));
    expect(dup.problem).toMatch(/duplicate rule id construct.global-kernel/);
    const syntax = errorOf(brokenCopy('cuda-constructs.yaml', (t) => t.replace('rules:\n', 'rules:\n  - id: [unclosed\n')));
    expect(syntax.field).toBe('(syntax)');
    expect(syntax.line).toBeGreaterThan(1);
  });
});

describe('the precompiled rule table', () => {
  it('equals a fresh load of the YAML, and is ignored once a rule file changes', async () => {
    const { compileRules, loadRuleTable, rulesHash, writeCompiled } = await import('../src/rules/compiled.js');
    const fresh = compileRules(RULES_DIR);
    const dir = mkdtempSync(join(tmpdir(), 'cuport-compiled-'));
    const compiledFile = join(dir, 'rules.compiled.json');
    writeCompiled(fresh, compiledFile);
    expect(loadRuleTable(RULES_DIR, compiledFile)).toEqual(fresh);
    // A stale compiled table (different hash) must not be used: tamper with it and check the
    // loader falls back to the YAML.
    writeCompiled({ ...fresh, hash: 'stale', rules: [] }, compiledFile);
    expect(loadRuleTable(RULES_DIR, compiledFile).rules).toHaveLength(fresh.rules.length);
    expect(rulesHash(RULES_DIR)).toBe(fresh.hash);
  });
});
