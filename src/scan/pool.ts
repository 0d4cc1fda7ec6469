// Runs file scans on worker threads. Results are stored by the file's index, so the order (and the
// report) never depends on which worker finished first or on how many there are.
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';
import type { FileResult } from '../model.js';
import type { MatchTable } from '../rules/match-table.js';
import { memlog } from './memlog.js';
import { ValuePool } from './value-pool.js';
import { releaseFreedMemory } from './release-memory.js';
import { FileScanner, type FileScanOptions, type FileTask } from './scan-file.js';

export type Progress = (done: number, total: number) => void;

const FILES_PER_EXTRA_WORKER = 16;
const workerUrl = new URL('./worker.js', import.meta.url);
// node:worker_threads is loaded when a worker is started, not at start-up: a small scan runs in this thread.
const require = createRequire(import.meta.url);
const newWorker = (options?: import('node:worker_threads').WorkerOptions): Worker =>
  new (require('node:worker_threads') as typeof import('node:worker_threads')).Worker(workerUrl, options);

/** A worker started before its match table exists, so that its start-up (a thread, the parser modules and
 *  grammars: ~100-150 ms) overlaps discovery and the cache lookups. Pull-request mode starts one when the
 *  change names files, which a warm cache cannot answer. Unused, it is ended with `release`. */
export interface WarmWorker {
  take(): Worker | undefined;
  release(): void;
}

export function warmWorker(): WarmWorker {
  let worker: Worker | undefined = newWorker();
  // A worker that is never used must not keep the process alive.
  worker.unref();
  // One that failed or ended before it was taken is not used: scanFiles starts a fresh one instead.
  let lost = false;
  worker.once('error', () => (lost = true));
  worker.once('exit', () => (lost = true));
  return {
    take() {
      const w = lost ? undefined : worker;
      if (lost) void worker?.terminate();
      worker = undefined;
      w?.ref();
      return w;
    },
    release() {
      void worker?.terminate();
      worker = undefined;
    },
  };
}

/** Files at least this big are all scanned by the first worker (see taskQueue). */
export const BIG_FILE_BYTES = 512 * 1024;

/**
 * The order workers take tasks in. A big file's syntax tree takes native memory in proportion to its size
 * (about 30 bytes a source byte), which the worker thread's malloc arena keeps after the tree is freed: two
 * workers each parsing a 3 MB CUTLASS header at once, or one after the other, both grow to the size of the
 * biggest tree. Sending every big file to worker 0 bounds that growth to one arena; the other workers take
 * only smaller files, worker 0 takes smaller files when no big one is left. Results are stored by index,
 * so which worker scans a file never changes the output.
 */
export function taskQueue(sizes: readonly number[]): { next(worker: number): number | undefined } {
  const big: number[] = [];
  const small: number[] = [];
  sizes.forEach((size, i) => (size >= BIG_FILE_BYTES ? big : small).push(i));
  let b = 0;
  let s = 0;
  return {
    next(worker) {
      if (worker === 0 && b < big.length) return big[b++];
      if (s < small.length) return small[s++];
      // Only big files are left: worker 0 scans them; another worker is done.
      return undefined;
    },
  };
}

function fileSize(task: FileTask): number {
  try {
    return statSync(typeof task.path === 'string' ? task.path : Buffer.from(task.path)).size;
  } catch {
    return 0; // the scan reports why it cannot read it
  }
}

/** At most this many files to scan (a pull request's changes over a warm cache, a one-file scan) are
 *  scanned in the calling thread: a worker's start (a thread, the parser modules and grammars again, the
 *  match table copied) costs more than scanning them, and the calling thread has those loaded already. */
export const IN_PROCESS_MAX_FILES = 4;

/** Where a scan of `files` files with `jobs` threads runs: in the calling thread, or on that many workers. */
export function scanPlan(files: number, jobs: number): { inProcess: true } | { inProcess: false; workers: number } {
  if (jobs <= 0 || files <= IN_PROCESS_MAX_FILES) return { inProcess: true };
  // A worker costs about as much to start as scanning a dozen files: a few files go to one worker, not one each.
  return { inProcess: false, workers: Math.max(1, Math.min(jobs, Math.ceil(files / FILES_PER_EXTRA_WORKER))) };
}

export async function scanFiles(
  tasks: FileTask[],
  table: MatchTable,
  options: FileScanOptions,
  jobs: number,
  onProgress?: Progress,
  /** A worker started early (warmWorker), used as the first of the workers. */
  warm?: WarmWorker,
): Promise<FileResult[]> {
  const plan = scanPlan(tasks.length, jobs);
  if (!plan.inProcess) return scanOnWorkers(tasks, table, options, plan.workers, onProgress, warm);
  const results: FileResult[] = new Array(tasks.length);
  const scanner = new FileScanner(table, options);
  let done = 0;
  const tooDeep: number[] = [];
  tasks.forEach((task, i) => {
    results[i] = scanner.scanOrSkip(task);
    if (results[i]!.skipped?.reason === 'too-deep' && jobs > 0) tooDeep.push(i);
    else onProgress?.(++done, tasks.length);
  });
  // A worker's stack is deeper than the calling thread's (4 MB against V8's ~1 MB): a file too deep here is
  // scanned again on a worker, so what a file reports never depends on how many files the scan has.
  // (--jobs 0 has no worker: it reports what the calling thread's stack allows.)
  if (tooDeep.length) {
    const again = await scanOnWorkers(tooDeep.map((i) => tasks[i]!), table, options, 1, undefined, warm);
    tooDeep.forEach((i, k) => {
      results[i] = again[k]!;
      onProgress?.(++done, tasks.length);
    });
  }
  return results;
}

async function scanOnWorkers(
  tasks: FileTask[],
  table: MatchTable,
  options: FileScanOptions,
  count: number,
  onProgress?: Progress,
  warm?: WarmWorker,
): Promise<FileResult[]> {
  const results: FileResult[] = new Array(tasks.length);
  const queue = taskQueue(count > 1 ? tasks.map(fileSize) : tasks.map(() => 0));
  // The results are kept to the end of the scan: one copy of each string among them (value-pool.ts).
  const strings = new ValuePool();
  let done = 0;
  await Promise.all(
    Array.from({ length: count }, (_, workerIndex) =>
      new Promise<void>((resolve, reject) => {
        const early = workerIndex === 0 ? warm?.take() : undefined;
        if (early) early.postMessage({ init: { table, options } });
        const worker = early ?? newWorker({ workerData: { table, options } });
        const feed = () => {
          const index = queue.next(workerIndex);
          if (index === undefined) {
            void worker.terminate().then(() => resolve());
            return;
          }
          worker.postMessage({ index, task: tasks[index] });
        };
        worker.on('message', (message: { index: number; result: string }) => {
          results[message.index] = strings.shareStrings(JSON.parse(message.result) as FileResult);
          onProgress?.(++done, tasks.length);
          feed();
        });
        worker.on('error', reject);
        feed();
      }),
    ),
  );
  // The workers' syntax trees were freed in their malloc arenas, which outlive the threads: give those pages
  // back before the report is built on top of them (release-memory.ts).
  if (releaseFreedMemory()) memlog('freed memory returned');
  return results;
}
