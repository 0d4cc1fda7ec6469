// The one way cuport opens a file it reads (sources, .gitignore, configuration, rule and baseline files):
// the last path component is not followed when it is a symbolic link (unless asked), the open never blocks
// (a FIFO or device opened O_NONBLOCK returns at once), and the descriptor itself is checked (fstat) to be a
// regular file within the size bound before anything is read. Checking the descriptor, not the path, closes
// the window in which a file found at discovery is swapped for a FIFO, a device or a symlink.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

export type PathLike = string | Uint8Array;

/** Why a file was refused; `code` becomes the skip reason of a scanned file. */
export class SafeOpenError extends Error {
  constructor(
    readonly code: 'symlink' | 'special-file' | 'too-large' | 'unreadable',
    message: string,
    readonly bytes = 0,
  ) {
    super(message);
    this.name = 'SafeOpenError';
  }
}

export interface SafeReadOptions {
  /** Largest number of bytes read; a larger file is refused with `too-large`. */
  maxBytes: number;
  /** Follow a symbolic link named by the path (--follow-symlinks). Default: refuse it. */
  followSymlinks?: boolean;
}

/** The kind of a non-regular file, for messages: "FIFO", "socket", "character device"… */
export function specialKind(stat: Stats): string {
  if (stat.isFIFO()) return 'FIFO';
  if (stat.isSocket()) return 'socket';
  if (stat.isCharacterDevice()) return 'character device';
  if (stat.isBlockDevice()) return 'block device';
  if (stat.isDirectory()) return 'directory';
  if (stat.isSymbolicLink()) return 'symbolic link';
  return 'not a regular file';
}

const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;

/** Opens a regular file without blocking (and without following a final symlink unless asked), checked
 *  on the descriptor; throws SafeOpenError saying why not. The caller closes the descriptor. */
function openRegularFile(path: PathLike, followSymlinks: boolean): { fd: number; stat: Stats } {
  const flags = OPEN_FLAGS | (followSymlinks ? 0 : constants.O_NOFOLLOW);
  let fd: number;
  try {
    fd = openSync(path as string, flags);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // O_NOFOLLOW on a symlink fails with ELOOP; opening a unix socket fails with ENXIO.
    if (code === 'ELOOP' && !followSymlinks) throw new SafeOpenError('symlink', 'symbolic link (not followed; --follow-symlinks follows it)');
    if (code === 'ENXIO') throw new SafeOpenError('special-file', 'socket or device, not a regular file');
    throw new SafeOpenError('unreadable', code ?? (e as Error).message);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new SafeOpenError('special-file', `${specialKind(stat)}, not a regular file`);
    return { fd, stat };
  } catch (e) {
    closeSync(fd);
    if (e instanceof SafeOpenError) throw e;
    throw new SafeOpenError('unreadable', (e as NodeJS.ErrnoException).code ?? (e as Error).message);
  }
}

/** Reads a whole regular file, at most `maxBytes`; throws SafeOpenError saying why not. */
export function readFileSafely(path: PathLike, options: SafeReadOptions): Buffer {
  const { fd, stat } = openRegularFile(path, options.followSymlinks ?? false);
  try {
    if (stat.size > options.maxBytes) {
      throw new SafeOpenError('too-large', `${stat.size} bytes is over the ${options.maxBytes}-byte limit`, stat.size);
    }
    // Read to the end but never past the bound: a file that grows after fstat (or lies about its size,
    // as /proc files do) cannot make the read unbounded.
    let buffer = Buffer.alloc(Math.min(stat.size, options.maxBytes) + 1);
    let read = 0;
    for (;;) {
      if (read === buffer.length) {
        if (buffer.length > options.maxBytes) {
          throw new SafeOpenError('too-large', `over the ${options.maxBytes}-byte limit (the file grew while being read)`, read);
        }
        const bigger = Buffer.alloc(Math.min(buffer.length * 2, options.maxBytes + 1));
        buffer.copy(bigger);
        buffer = bigger;
      }
      const n = readSync(fd, buffer, read, buffer.length - read, null);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read);
  } catch (e) {
    if (e instanceof SafeOpenError) throw e;
    throw new SafeOpenError('unreadable', (e as NodeJS.ErrnoException).code ?? (e as Error).message);
  } finally {
    closeSync(fd);
  }
}

/** The first `bytes` bytes of a regular file (fewer when it is shorter), opened like readFileSafely. */
export function readHeadSafely(path: PathLike, bytes: number, followSymlinks = false): Buffer {
  const { fd } = openRegularFile(path, followSymlinks);
  try {
    const buffer = Buffer.alloc(bytes);
    return buffer.subarray(0, readSync(fd, buffer, 0, bytes, 0));
  } catch (e) {
    throw new SafeOpenError('unreadable', (e as NodeJS.ErrnoException).code ?? (e as Error).message);
  } finally {
    closeSync(fd);
  }
}

/** Bound for small text files cuport reads besides sources: configuration, .gitignore, rule files. */
export const MAX_CONFIG_BYTES = 64 * 1024 * 1024;

/** A configuration-like file as UTF-8 text, opened safely; errors name the file. */
export function readTextSafely(path: string, options: Partial<SafeReadOptions> = {}): string {
  try {
    return readFileSafely(path, { maxBytes: options.maxBytes ?? MAX_CONFIG_BYTES, followSymlinks: options.followSymlinks ?? true }).toString('utf8');
  } catch (e) {
    if (e instanceof SafeOpenError) throw new Error(`${path}: ${e.message}`);
    throw e;
  }
}
