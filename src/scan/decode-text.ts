// Source bytes to text. UTF-8 first; UTF-16 with a byte-order mark is text; otherwise the encoding the
// file declares (`-*- coding: gbk -*-`, `# vim: fileencoding=…`), else GB18030 when the high bytes pair
// up as Chinese text does, else Windows-1252 — one character per byte, so columns stay byte offsets and
// no file is dropped for one Latin-1 byte in a comment. Only true binary (NUL bytes) is refused.

export type Decoded = { text: string; encoding: string } | { binary: string };

const BINARY_PROBE_BYTES = 8192;
const DECLARATION = /(?:-\*-.*?\bcoding[:=]\s*|\bcoding[:=]\s*|\bfileencoding=|\bencoding=)["']?([-\w.]+)/i;

export function decodeSource(buffer: Uint8Array): Decoded {
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return { text: decoder('utf-16le').decode(buffer.subarray(2)), encoding: 'utf-16le' };
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return { text: decoder('utf-16be').decode(buffer.subarray(2)), encoding: 'utf-16be' };
  if (buffer.subarray(0, BINARY_PROBE_BYTES).includes(0)) return { binary: 'contains NUL bytes' };
  const utf8 = tryDecode('utf-8', buffer);
  if (utf8 !== undefined) return { text: utf8.charCodeAt(0) === 0xfeff ? utf8.slice(1) : utf8, encoding: 'utf-8' };
  const declared = declaredEncoding(buffer);
  if (declared) {
    const text = tryDecode(declared, buffer);
    if (text !== undefined) return { text, encoding: declared };
  }
  if (looksLikeDoubleByteText(buffer)) {
    const text = tryDecode('gb18030', buffer);
    if (text !== undefined) return { text, encoding: 'gb18030' };
  }
  return { text: decoder('windows-1252').decode(buffer), encoding: 'windows-1252' };
}

/** The WHATWG name of an encoding the first two lines declare, if Node knows it. */
function declaredEncoding(buffer: Uint8Array): string | undefined {
  const head = Buffer.from(buffer.subarray(0, 1024)).toString('latin1').split(/\r\n|\r|\n/, 2).join('\n');
  const label = DECLARATION.exec(head)?.[1];
  if (!label) return undefined;
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return undefined;
  }
}

/** GBK/GB18030 text has its high bytes in pairs (lead ≥ 0x81, trail ≥ 0x40); Latin-1 text has them alone,
 *  between ASCII letters. Double-byte when at least 90 % of the high bytes are in such pairs. */
export function looksLikeDoubleByteText(buffer: Uint8Array): boolean {
  let paired = 0;
  let alone = 0;
  for (let i = 0; i < buffer.length; i++) {
    if (buffer[i]! < 0x80) continue;
    const next = buffer[i + 1] ?? 0;
    if (buffer[i]! >= 0x81 && buffer[i]! <= 0xfe && next >= 0x80 && next <= 0xfe) {
      paired += 2;
      i++;
    } else {
      alone++;
    }
  }
  return paired > 0 && paired >= 9 * alone;
}

const decoders = new Map<string, TextDecoder>();
function decoder(label: string, fatal = false): TextDecoder {
  const key = `${label}:${fatal}`;
  let d = decoders.get(key);
  if (!d) decoders.set(key, (d = new TextDecoder(label, { fatal })));
  return d;
}

function tryDecode(label: string, buffer: Uint8Array): string | undefined {
  try {
    return decoder(label, true).decode(buffer);
  } catch {
    return undefined;
  }
}
