// releaseFreedMemory gives the pages of freed syntax trees back to the system (src/scan/release-memory.ts).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { parse } from '../src/parse/grammars.js';
import { releaseFreedMemory } from '../src/scan/release-memory.js';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
const rssMb = () => process.memoryUsage.rss() / 1048576;

describe('releaseFreedMemory', () => {
  it('is off with CUPORT_TRIM=0', () => {
    expect(releaseFreedMemory({ CUPORT_TRIM: '0' })).toBe(false);
  });

  // CI and this project's machines are Linux with glibc, where koffi (an optional dependency) is installed.
  it.runIf(process.platform === 'linux')('returns the pages of a freed syntax tree to the system', async () => {
    // ~3 MB of CUDA: its tree takes ~90 MB of native memory, which glibc keeps after the tree is freed.
    const text = Array.from({ length: 40_000 }, (_, i) => `__global__ void k${i}(float* x) { x[threadIdx.x] += ${i}.0f; }\n`).join('');
    let tree: ReturnType<typeof parse> | undefined = parse(text, 'cuda');
    expect(tree.rootNode.namedChildCount).toBe(40_000);
    const withTree = rssMb();
    tree = undefined;
    collect();
    // The tree's finalizer runs after the collection, on a later turn of the event loop.
    await nextTurn();
    await nextTurn();
    const freed = rssMb();
    expect(releaseFreedMemory({})).toBe(true);
    const released = rssMb();
    // Freed but kept: the process is still near its size with the tree; released: most of it is gone.
    expect(withTree - freed).toBeLessThan((withTree - released) / 2);
    expect(freed - released).toBeGreaterThan(40);
  });
});
