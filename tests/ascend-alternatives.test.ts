// Ascend alternatives chosen by what a kernel does (src/kernels/ascend-alternatives.ts), on
// tests/fixtures/ascend-alternatives: names that would mislead a name regex, and a softmax under a plain name.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../src/scan/scan.js';
import type { Report } from '../src/report/build.js';
import { ROOT, RULES_DIR } from './helpers.js';

const FIXTURE = join(ROOT, 'tests', 'fixtures', 'ascend-alternatives');

describe('Ascend alternatives by what the kernel does', () => {
  let report: Report;
  beforeAll(async () => {
    report = await scan({ paths: [FIXTURE], rulesDir: RULES_DIR, jobs: 0, targets: ['cann'] });
  });
  const kernel = (name: string) => report.kernels.find((k) => k.name === name)!;
  const suggestions = (name: string) => kernel(name).ascendAlternatives.filter((a) => a.kind === 'aclnn' || a.kind === 'catlass').map((a) => a.suggestion);

  it('does not offer CATLASS to a layer-norm gradient named "gaMMa", and says no operator fits', () => {
    expect(suggestions('layer_norm_grad_gaMMa_beta')).toEqual([]);
    expect(kernel('layer_norm_grad_gaMMa_beta').ascendNoOperator).toMatch(/no aclnn operator or CATLASS template fits/);
  });

  it('does not offer aclnnMatmul to an int8 dequant kernel with "mm" in its name', () => {
    expect(suggestions('kdequant_mm_int32_fp16').join(' ')).not.toMatch(/Matmul|CATLASS/);
  });

  it('offers aclnnMatmul and CATLASS to a real tensor-core kernel', () => {
    expect(suggestions('tile_kernel')).toEqual(['aclnnMatmul / aclnnMm', 'CATLASS GEMM templates']);
    expect(kernel('tile_kernel').ascendNoOperator).toBeUndefined();
  });

  it('recognises a softmax from exp, max and a reduction under a name that says nothing', () => {
    expect(suggestions('row_op')).toEqual(['aclnnSoftmax / aclnnScaledMaskedSoftmax']);
  });
});
