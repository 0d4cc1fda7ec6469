// Gives freed native memory back to the operating system (glibc's malloc_trim), once the worker threads
// that parsed a tree are done with it.
//
// Why: tree-sitter's syntax trees are malloc'd in the parsing thread's malloc arena (about 30 bytes a
// source byte). When a tree is freed, glibc keeps the pages for reuse, and gives back only what lies at
// the top of the arena. A worker thread's arena is not unmapped when the thread ends. So after a scan of
// a big tree the process kept ~250 MB of free pages that nothing would use again (the main thread's JS
// heap is not malloc'd), and the report-building phase added its own memory on top: that sum set the
// scan's peak RSS. `malloc_trim(0)` returns every arena's free pages (glibc >= 2.8 walks all arenas).
//
// There is no Node API for it, so it goes through koffi (an FFI library with prebuilt binaries, an
// optional dependency). Anywhere it cannot be loaded (another libc, another OS, koffi not installed) this
// does nothing: memory is only kept longer, no result changes. CUPORT_TRIM=0 turns it off, to compare.
import { createRequire } from 'node:module';

type Trim = (pad: number) => number;
let trim: Trim | null | undefined;

function loadTrim(): Trim | null {
  if (process.platform !== 'linux') return null;
  try {
    const koffi = createRequire(import.meta.url)('koffi') as { load(name: string): { func(signature: string): Trim } };
    return koffi.load('libc.so.6').func('int malloc_trim(size_t pad)');
  } catch {
    return null; // not glibc, or koffi not installed
  }
}

/** Returns the process's freed native memory to the system; whether it could (glibc with koffi). */
export function releaseFreedMemory(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.CUPORT_TRIM === '0') return false;
  // Loaded on first use (~25 ms): only a scan that ran worker threads calls this.
  if (trim === undefined) trim = loadTrim();
  if (!trim) return false;
  trim(0);
  return true;
}
