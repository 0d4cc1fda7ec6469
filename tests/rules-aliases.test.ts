// One function, one verdict: torch.cuda.memory.X is torch.cuda.X; autocast("cuda") has its own rule.
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without type declarations
import { mergeTorchAliases } from '../scripts/generate-rules.mjs';
import type { Rule } from '../src/model.js';
import { loadRules } from '../src/rules/load.js';
import { RULES_DIR, python } from './helpers.js';

const { rules } = loadRules(RULES_DIR);
const byPythonName = new Map<string, Rule>(rules.filter((r) => r.language === 'python').flatMap((r) => [r.cuda, ...(r.aliases ?? [])].map((n) => [n, r] as [string, Rule])));
const TARGETS = ['musa', 'cann', 'birensupa', 'dcu'] as const;

describe('aliases agree', () => {
  it('every torch.cuda.<submodule>.X has the verdict of torch.cuda.X on every target', () => {
    const pairs = [...byPythonName.keys()].map((n) => [n, /^torch\.cuda\.(memory|random|streams|graphs)\.(\w+)$/.exec(n)?.[2]] as const).filter(([, x]) => x && byPythonName.has(`torch.cuda.${x}`));
    expect(pairs.length).toBeGreaterThan(20);
    const disagree = pairs.filter(([n, x]) => TARGETS.some((t) => byPythonName.get(n)!.targets[t].status !== byPythonName.get(`torch.cuda.${x}`)!.targets[t].status));
    expect(disagree).toEqual([]);
  });

  it('the generator merges a submodule spelling into the canonical rule, keeping the stronger evidence per target', () => {
    const v = (status: string, confidence: string) => ({ status, confidence, source: 's', ref: 'r' });
    const canonical = { cuda: 'torch.cuda.memory_cached', targets: { musa: v('rename', 'inferred'), cann: v('rename', 'confirmed'), birensupa: v('unknown', 'inferred'), dcu: v('native', 'confirmed') } };
    const alias = { cuda: 'torch.cuda.memory.memory_cached', targets: { musa: v('rename', 'inferred'), cann: v('unknown', 'inferred'), birensupa: v('rename', 'confirmed'), dcu: v('native', 'confirmed') } };
    const out = mergeTorchAliases([alias, canonical], []) as typeof canonical & { aliases: string[] }[];
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ cuda: 'torch.cuda.memory_cached', aliases: ['torch.cuda.memory.memory_cached'] });
    expect(out[0]!.targets.cann.status).toBe('rename');
    expect(out[0]!.targets.birensupa).toMatchObject({ status: 'rename', confidence: 'confirmed' });
    // A hand-curated canonical rule decides: the generated submodule spelling copies its verdicts.
    const hand = { cuda: 'torch.cuda.memory_cached', targets: { ...canonical.targets, birensupa: v('adapt', 'confirmed') } };
    const copied = mergeTorchAliases([alias], [hand]) as (typeof alias)[];
    expect(copied[0]!.cuda).toBe('torch.cuda.memory.memory_cached');
    expect(copied[0]!.targets.birensupa.status).toBe('adapt');
  });
});

describe('autocast with a CUDA device type', () => {
  it('torch.autocast("cuda") and torch.amp.autocast(device_type="cuda") are autocast findings, not plain device strings', () => {
    const { findings } = python(`
import torch
with torch.autocast("cuda", dtype=torch.float16):
    pass
with torch.amp.autocast(device_type="cuda"):
    pass
with torch.autocast("cpu"):
    pass
x = torch.zeros(1, device="cuda")
`);
    expect(findings.map((f) => `${f.ruleId} ${f.line}`)).toEqual(['pyconstruct.autocast-cuda 3', 'pyconstruct.autocast-cuda 5', 'pyconstruct.device-string 9']);
    const rule = rules.find((r) => r.id === 'pyconstruct.autocast-cuda')!;
    expect(rule.targets.birensupa).toMatchObject({ status: 'rename', name: 'torch.autocast(device_type="supa")' });
  });
});
