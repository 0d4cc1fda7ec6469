// Garbage collections on demand, without `node --expose-gc` on the command line: the flag is set at run
// time and V8's `gc` read from a fresh context (it is only installed in contexts made after the flag).
//
// Why a scan forces collections at all: syntax trees are native memory V8 does not see (the workers,
// src/scan/worker.ts), and the report phase makes its own garbage faster than V8 gives the pages back
// (src/scan/scan.ts). Collecting never changes a result, only when memory is freed.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Gc = (options?: { type: 'major' | 'minor' }) => void;
let gc: Gc | null | undefined;

/** Runs `gc` (with `options`, or a full collection); false where it could not be had (then nothing happens). */
function collect(options?: { type: 'minor' }): boolean {
  if (gc === undefined) {
    setFlagsFromString('--expose-gc');
    gc = (runInNewContext('gc') as Gc | undefined) ?? null;
  }
  if (!gc) return false;
  if (options) gc(options);
  else gc();
  return true;
}

/** Runs a full collection; false where `gc` could not be had (then nothing happens). */
export function fullGc(): boolean {
  return collect();
}

/**
 * Collects the young generation only (a scavenge): the objects made since the last collection that
 * nothing refers to any more, among them the `Tree` wrappers of the files scanned since, whose native
 * trees are then freed. A few milliseconds, where a forced full collection costs a worker far more than
 * its own pause: every 4 MB of source, full collections took 6 of the bench's 64 CPU-seconds, young ones
 * 0.3 (bench/README.md, 2026-12-04). False where `gc` could not be had.
 */
export function youngGc(): boolean {
  return collect({ type: 'minor' });
}
