// Worker-thread entry: receives the match table once, then scans the files it is sent one at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { FileScanner, type FileScanOptions, type FileTask } from './scan-file.js';
import type { MatchTable } from '../rules/match-table.js';

// Syntax trees live in native memory the JS heap does not see, so V8 does not feel pressure to
// collect them. Collect explicitly every few files to keep peak memory flat on big repositories.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as (() => void) | undefined;
const GC_EVERY_FILES = 32;

const { table, options } = workerData as { table: MatchTable; options: FileScanOptions };
const scanner = new FileScanner(table, options);
let sinceGc = 0;

parentPort!.on('message', (message: { index: number; task: FileTask }) => {
  const result = scanner.scanOrSkip(message.task);
  parentPort!.postMessage({ index: message.index, result });
  if (++sinceGc >= GC_EVERY_FILES && collect) {
    sinceGc = 0;
    collect();
  }
});
