// A full garbage collection on demand, without `node --expose-gc` on the command line: the flag is set at
// run time and V8's `gc` read from a fresh context (it is only installed in contexts made after the flag).
//
// Why a scan forces collections at all: syntax trees are native memory V8 does not see (the workers,
// src/scan/worker.ts), and the report phase makes its own garbage faster than V8 gives the pages back
// (src/scan/scan.ts). Collecting never changes a result, only when memory is freed.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null | undefined;

/** Runs a full collection; false where `gc` could not be had (then nothing happens). */
export function fullGc(): boolean {
  if (gc === undefined) {
    setFlagsFromString('--expose-gc');
    gc = (runInNewContext('gc') as (() => void) | undefined) ?? null;
  }
  if (!gc) return false;
  gc();
  return true;
}
