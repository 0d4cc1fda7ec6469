// Makefiles: nvcc, -arch=sm_XX / -gencode, nvcc-only flags, CUDA libraries, toolkit paths and .cu rules.
// Comments (`#` to the end of the line, continued by a trailing backslash; `\#` is a literal) are blanked
// out first, so nothing in a comment is ever a finding.
import type { RawFinding } from '../../model.js';
import type { MatchTable } from '../../rules/match-table.js';
import { FindingSink } from './findings.js';
import { scanWords } from './words.js';

export function detectMake(text: string, table: MatchTable): RawFinding[] {
  const sink = new FindingSink(table, text);
  const code = blankMessages(stripHashComments(text, { backslashContinues: true, escapedHash: true }));
  scanWords(sink, code, 0, code.length);
  return sink.findings;
}

/** `$(info ...)`, `$(warning ...)`, `$(error ...)` and recipe `echo` lines are messages for people, not build
 *  settings ("nvcc not found"): blanked like comments. */
export function blankMessages(code: string): string {
  return code
    .replace(/\$\((?:info|warning|error)\s[^\n]*/g, (m) => ' '.repeat(m.length))
    .replace(/(^|[;&|]\s*|^\t@?)(echo|printf)\b[^\n]*/gm, (m, lead: string) => lead + ' '.repeat(m.length - lead.length));
}

export interface HashCommentOptions {
  /** A comment line ending in `\` continues onto the next line (make). */
  backslashContinues?: boolean;
  /** `\#` is a literal hash, not a comment (make). */
  escapedHash?: boolean;
  /** A `#` only starts a comment at the start of a line (Dockerfile). */
  lineStartOnly?: boolean;
  /** A `#` only starts a comment at the start of a line or after whitespace (pip, YAML). */
  afterSpaceOnly?: boolean;
  /** Quotes protect a `#` (YAML, TOML, Starlark). */
  quotes?: boolean;
}

/** The text with every `#` comment replaced by spaces (newlines kept: offsets and lines do not move). */
export function stripHashComments(text: string, options: HashCommentOptions = {}): string {
  const out = text.split('');
  let quote: string | undefined;
  let lineStart = true;
  for (let i = 0; i < out.length; i++) {
    const c = out[i]!;
    if (c === '\n') {
      quote = undefined;
      lineStart = true;
      continue;
    }
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (options.quotes && (c === '"' || c === "'")) {
      quote = c;
      lineStart = false;
      continue;
    }
    if (c === '#') {
      const escaped = options.escapedHash && i > 0 && out[i - 1] === '\\';
      const allowed = options.lineStartOnly ? lineStart : options.afterSpaceOnly ? i === 0 || /\s/.test(out[i - 1]!) : true;
      if (!escaped && allowed) {
        let j = i;
        for (;;) {
          while (j < out.length && out[j] !== '\n') out[j++] = ' ';
          // make: a backslash at the end of a comment line continues the comment.
          if (options.backslashContinues && j < out.length && j > i && text[j - 1] === '\\') {
            j++;
            continue;
          }
          break;
        }
        i = j - 1;
        continue;
      }
    }
    if (!/\s/.test(c)) lineStart = false;
  }
  return out.join('');
}
