// Where a report goes. A file is written to a temporary file in the target folder, then renamed over the
// target, so a full disk or a crash never leaves truncated JSON nor destroys the previous report. The path
// is checked before the scan starts, and writing into a scanned tree needs --force. On standard output a
// closed pipe (`| head -1`) ends quietly; any other write error is a tool error (exit 2) with a message.
import { closeSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
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
 *  write call each cost ~80 ms of system calls on a 16 MB report (joining strings first cost more still). */
export function* batched(chunks: Iterable<string>, size = 1 << 20, reuse = false): Generator<Uint8Array> {
  let buffer = Buffer.allocUnsafe(size);
  let used = 0;
  for (const chunk of chunks) {
    // A UTF-16 unit is at most 3 bytes of UTF-8: a piece that may not fit flushes first.
    if (chunk.length * 3 > size - used) {
      if (used) {
        yield buffer.subarray(0, used);
        // `reuse`: the consumer is done with a yielded buffer before asking for the next (a synchronous
        // write), so one buffer serves the whole report instead of ~90 garbage megabytes on CUTLASS.
        if (!reuse) buffer = Buffer.allocUnsafe(size);
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
export function writeReportFile(target: string, chunks: Iterable<string>): void {
  const temp = `${dirname(target)}/.${basename(target)}.${process.pid}.cuport-tmp`;
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', 0o644);
    for (const chunk of batched(chunks, undefined, true)) writeSync(fd, chunk);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, target);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      /* never created */
    }
    throw new OutputError(`cannot write ${target}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
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
