// Terminal width for the text report: display columns (CJK and full-width characters take two), a
// greedy word wrap, and the last pass that keeps every line of the report within 120 columns by
// wrapping long lines under their own indentation. Nothing is cut: the full text stays in the report.
export const TEXT_WIDTH = 120;

const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

export function displayWidth(s: string): number {
  let n = 0;
  for (const c of s) n += WIDE.test(c) ? 2 : 1;
  return n;
}

/** A word wider than `room` cut into pieces that fit, preferring a cut after a `/` (long paths). */
function pieces(word: string, room: number): string[] {
  const out: string[] = [];
  let rest = word;
  while (displayWidth(rest) > room) {
    let cut = 0, w = 0;
    const chars = [...rest];
    while (cut < chars.length && w + displayWidth(chars[cut]!) <= room) w += displayWidth(chars[cut++]!);
    const slash = chars.slice(0, cut).lastIndexOf('/');
    if (slash > room / 2) cut = slash + 1;
    out.push(chars.slice(0, Math.max(1, cut)).join(''));
    rest = chars.slice(Math.max(1, cut)).join('');
  }
  return [...out, rest];
}

/** Greedy word wrap at spaces (not at no-break spaces); a word wider than the line is cut into pieces. CJK text has no spaces, so it
 *  may also break after CJK punctuation and between CJK characters. */
export function wrap(text: string, width: number, indent: string): string[] {
  const room = Math.max(1, width - displayWidth(indent));
  const words = text
    .split(/(?<=[ \t])|(?<=[，。；、])|(?<=[\u4e00-\u9fff])(?=[\u4e00-\u9fff])/u)
    .flatMap((w) => (displayWidth(w.trimEnd()) > room ? pieces(w, room) : [w]));
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && displayWidth((indent + line + w).trimEnd()) > width) {
      lines.push(indent + line.trimEnd());
      line = w.trimStart();
    } else line += w;
  }
  if (line.trim()) lines.push(indent + line.trimEnd());
  return lines;
}

/** Each line wider than `width` wrapped, continuation lines indented two more than the line itself. */
export function fitWidth(text: string, width = TEXT_WIDTH): string {
  return text
    .split('\n')
    .flatMap((line) => {
      if (displayWidth(line) <= width) return [line];
      const indent = /^\s*/.exec(line)![0];
      const [first, ...rest] = wrap(line.slice(indent.length), width - indent.length - 2, '');
      return [indent + first, ...rest.map((l) => `${indent}  ${l}`)];
    })
    .join('\n');
}
