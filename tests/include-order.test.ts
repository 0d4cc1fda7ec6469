// Include order across headers (src/scan/macro-imports.ts): a header's macros take effect at the #include
// that brings them, headers are read depth first in the order the file and each header include them
// (every header once), and a header's #undef of another header's macro ends it. Each case fails on the
// path-order reading that came before (all imported definitions in force from the file's first line,
// later header paths winning, a header's #undef not followed, the file's own #undef hiding the header's
// definition above it).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scan } from '../src/scan/scan.js';
import { exportedDefinitions } from '../src/detect/macro-table.js';
import { RULES_DIR } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
async function kernelsOf(files: Record<string, string>): Promise<string[]> {
  const root = mkdtempSync(join(tmpdir(), 'cuport-include-order-'));
  dirs.push(root);
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), c);
  }
  const report = await scan({ paths: [root], rulesDir: RULES_DIR, jobs: 0 });
  return report.kernels.map((k) => `${k.name}@${k.file}:${k.line}`).sort();
}

/** Declares a kernel head: DEFINE_K(k) { ... } is `__global__ void k(float* x) { ... }`. */
const GLOBAL_HEAD = '#define DEFINE_K(name) __global__ void name(float* x)\n';
/** The same name as a device-function head: DEFINE_K(f) { ... } is no kernel. */
const DEVICE_HEAD = '#undef DEFINE_K\n#define DEFINE_K(name) __device__ void name(float* x)\n';

describe('include order across headers', () => {
  it("a header's redefinition holds from its #include on, not above it", async () => {
    const headers = { 'inc/a.cuh': `#pragma once\n${GLOBAL_HEAD}`, 'inc/b.cuh': `#pragma once\n${DEVICE_HEAD}` };
    expect(await kernelsOf({
      ...headers,
      'ops.cu': '#include "inc/a.cuh"\nDEFINE_K(first) { x[0] = 1.f; }\n#include "inc/b.cuh"\nDEFINE_K(second) { x[0] = 2.f; }\n',
    })).toEqual(['first@ops.cu:2']);
    // Included the other way round, b's #undef comes first and a's kernel head holds for both.
    expect(await kernelsOf({
      ...headers,
      'ops.cu': '#include "inc/b.cuh"\n#include "inc/a.cuh"\nDEFINE_K(first) { x[0] = 1.f; }\nDEFINE_K(second) { x[0] = 2.f; }\n',
    })).toEqual(['first@ops.cu:3', 'second@ops.cu:4']);
  });

  it('a use above the #include has no definition', async () => {
    expect(await kernelsOf({
      'inc/a.cuh': `#pragma once\n${GLOBAL_HEAD}`,
      'ops.cu': 'DEFINE_K(early) { x[0] = 1.f; }\n#include "inc/a.cuh"\nDEFINE_K(late) { x[0] = 2.f; }\n',
    })).toEqual(['late@ops.cu:3']);
  });

  it("a header's #undef of another header's macro ends it in the file including both", async () => {
    const files = { 'inc/a.cuh': `#pragma once\n${GLOBAL_HEAD}`, 'ops.cu': '#include "inc/wrap.cuh"\nDEFINE_K(k) { x[0] = 1.f; }\n' };
    expect(await kernelsOf({ ...files, 'inc/wrap.cuh': '#pragma once\n#include "a.cuh"\n#undef DEFINE_K\n' })).toEqual([]);
    // The #undef above the #include ends nothing.
    expect(await kernelsOf({ ...files, 'inc/wrap.cuh': '#pragma once\n#undef DEFINE_K\n#include "a.cuh"\n' })).toEqual(['k@ops.cu:2']);
  });

  it('headers are read depth first: a nested include brings its definitions at the point of that #include', async () => {
    const use = { 'ops.cu': '#include "inc/outer.cuh"\nDEFINE_K(k) { x[0] = 1.f; }\n' };
    // outer defines a device head, then includes inner, which makes it a kernel head: a kernel.
    expect(await kernelsOf({
      ...use,
      'inc/outer.cuh': '#pragma once\n#define DEFINE_K(name) __device__ void name(float* x)\n#include "inner.cuh"\n',
      'inc/inner.cuh': `#pragma once\n#undef DEFINE_K\n${GLOBAL_HEAD}`,
    })).toEqual(['k@ops.cu:2']);
    // outer includes inner first, then redefines: no kernel.
    expect(await kernelsOf({
      ...use,
      'inc/outer.cuh': `#pragma once\n#include "inner.cuh"\n${DEVICE_HEAD}`,
      'inc/inner.cuh': `#pragma once\n${GLOBAL_HEAD}`,
    })).toEqual([]);
  });

  it('a header included twice is read once (include guards): the second #include does not bring it back', async () => {
    expect(await kernelsOf({
      // z after b in path order: the old reading let z's kernel head win.
      'inc/z.cuh': `#pragma once\n${GLOBAL_HEAD}`,
      'inc/b.cuh': `#pragma once\n${DEVICE_HEAD}`,
      'ops.cu': '#include "inc/z.cuh"\n#include "inc/b.cuh"\n#include "inc/z.cuh"\nDEFINE_K(k) { x[0] = 1.f; }\n',
    })).toEqual([]);
  });

  it("a use above the file's own #undef keeps the header's meaning; below it, the file's own", async () => {
    expect(await kernelsOf({
      'inc/a.cuh': `#pragma once\n${GLOBAL_HEAD}`,
      'ops.cu': `#include "inc/a.cuh"\nDEFINE_K(kernel_first) { x[0] = 1.f; }\n${DEVICE_HEAD}DEFINE_K(device_second) { x[0] = 2.f; }\n`,
    })).toEqual(['kernel_first@ops.cu:2']);
  });
});

describe('what a header exports for the order', () => {
  it('each definition and #undef with its offset in the header, in text order', () => {
    const text = '#define K(name) __global__ void name(float* x)\n#undef OTHER\n#undef K\n#define K(name) __device__ void name(float* x)\n';
    expect(exportedDefinitions(text).map((d) => [d.undef ? `#undef ${d.name}` : `#define ${d.name}`, d.offset])).toEqual([
      ['#define K', 0], ['#undef OTHER', text.indexOf('#undef OTHER')], ['#undef K', text.indexOf('#undef K')], ['#define K', text.lastIndexOf('#define K')],
    ]);
  });
});
