// The generated part of the rule table must be reproducible: the committed files equal a fresh run
// of scripts/generate-rules.mjs on data/facts and the hand-curated rules.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without type declarations
import { generatedOutputs, parseCsv } from '../scripts/generate-rules.mjs';
import { loadRules } from '../src/rules/load.js';
import { ROOT, RULES_DIR, cuda } from './helpers.js';

const { outputs, excluded } = generatedOutputs(RULES_DIR) as { outputs: Record<string, string>; excluded: string[] };

describe('generated rule table', () => {
  it('equals a fresh generation (run `node scripts/generate-rules.mjs` after editing facts or hand rules)', () => {
    const committed = readdirSync(join(ROOT, 'rules', 'generated')).map((f) => `rules/generated/${f}`);
    expect(Object.keys(outputs).filter((p) => p.startsWith('rules/')).sort()).toEqual(committed.sort());
    for (const [path, content] of Object.entries(outputs)) {
      expect(readFileSync(join(ROOT, path), 'utf8'), path).toBe(content);
    }
  });

  it('covers every CUDA name in HIPIFY\'s tables except plain C/C++ math names', () => {
    const hipify = parseCsv(readFileSync(join(ROOT, 'data', 'facts', 'hipify-cuda2hip.csv'), 'utf8')) as { cuda_name: string }[];
    const names = new Set(hipify.map((r) => r.cuda_name));
    expect(names.size).toBe(8922);
    const { rules } = loadRules(RULES_DIR);
    const known = new Set(rules.filter((r) => r.language === 'cpp').flatMap((r) => [r.cuda, ...(r.aliases ?? [])]));
    const missing = [...names].filter((n) => !known.has(n) && !excluded.includes(n));
    expect(missing).toEqual([]);
    expect(excluded).toContain('sinf');
    expect(excluded).toContain('min');
    expect(known.has('sinf')).toBe(false);
  });

  it('recognises each HIPIFY name exactly once when a file uses every one of them', () => {
    const hipify = parseCsv(readFileSync(join(ROOT, 'data', 'facts', 'hipify-cuda2hip.csv'), 'utf8')) as { cuda_name: string }[];
    const names = [...new Set(hipify.map((r) => r.cuda_name))].filter((n) => !excluded.includes(n));
    const source = names.map((n, i) => `void use_${i}() { (void)${n}; }`).join('\n');
    const { findings } = cuda(source);
    const recognised = findings.filter((f) => f.ruleId !== 'unrecognized');
    expect(recognised).toHaveLength(names.length);
    expect(new Set(recognised.map((f) => f.name)).size).toBe(names.length);
    // ... and the plain C names produce nothing.
    expect(cuda(excluded.map((n, i) => `void m_${i}() { (void)${n}; }`).join('\n')).findings).toEqual([]);
  });

  it('takes DCU verdicts from HIPIFY, MUSA from musify, and marks BIRENSUPA pattern names as inferred', () => {
    const { rules } = loadRules(RULES_DIR);
    const get = (id: string) => rules.find((r) => r.id === id)!;
    const spmv = get('cusparse.cusparseSpMV');
    expect(spmv.targets.dcu).toMatchObject({ status: 'rename', name: 'hipsparseSpMV', source: 'hipify-rocm6.3' });
    expect(spmv.targets.musa).toMatchObject({ status: 'rename', name: 'musparseSpMV', source: 'musa-torch_musa-mapping' });
    expect(spmv.targets.birensupa.status).toBe('unknown');
    const graphics = get('cudart.cudaGraphicsMapResources');
    expect(graphics.targets.birensupa).toMatchObject({ status: 'rename', confidence: 'inferred', source: 'biren-naming-pattern' });
    // cuDNN on DCU goes to MIOpen (hipDNN is not shipped): adapt or unsupported, never a hipDNN rename.
    const cudnnRules = rules.filter((r) => r.family === 'generated-cudnn');
    expect(cudnnRules.length).toBeGreaterThan(500);
    expect(cudnnRules.every((r) => ['adapt', 'unsupported'].includes(r.targets.dcu.status))).toBe(true);
    expect(cudnnRules.some((r) => r.targets.dcu.name?.startsWith('hipdnn'))).toBe(false);
  });
});
