// One escaping function per output format, for every string the scanned project controls (file paths,
// names, preprocessor text). A file name is attacker-controlled: an ESC sequence must not reach a
// terminal, `<img onerror=…>` must not become HTML in a rendered Markdown comment or the HTML report.

/** C0 controls (incl. ESC, CR, LF, TAB), DEL, C1 controls, and the Unicode bidi overrides/isolates
 *  and marks that can make a terminal or browser show text in an order other than the bytes'. */
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const visible = (c: string): string => {
  const code = c.codePointAt(0)!;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/** For the terminal: control and bidi characters shown as `\x1b`, `\u202e`; everything else as is. */
export function escapeTerminal(s: string): string {
  return s.replace(UNSAFE_CHARS, visible);
}

/** Markdown inline text: controls made visible, then every character Markdown or HTML would read as
 *  markup backslash-escaped (`<`, `>` and `&` as entities, since a backslash does not neutralise raw
 *  HTML everywhere). Pipes are left to mdTable (format.ts), which escapes them once for every cell. */
export function escapeMarkdown(s: string): string {
  return escapeTerminal(s)
    .replace(/[\\`*_{}[\]()#+!~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** A Markdown code span holding `s` literally: the fence is one backtick longer than the longest run
 *  inside, padded with spaces when `s` starts or ends with a backtick (CommonMark 6.1). In a table,
 *  mdTable's `\|` for a pipe is resolved by GFM before the code span is read. */
export function markdownCode(s: string): string {
  const text = escapeTerminal(s);
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML text and attribute values (always quoted by the caller): entities for the five markup
 *  characters, controls and bidi characters made visible. */
export function escapeHtml(s: string): string {
  return escapeTerminal(s).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}
