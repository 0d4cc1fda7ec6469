// Worker-thread entry: receives the match table once (as workerData, or as a first `init` message when the
// worker was started early, before the table existed: src/scan/pool.ts warmWorker), then scans the files it
// is sent one at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { FileScanner, type FileScanOptions, type FileTask } from './scan-file.js';
import type { MatchTable } from '../rules/match-table.js';
import { memlog, memlogFile } from './memlog.js';
import { releaseFreedMemory } from './release-memory.js';
import { fullGc, youngGc } from './full-gc.js';

// Syntax trees live in native memory the JS heap does not see, so V8 does not feel pressure to
// collect them. Collect explicitly to keep peak memory flat on big repositories: after every
// GC_EVERY_BYTES of scanned text, since a tree's native memory grows with its file's size (a count of
// files collected far too often on small files: a full GC every 32 files cost a quarter of the CPU).
// The collection is a young-generation one: a file's `Tree` wrapper dies young (it lives while its file
// is scanned), so a scavenge frees nearly every tree a full collection would, and a forced full collection
// every 4 MB cost ~6 CPU-s more on the bench corpus for 2 MB less peak (bench/README.md, 2026-12-04).
// Trees that did live long enough to be promoted are big files' trees: collected fully, below.
// CUPORT_GC_BYTES overrides it, for the benchmark (bench/scan-bench.mjs).
const GC_EVERY_BYTES = Number(process.env.CUPORT_GC_BYTES) > 0 ? Number(process.env.CUPORT_GC_BYTES) : 4 * 1024 * 1024;

type Setup = { table: MatchTable; options: FileScanOptions };
let scanner = workerData ? new FileScanner((workerData as Setup).table, (workerData as Setup).options) : undefined;
let bytesSinceGc = 0;
// A big file's tree (~30 bytes a source byte: 85 MB for a 2.8 MB CUTLASS header) lives in this thread's
// malloc arena, and its pages stay there after it is freed. So right after a big file the tree is
// collected and, once its finalizer has run (a turn of the event loop later), the pages are given back,
// before the result is posted and the next file sent: otherwise the next big tree (CUTLASS's sparse
// gmma header, 2.9 MB, comes right after the 2.8 MB one) is parsed on top of the first one's pages and
// sets the scan's peak (481 MB on cutlass alone, bench/README.md).
const BIG_TREE_BYTES = 256 * 1024;

parentPort!.on('message', (message: { init: Setup } | { index: number; task: FileTask }) => {
  if ('init' in message) {
    scanner = new FileScanner(message.init.table, message.init.options);
    return;
  }
  const result = scanner!.scanOrSkip(message.task);
  // As JSON text: a result is plain JSON data (the cache stores it so), and JSON.stringify here plus
  // JSON.parse there cost less than the structured clone of the object graph (src/scan/pool.ts).
  const post = () => parentPort!.postMessage({ index: message.index, result: JSON.stringify(result) });
  memlogFile(message.task.display, result.bytes);
  if (result.bytes >= BIG_TREE_BYTES) {
    bytesSinceGc = 0;
    memlog('before gc (big tree)');
    if (!fullGc()) return post();
    setImmediate(() => {
      if (releaseFreedMemory()) memlog('freed memory returned');
      post();
    });
    return;
  }
  post();
  bytesSinceGc += result.bytes;
  if (bytesSinceGc >= GC_EVERY_BYTES) {
    bytesSinceGc = 0;
    memlog('before gc');
    // The pages the collected trees held go back too (a few ms): without it, the freed pages of many
    // small trees piled up in the workers' arenas and set the scan's peak (414 MB on the bench corpus,
    // of which 150 MB came back at the first trim after the worker phase).
    if (youngGc()) setImmediate(() => releaseFreedMemory());
  }
});
