import { describe, expect, it } from 'vitest';
import { BIG_FILE_BYTES, IN_PROCESS_MAX_FILES, scanPlan, taskQueue } from '../src/scan/pool.js';

/** Drains the queue with workers taking turns in `order`, returning each worker's tasks. */
function drain(sizes: number[], order: number[]): Map<number, number[]> {
  const queue = taskQueue(sizes);
  const taken = new Map<number, number[]>();
  const done = new Set<number>();
  for (let k = 0; done.size < new Set(order).size && k < 1000; k++) {
    const worker = order[k % order.length]!;
    if (done.has(worker)) continue;
    const index = queue.next(worker);
    if (index === undefined) done.add(worker);
    else taken.set(worker, [...(taken.get(worker) ?? []), index]);
  }
  return taken;
}

describe('worker task queue', () => {
  it('gives every big file to worker 0 and every task to exactly one worker', () => {
    const big = BIG_FILE_BYTES;
    const sizes = [10, big, 20, big * 4, 30, 40, big, 50];
    const taken = drain(sizes, [0, 1, 1, 1, 0, 1]);
    expect(taken.get(0)!.filter((i) => sizes[i]! >= big)).toEqual([1, 3, 6]);
    expect(taken.get(1)!.every((i) => sizes[i]! < big)).toBe(true);
    expect([...taken.values()].flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('lets worker 0 take small files once no big one is left, and others stop when only big ones are', () => {
    const big = BIG_FILE_BYTES;
    const queue = taskQueue([big, 1, 2, big]);
    expect(queue.next(0)).toBe(0);
    expect(queue.next(1)).toBe(1);
    expect(queue.next(1)).toBe(2);
    expect(queue.next(1)).toBeUndefined();
    expect(queue.next(0)).toBe(3);
    expect(queue.next(0)).toBeUndefined();
  });
});

describe('scan plan', () => {
  it('scans a few files in the calling thread, more on one worker per 16 files up to --jobs', () => {
    expect(scanPlan(1, 2)).toEqual({ inProcess: true });
    expect(scanPlan(IN_PROCESS_MAX_FILES, 2)).toEqual({ inProcess: true });
    expect(scanPlan(IN_PROCESS_MAX_FILES + 1, 2)).toEqual({ inProcess: false, workers: 1 });
    expect(scanPlan(17, 2)).toEqual({ inProcess: false, workers: 2 });
    expect(scanPlan(1000, 2)).toEqual({ inProcess: false, workers: 2 });
    expect(scanPlan(1000, 0)).toEqual({ inProcess: true });
  });
});
