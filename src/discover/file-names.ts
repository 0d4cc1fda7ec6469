// File names are bytes on Linux. A name that is valid UTF-8 is used as a string; one that is not is kept
// as its bytes for every file operation and shown escaped (\xNN per invalid byte, a literal backslash as
// \\), so two names that differ only in non-UTF-8 bytes stay two entries.
import { isUtf8 } from 'node:buffer';

export { isUtf8 };

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A printable, unambiguous name for raw path bytes; UTF-8 names come back unchanged. */
export function displayName(bytes: Uint8Array): string {
  if (isUtf8(bytes)) return UTF8.decode(bytes);
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceLength(bytes, i);
    if (length) {
      out += UTF8.decode(bytes.subarray(i, i + length)).replace(/\\/g, '\\\\');
      i += length;
    } else {
      out += `\\x${bytes[i]!.toString(16).toUpperCase().padStart(2, '0')}`;
      i++;
    }
  }
  return out;
}

/** Length of the valid UTF-8 sequence starting at `i`, or 0 when the byte there starts none. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  if (!length || i + length > bytes.length) return 0;
  return isUtf8(bytes.subarray(i, i + length)) ? length : 0;
}
