// A temporary tree of .cu files with hostile names (ESC sequences, HTML, pipes, backticks, newlines,
// bidi and C1 controls), for the escaping tests of every format.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const KERNEL = '__global__ void k(float* x) { x[threadIdx.x] = 0; }\nvoid f() { float* p; cudaMalloc(&p, 4); k<<<1, 32>>>(p); }\n';
/** Every name is a real, scannable .cu file. */
export const HOSTILE_NAMES = [
  'esc\u001b[31mred\u001b[0m.cu',
  '<img src=x onerror=alert(1)>.cu',
  'pipe|split|table.cu',
  'tick`code`span.cu',
  'new\nline.cu',
  'bidi\u202eexe.cu',
  'c1\u009bcsi.cu',
];

export function hostileTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'cuport-hostile-'));
  mkdirSync(join(root, 'd<b>'));
  for (const name of HOSTILE_NAMES) writeFileSync(join(root, 'd<b>', name), KERNEL);
  return root;
}

