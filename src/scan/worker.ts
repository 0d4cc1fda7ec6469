// Worker-thread entry: receives the match table once (as workerData, or as a first `init` message when the
// worker was started early, before the table existed: src/scan/pool.ts warmWorker), then scans the files it
// is sent one at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { FileScanner, type FileScanOptions, type FileTask } from './scan-file.js';
import type { MatchTable } from '../rules/match-table.js';
import { memlog, memlogFile } from './memlog.js';

// Syntax trees live in native memory the JS heap does not see, so V8 does not feel pressure to
// collect them. Collect explicitly to keep peak memory flat on big repositories: after every
// GC_EVERY_BYTES of scanned text, since a tree's native memory grows with its file's size (a count of
// files collected far too often on small files: a full GC every 32 files cost a quarter of the CPU).
// CUPORT_GC_BYTES overrides it, for the benchmark (bench/scan-bench.mjs).
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as (() => void) | undefined;
const GC_EVERY_BYTES = Number(process.env.CUPORT_GC_BYTES) > 0 ? Number(process.env.CUPORT_GC_BYTES) : 4 * 1024 * 1024;

type Setup = { table: MatchTable; options: FileScanOptions };
let scanner = workerData ? new FileScanner((workerData as Setup).table, (workerData as Setup).options) : undefined;
let bytesSinceGc = 0;

parentPort!.on('message', (message: { init: Setup } | { index: number; task: FileTask }) => {
  if ('init' in message) {
    scanner = new FileScanner(message.init.table, message.init.options);
    return;
  }
  const result = scanner!.scanOrSkip(message.task);
  parentPort!.postMessage({ index: message.index, result });
  memlogFile(message.task.display, result.bytes);
  bytesSinceGc += result.bytes;
  if (bytesSinceGc >= GC_EVERY_BYTES && collect) {
    bytesSinceGc = 0;
    memlog('before gc');
    collect();
  }
});
