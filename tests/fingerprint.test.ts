import { describe, expect, it } from 'vitest';
import { addFingerprints } from '../src/scan/fingerprint.js';
import type { RawFinding } from '../src/model.js';

const finding = (line: number, column = 3, name = 'cudaFree'): RawFinding => ({
  ruleId: `cuda-runtime.${name}`, name, kind: 'runtime-call', line, column, endLine: line, endColumn: column + name.length, scope: 'main',
});

describe('finding fingerprints', () => {
  it('survive lines inserted above and re-indentation', () => {
    const before = [finding(2)];
    addFingerprints('a.cu', before, 'int main() {\n  cudaFree(p);\n}\n');
    const after = [finding(5, 7)];
    addFingerprints('a.cu', after, 'int main() {\n  int x;\n\n  // moved\n      cudaFree(p);\n}\n');
    expect(after[0].fingerprint).toBe(before[0].fingerprint);
    expect(before[0].fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  it('tell identical lines apart by occurrence, whatever order the detector emitted them in', () => {
    const text = 'int main() {\n  cudaFree(p);\n  cudaFree(p);\n}\n';
    const inOrder = [finding(2), finding(3)];
    const reversed = [finding(3), finding(2)];
    addFingerprints('a.cu', inOrder, text);
    addFingerprints('a.cu', reversed, text);
    expect(inOrder[0].fingerprint).not.toBe(inOrder[1].fingerprint);
    expect(reversed[1].fingerprint).toBe(inOrder[0].fingerprint);
    expect(reversed[0].fingerprint).toBe(inOrder[1].fingerprint);
  });

  it('change with the file, the line text and the enclosing function', () => {
    const base = [finding(2)];
    addFingerprints('a.cu', base, 'int main() {\n  cudaFree(p);\n}\n');
    const otherFile = [finding(2)];
    addFingerprints('b.cu', otherFile, 'int main() {\n  cudaFree(p);\n}\n');
    const otherText = [finding(2)];
    addFingerprints('a.cu', otherText, 'int main() {\n  cudaFree(q);\n}\n');
    const otherScope = [{ ...finding(2), scope: 'helper' }];
    addFingerprints('a.cu', otherScope, 'int main() {\n  cudaFree(p);\n}\n');
    const all = new Set([base, otherFile, otherText, otherScope].map((f) => f[0].fingerprint));
    expect(all.size).toBe(4);
  });
});
