// CUPORT_MEMLOG=1: memory at the phases of a scan on stderr, for finding which phase (and which thread)
// sets the peak RSS (bench notes in bench/README.md), and the time since the process started (ms), for the
// phases of a rescan. Off by default; it never changes a result.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const enabled = !!process.env.CUPORT_MEMLOG;
// Read only when logging: node:worker_threads is not loaded at start-up by a scan that uses no worker.
const threadId = enabled ? (createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads')).threadId : 0;
const mb = (n: number) => `${(n / 1048576).toFixed(0)}M`;

/** Logs rss (whole process: every thread's heap and the native trees), this thread's heap, external memory. */
export function memlog(phase: string): void {
  if (!enabled) return;
  const m = process.memoryUsage();
  process.stderr.write(`memlog t${threadId} ${phase} at ${performance.now().toFixed(0)} ms: rss ${mb(m.rss)} heapUsed ${mb(m.heapUsed)} heapTotal ${mb(m.heapTotal)} external ${mb(m.external)} arrayBuffers ${mb(m.arrayBuffers)}\n`);
}

let lastRss = 0;
/** Logs a file after which this process's rss grew by more than 32 MB (the file that made the jump). */
export function memlogFile(file: string, bytes: number): void {
  if (!enabled) return;
  const rss = process.memoryUsage.rss();
  if (lastRss && rss - lastRss > 32 * 1048576) process.stderr.write(`memlog t${threadId} jump ${mb(lastRss)} -> ${mb(rss)} after ${file} (${bytes} bytes)\n`);
  lastRss = rss;
}
