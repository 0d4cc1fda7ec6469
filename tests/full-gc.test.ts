// src/scan/full-gc.ts: a full collection without --expose-gc on the command line (the workers and the
// report phases of a big scan use it).
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { fullGc } from '../src/scan/full-gc.js';

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
