// Where a report goes. A file is written to a temporary file in the target folder, then renamed over the
// target, so a full disk or a crash never leaves truncated JSON nor destroys the previous report. The path
// is checked before the scan starts, and writing into a scanned tree needs --force. On standard output a
// closed pipe (`| head -1`) ends quietly; any other write error is a tool error (exit 2) with a message.
import { statSync } from 'node:fs';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, relative, resolve, isAbsolute } from 'node:path';
import { UsageError } from './errors.js';

export class OutputError extends Error {}

/** Throws UsageError when `output` cannot be written or lies inside a scanned folder (without --force). */
export function checkOutputPath(output: string, scanned: string[], force: boolean, cwd = process.cwd()): string {
  const target = resolve(cwd, output);
  const dir = dirname(target);
  let stat;
  try {
    stat = statSync(dir);
  } catch {
    throw new UsageError(`--output: folder ${dir} does not exist`);
  }
  if (!stat.isDirectory()) throw new UsageError(`--output: ${dir} is not a folder`);
  try {
    if (!statSync(target).isFile()) throw new UsageError(`--output: ${output} exists and is not a regular file`);
  } catch (e) {
    if (e instanceof UsageError) throw e;
  }
  if (!force) {
    for (const path of scanned) {
      const rel = relative(resolve(cwd, path), target);
      if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) {
        throw new UsageError(`--output ${output} is inside the scanned tree ${path}: use --force to write there`);
      }
    }
  }
  return target;
}

/** The pieces encoded into buffers of about `size` bytes: a JSON report comes in thousands of pieces, and a
 *  write call each cost ~80 ms of system calls on a 16 MB report (joining strings first cost more still).
 *  `ring`: the batches cycle through that many buffers, for a consumer that is done with a batch once
 *  `ring - 1` more have been handed out (the file writer: one write in flight while the next is filled),
 *  instead of a fresh buffer each (~90 garbage megabytes on CUTLASS). */
export function* batched(chunks: Iterable<string>, size = 1 << 20, ring = 0): Generator<Uint8Array> {
  const buffers = ring > 0 ? Array.from({ length: ring }, () => Buffer.allocUnsafe(size)) : [];
  let next = 0;
  const fresh = () => (ring > 0 ? buffers[next++ % ring]! : Buffer.allocUnsafe(size));
  let buffer = fresh();
  let used = 0;
  for (const chunk of chunks) {
    // A UTF-16 unit is at most 3 bytes of UTF-8: a piece that may not fit flushes first.
    if (chunk.length * 3 > size - used) {
      if (used) {
        yield buffer.subarray(0, used);
        buffer = fresh();
        used = 0;
      }
      if (chunk.length * 3 > size) {
        yield Buffer.from(chunk, 'utf8');
        continue;
      }
    }
    used += buffer.write(chunk, used, 'utf8');
  }
  if (used) yield buffer.subarray(0, used);
}

/** Writes the pieces to `target` through a temporary file in the same folder, then renames it. */
export async function writeReportFile(target: string, chunks: Iterable<string>): Promise<void> {
  const temp = `${dirname(target)}/.${basename(target)}.${process.pid}.cuport-tmp`;
  let file: FileHandle | undefined;
  let inFlight: Promise<void> | undefined;
  try {
    file = await open(temp, 'wx', 0o644);
    // One batch is written (on libuv's thread pool) while the next is encoded: on the bench corpus's
    // 112 MB report, writing had been ~300 ms of the main thread's ~900 ms for the report file.
    for (const batch of batched(chunks, undefined, 2)) {
      await inFlight;
      inFlight = writeAll(file, batch);
    }
    await inFlight;
    await file.sync();
    await file.close();
    file = undefined;
    await rename(temp, target);
  } catch (e) {
    await inFlight?.catch(() => {});
    if (file !== undefined) await file.close().catch(() => {});
    await unlink(temp).catch(() => {
      /* never created */
    });
    throw new OutputError(`cannot write ${target}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

async function writeAll(file: FileHandle, batch: Uint8Array): Promise<void> {
  for (let at = 0; at < batch.byteLength; ) at += (await file.write(batch, at)).bytesWritten;
}

/** Writes the pieces to standard output; false when the reader closed the pipe (EPIPE), which is not an error. */
export async function writeStdout(chunks: Iterable<string>): Promise<boolean> {
  const out = process.stdout;
  let failure: NodeJS.ErrnoException | undefined;
  const onError = (e: NodeJS.ErrnoException) => {
    failure ??= e;
  };
  out.on('error', onError);
  try {
    for (const chunk of batched(chunks)) {
      if (failure) break;
      if (!out.write(chunk)) {
        // Wait for the pipe to drain (or fail); both listeners go once either fires, so they never pile up.
        await new Promise<void>((done) => {
          const finish = () => {
            out.off('drain', finish);
            out.off('error', finish);
            done();
          };
          out.once('drain', finish);
          out.once('error', finish);
        });
      }
    }
    await new Promise<void>((done) => out.write('', () => done()));
  } finally {
    out.off('error', onError);
    // Later writes to a closed pipe are dropped rather than thrown.
    if (failure) out.on('error', () => {});
  }
  if (failure?.code === 'EPIPE') return false;
  if (failure) throw new OutputError(`cannot write the report to standard output: ${failure.code ?? failure.message}`);
  return true;
}
