// DCU `confirmed` means present on Hygon's DTK, not merely in HIPIFY's ROCm 6.3 tables.
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without type declarations
import { DTK_UNCONFIRMED } from '../scripts/generate-rules.mjs';
import { loadRules } from '../src/rules/load.js';
import { RULES_DIR } from './helpers.js';

const { rules } = loadRules(RULES_DIR);

describe('DCU confidence', () => {
  it('a DCU verdict whose note says the library is unconfirmed on DTK is inferred', () => {
    expect(DTK_UNCONFIRMED.test('hipFFT (on rocFFT); its presence in DTK is not individually confirmed (hip/FACTS 3.3).')).toBe(true);
    expect(DTK_UNCONFIRMED.test('HIPIFY maps to hipBLAS; DTK ships rocBLAS (confirmed), hipBLAS in DTK is not confirmed.')).toBe(true);
    expect(DTK_UNCONFIRMED.test('DTK ships rocBLAS (confirmed).')).toBe(false);
    const bad = rules.filter((r) => r.targets.dcu.confidence === 'confirmed' && DTK_UNCONFIRMED.test(r.targets.dcu.note ?? '')).map((r) => r.id);
    expect(bad).toEqual([]);
  });

  it('a name HIP first shipped after ROCm 5.7 says it is not in DTK 24.04', () => {
    const later = rules.filter((r) => r.family.startsWith('generated') && /^(6|5\.[89])/.test((r.targets.dcu.versions as { added?: string } | undefined)?.added ?? ''));
    expect(later.length).toBeGreaterThan(100);
    for (const r of later) expect(r.targets.dcu.note, r.id).toMatch(/not in DTK 24\.04 \(ROCm 5\.7 base\)/);
    const old = rules.find((r) => r.cuda === 'cudaMalloc')!;
    expect(old.targets.dcu.note ?? '').not.toMatch(/DTK 24\.04/);
  });
});
