// src/scan/full-gc.ts: a full collection without --expose-gc on the command line (the workers and the
// report phases of a big scan use it).
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { fullGc, youngGc } from '../src/scan/full-gc.js';

it('collects an object nothing refers to any more', async () => {
  let ref = new WeakRef({ payload: new Array(1000).fill(1) });
  // A WeakRef's target is kept until the end of the job that made it: collect in a later one.
  await sleep(0);
  expect(fullGc()).toBe(true);
  await sleep(0);
  expect(ref.deref()).toBeUndefined();
  const kept = { payload: 1 };
  ref = new WeakRef(kept);
  await sleep(0);
  fullGc();
  expect(ref.deref()).toBe(kept);
});

it('a young-generation collection runs a scavenge, not a full collection', async () => {
  // What the workers rely on: a cheap collection of the young generation, where a file's Tree wrapper
  // dies (a WeakRef's target is not one to test with: V8 clears WeakRefs only in full collections).
  const kinds: number[] = [];
  const observer = new PerformanceObserver((list) => kinds.push(...list.getEntries().map((e) => (e as PerformanceEntry & { detail: { kind: number } }).detail.kind)));
  observer.observe({ entryTypes: ['gc'] });
  expect(youngGc()).toBe(true);
  await sleep(50);
  observer.disconnect();
  expect(kinds).toContain(constants.NODE_PERFORMANCE_GC_MINOR);
  expect(kinds).not.toContain(constants.NODE_PERFORMANCE_GC_MAJOR);
});
