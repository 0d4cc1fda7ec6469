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

/** The pieces joined into strings of about `size` characters: a JSON report comes as one piece per finding
 *  (20,000 on a mid-size repository), and one write call each cost ~80 ms of system calls. */
export function* batched(chunks: Iterable<string>, size = 1 << 20): Generator<string> {
  let pending: string[] = [];
  let length = 0;
  for (const chunk of chunks) {
    pending.push(chunk);
    length += chunk.length;
    if (length >= size) {
      yield pending.join('');
      pending = [];
      length = 0;
    }
  }
  if (pending.length) yield pending.join('');
}

/** Writes the pieces to `target` through a temporary file in the same folder, then renames it. */
export function writeReportFile(target: string, chunks: Iterable<string>): void {
  const temp = `${dirname(target)}/.${basename(target)}.${process.pid}.cuport-tmp`;
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', 0o644);
    for (const chunk of batched(chunks)) writeSync(fd, chunk);
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
      if (!out.write(chunk)) await new Promise<void>((done) => { out.once('drain', done); out.once('error', () => done()); });
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
