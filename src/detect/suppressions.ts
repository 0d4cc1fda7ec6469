// Reads `cuport-ignore` suppression directives from a file's real comments (never from strings), per
// language. The directives are applied to findings later, in src/gate/suppressions.ts; this module only
// finds and parses them, so it runs in the file scan and its result is cached with the file.
//
// Forms (in any comment syntax of the language):
//   cuport-ignore RULES -- reason              this line
//   cuport-ignore-next-line RULES -- reason    the next line
//   cuport-ignore-start RULES -- reason  …  cuport-ignore-end      the lines in between
//   cuport: ignore[RULES] -- reason            this line when it trails code, else the next line
//   cuport: ignore-next-line[RULES] / ignore-start[RULES] / ignore-end   (the same, in the bracket form)
// RULES is a comma-separated list of rule ids, `FAMILY.*` (ids starting with `FAMILY.`), `unrecognized` or `*`.
import type { Language } from '../model.js';
import { lineIndex } from '../parse/line-index.js';

export type DirectiveForm = 'line' | 'next-line' | 'start' | 'end';

export interface SuppressionDirective {
  /** Line of the comment (1-based); for `line` and `next-line`, the lines they cover are line / line + 1. */
  line: number;
  form: DirectiveForm;
  /** The lines covered by a `line` / `next-line` directive (start and end: the comment's own line). */
  covers: number;
  rules: string[];
  /** The text after ` -- `; absent when none was given (then the directive does not suppress). */
  reason?: string;
  /** The directive as written, white space folded, for reports. */
  text: string;
}

interface Comment {
  /** The comment's text without its delimiters. */
  body: string;
  line: number;
  endLine: number;
  /** Whether only white space precedes the comment on its line. */
  ownLine: boolean;
}

const MARKER = 'cuport';

/** The suppression directives of one file, in file order; empty (and cheap) when "cuport" is not in it. */
export function readSuppressions(language: Language, text: string): SuppressionDirective[] {
  if (!text.includes(MARKER)) return [];
  const directives: SuppressionDirective[] = [];
  for (const comment of commentsOf(language, text)) {
    if (!comment.body.includes(MARKER)) continue;
    const directive = parseDirective(comment);
    if (directive) directives.push(directive);
  }
  return directives;
}

function commentsOf(language: Language, text: string): Comment[] {
  switch (language) {
    case 'cuda':
    case 'cpp':
      return cComments(text);
    case 'python':
    case 'bazel':
      return pythonComments(text);
    case 'cmake':
      // `#` starts a comment anywhere outside a quoted argument; bracket comments span lines.
      return hashComments(text, { quotes: '"', anywhere: true, brackets: true });
    case 'pyproject':
    case 'conda-env':
      return hashComments(text, { quotes: '"\'', anywhere: false, brackets: false });
    default:
      // make, dockerfile, requirements, setup.cfg: `#` at the start of a line or after white space
      // (a requirements URL's `#egg=` fragment is not a comment).
      return hashComments(text, { quotes: '', anywhere: false, brackets: false });
  }
}

const FORM_OF: Record<string, DirectiveForm> = { '': 'line', '-next-line': 'next-line', '-start': 'start', '-end': 'end' };
const DASHED = /^cuport-ignore(-next-line|-start|-end)?(?![\w-])(.*)$/s;
const BRACKET = /^cuport:\s*ignore(-next-line|-start|-end)?(?![\w-])\s*(?:\[([^\]]*)\])?(.*)$/s;

function parseDirective(comment: Comment): SuppressionDirective | undefined {
  const body = comment.body.replace(/^[\s*!/]+/, '').replace(/\s+/g, ' ').trim();
  let form: DirectiveForm;
  let rulesText: string;
  let rest: string;
  let bracket = false;
  const dashed = DASHED.exec(body);
  const bracketed = dashed ? null : BRACKET.exec(body);
  if (dashed) {
    form = FORM_OF[dashed[1] ?? '']!;
    const split = splitReason(dashed[2]!);
    rulesText = split.before;
    rest = split.reason ?? '';
  } else if (bracketed) {
    bracket = true;
    form = FORM_OF[bracketed[1] ?? '']!;
    rulesText = bracketed[2] ?? '';
    rest = splitReason(bracketed[3]!).reason ?? '';
  } else {
    return undefined;
  }
  const rules = rulesText.split(/[\s,]+/).filter(Boolean);
  const reason = rest.trim() || undefined;
  // The bracket form alone on its line covers the next line (a `# type: ignore` cannot trail a
  // requirements or CMake line everywhere); trailing code, it covers its own line.
  const nextLine = form === 'next-line' || (bracket && form === 'line' && comment.ownLine);
  return {
    line: comment.line,
    form: nextLine ? 'next-line' : form,
    covers: nextLine ? comment.endLine + 1 : comment.line,
    rules,
    ...(reason ? { reason } : {}),
    text: body,
  };
}

function splitReason(text: string): { before: string; reason?: string } {
  const at = text.indexOf('--');
  if (at < 0) return { before: text };
  return { before: text.slice(0, at), reason: text.slice(at + 2) };
}

function ownLine(text: string, offset: number): boolean {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return text.slice(start, offset).trim() === '';
}

/** Runs a small lexer over the text: `step` looks at offset `i`, may record comments and returns the next offset. */
function lex(text: string, step: (i: number, found: CommentSink) => number): Comment[] {
  const lineOf = lineIndex(text);
  const comments: Comment[] = [];
  const found: CommentSink = {
    span(start, bodyStart, bodyEnd) {
      comments.push({ body: text.slice(bodyStart, bodyEnd), line: lineOf(start), endLine: lineOf(Math.max(start, bodyEnd - 1)), ownLine: ownLine(text, start) });
    },
    toLineEnd(start, bodyStart) {
      const end = text.indexOf('\n', start);
      const stop = end < 0 ? text.length : end;
      this.span(start, bodyStart, stop);
      return stop;
    },
  };
  for (let i = 0; i < text.length; ) i = step(i, found);
  return comments;
}

interface CommentSink {
  /** Records a comment starting at `start` whose text is bodyStart..bodyEnd. */
  span(start: number, bodyStart: number, bodyEnd: number): void;
  /** Records a comment running to the end of the line; returns the offset of that line end. */
  toLineEnd(start: number, bodyStart: number): number;
}

/** C, C++ and CUDA comments, skipping string and character literals (raw strings included). */
export function cComments(text: string): Comment[] {
  return lex(text, (i, found) => {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      let end = text.indexOf('\n', i);
      // A backslash at the end of a // comment continues it on the next line.
      while (end > 0 && text[end - 1] === '\\') end = text.indexOf('\n', end + 1);
      if (end < 0) end = text.length;
      found.span(i, i + 2, end);
      return end;
    }
    if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      found.span(i, i + 2, end < 0 ? text.length : end);
      return end < 0 ? text.length : end + 2;
    }
    if (c === 'R' && next === '"' && literalStart(text, i)) {
      const open = text.indexOf('(', i + 2);
      const delimiter = open < 0 ? '' : text.slice(i + 2, open);
      const close = open < 0 ? -1 : text.indexOf(`)${delimiter}"`, open);
      return close < 0 ? text.length : close + delimiter.length + 2;
    }
    if (c === '"' || (c === '\'' && literalStart(text, i))) return skipQuoted(text, i, c);
    return i + 1;
  });
}

/** Whether a literal can start at `i`: after a non-word character or an encoding prefix (u8, u, U, L).
 *  A quote after a digit is a C++14 digit separator (1'000'000), not a character literal. */
function literalStart(text: string, i: number): boolean {
  return /(?:^|\W)(?:u8|u|U|L)?$/.test(text.slice(Math.max(0, i - 3), i));
}

/** The offset after a quoted literal opened at `start` (backslash escapes; ends at the line end if unclosed). */
function skipQuoted(text: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\') i += 2;
    else if (c === quote || c === '\n') return i + 1;
    else i++;
  }
  return i;
}

/** Python (and Starlark) `#` comments, skipping single-, double- and triple-quoted strings. */
export function pythonComments(text: string): Comment[] {
  return lex(text, (i, found) => {
    const c = text[i]!;
    if (c === '#') return found.toLineEnd(i, i + 1);
    if (c !== '"' && c !== '\'') return i + 1;
    if (!text.startsWith(c.repeat(3), i)) return skipQuoted(text, i, c);
    let j = i + 3;
    while (j < text.length && !text.startsWith(c.repeat(3), j)) j += text[j] === '\\' ? 2 : 1;
    return j + 3;
  });
}

/** `#` comments of line-oriented formats: at a line start or after white space (or anywhere), outside the
 *  given quotes. CMake bracket comments (`#[[ … ]]`, `#[=[ … ]=]`) are read whole. */
export function hashComments(text: string, syntax: { quotes: string; anywhere: boolean; brackets: boolean }): Comment[] {
  return lex(text, (i, found) => {
    const c = text[i]!;
    if (c === '#' && (syntax.anywhere || i === 0 || /\s/.test(text[i - 1]!))) {
      const bracket = syntax.brackets ? /^#\[(=*)\[/.exec(text.slice(i, i + 40)) : null;
      if (!bracket) return found.toLineEnd(i, i + 1);
      const close = text.indexOf(`]${bracket[1]}]`, i);
      found.span(i, i + bracket[0].length, close < 0 ? text.length : close);
      return close < 0 ? text.length : close + bracket[1]!.length + 2;
    }
    return syntax.quotes.includes(c) ? skipQuoted(text, i, c) : i + 1;
  });
}
