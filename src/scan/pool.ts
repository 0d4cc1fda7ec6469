// Runs file scans on worker threads. Results are stored by the file's index, so the order (and the
// report) never depends on which worker finished first or on how many there are.
import { Worker } from 'node:worker_threads';
import type { FileResult } from '../model.js';
import type { MatchTable } from '../rules/match-table.js';
import { FileScanner, type FileScanOptions, type FileTask } from './scan-file.js';

export type Progress = (done: number, total: number) => void;

const FILES_PER_EXTRA_WORKER = 16;
const workerUrl = new URL('./worker.js', import.meta.url);

/** A worker started before its match table exists, so that its start-up (a thread, the parser modules and
 *  grammars: ~100-150 ms) overlaps discovery and the cache lookups. Pull-request mode starts one when the
 *  change names files, which a warm cache cannot answer. Unused, it is ended with `release`. */
export interface WarmWorker {
  take(): Worker | undefined;
  release(): void;
}

export function warmWorker(): WarmWorker {
  let worker: Worker | undefined = new Worker(workerUrl);
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

export async function scanFiles(
  tasks: FileTask[],
  table: MatchTable,
  options: FileScanOptions,
  jobs: number,
  onProgress?: Progress,
  /** A worker started early (warmWorker), used as the first of the workers. */
  warm?: WarmWorker,
): Promise<FileResult[]> {
  const results: FileResult[] = new Array(tasks.length);
  if (jobs <= 0) {
    // In-process: used by tests and library callers that run from TypeScript sources. (Not for one file
    // either: a worker's stack is deeper than the main thread's, and a deep file must not be reported
    // differently by how many files a scan has.)
    const scanner = new FileScanner(table, options);
    tasks.forEach((task, i) => {
      results[i] = scanner.scanOrSkip(task);
      onProgress?.(i + 1, tasks.length);
    });
    return results;
  }
  // A worker costs about as much to start as scanning a dozen files: a few files (a pull request's
  // changes over a warm cache) go to one worker, not one each.
  const count = Math.max(1, Math.min(jobs, Math.ceil(tasks.length / FILES_PER_EXTRA_WORKER)));
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: count }, (_, n) =>
      new Promise<void>((resolve, reject) => {
        const early = n === 0 ? warm?.take() : undefined;
        if (early) early.postMessage({ init: { table, options } });
        const worker = early ?? new Worker(workerUrl, { workerData: { table, options } });
        const feed = () => {
          if (next >= tasks.length) {
            void worker.terminate().then(() => resolve());
            return;
          }
          const index = next++;
          worker.postMessage({ index, task: tasks[index] });
        };
        worker.on('message', (message: { index: number; result: FileResult }) => {
          results[message.index] = message.result;
          onProgress?.(++done, tasks.length);
          feed();
        });
        worker.on('error', reject);
        feed();
      }),
    ),
  );
  return results;
}
