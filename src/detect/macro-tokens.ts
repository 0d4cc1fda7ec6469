// Tokenizes the raw text tree-sitter leaves in a #define body (preproc_arg) so that CUDA names used in
// macros are found like any other. Comments and string/char literals are skipped, never tokenized.

export interface MacroToken {
  kind: 'name' | 'launch' | 'string';
  /** An identifier or qualified name (`a::b`), `<<<` for a launch, or a string literal's contents. */
  text: string;
  /** 0-based offset within the macro body. */
  offset: number;
  length: number;
}

/** `#define NAME(params) body` → name and body (with the body's offset in the directive text). */
export function splitDefine(text: string): { name: string; body: string; bodyOffset: number } | undefined {
  const m = /^#[ \t]*define[ \t]+([A-Za-z_][A-Za-z0-9_]*)(\([^)]*\))?/.exec(text);
  if (!m) return undefined;
  return { name: m[1]!, body: text.slice(m[0].length), bodyOffset: m[0].length };
}

/** A preprocessor directive starting at `start` as the preprocessor reads it: through every line that
 *  ends with a backslash (a comment on a line does not end the directive). */
export function wholeDirective(text: string, start: number): string {
  let end = start;
  for (;;) {
    const eol = text.indexOf('\n', end);
    if (eol < 0) return text.slice(start);
    const line = text.slice(end, eol).replace(/\r$/, '');
    if (!line.endsWith('\\')) return text.slice(start, eol).replace(/\r$/, '');
    end = eol + 1;
  }
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;

export function tokenizeMacroBody(body: string): MacroToken[] {
  const tokens: MacroToken[] = [];
  let i = 0;
  const n = body.length;
  while (i < n) {
    const c = body[i]!;
    const next = body[i + 1];
    if (c === '/' && next === '/') {
      // A line comment ends the macro's logical line except where a backslash continues it.
      while (i < n && body[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = body.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      const start = i;
      i++;
      while (i < n && body[i] !== c && body[i] !== '\n') i += body[i] === '\\' ? 2 : 1;
      i++;
      if (c === '"') tokens.push({ kind: 'string', text: body.slice(start + 1, i - 1), offset: start, length: i - start });
      continue;
    }
    if (c === '<' && body.startsWith('<<<', i)) {
      tokens.push({ kind: 'launch', text: '<<<', offset: i, length: 3 });
      i += 3;
      continue;
    }
    if (IDENT_START.test(c) && (i === 0 || !IDENT_PART.test(body[i - 1]!))) {
      // Raw string literals R"(...)" and prefixed strings u8"..." are strings, not names.
      const start = i;
      while (i < n && IDENT_PART.test(body[i]!)) i++;
      if (body[i] === '"' && /^(R|u8R|uR|UR|LR|u8|u|U|L)$/.test(body.slice(start, i))) {
        const raw = body.slice(start, i).endsWith('R');
        if (raw) {
          const open = body.indexOf('(', i);
          const delim = body.slice(i + 1, open);
          const close = body.indexOf(`)${delim}"`, open);
          i = close < 0 ? n : close + delim.length + 2;
        } else {
          i++;
          while (i < n && body[i] !== '"' && body[i] !== '\n') i += body[i] === '\\' ? 2 : 1;
          i++;
        }
        continue;
      }
      // Join `a :: b :: c` into one qualified name.
      let end = i;
      for (;;) {
        const m = /^\s*::\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(body.slice(end, end + 256));
        if (!m) break;
        end += m[0].length;
      }
      tokens.push({ kind: 'name', text: body.slice(start, end).replace(/\s+/g, ''), offset: start, length: end - start });
      i = end;
      continue;
    }
    if (/[0-9]/.test(c)) {
      // Skip numbers so that suffixes like 1.0f or 0xffu are not read as names.
      while (i < n && /[A-Za-z0-9_.']/.test(body[i]!)) i++;
      continue;
    }
    i++;
  }
  return tokens;
}

/** Work done by positionAt (index entries built plus binary-search steps): lets a test check that
 *  positioning every token of a body grows linearly-ish with its size, without timing anything. */
export const positionWork = { steps: 0 };

// The line-break offsets of the last text positioned: every token of one #define body shares them, so
// positioning n tokens costs one O(length) pass plus O(log lines) each, not O(length) each (quadratic:
// a macro continued over 50k lines took 24 s).
let indexedText: string | undefined;
let breaks: number[] = [];

function lineBreaks(text: string): number[] {
  if (text !== indexedText) {
    breaks = [];
    for (let k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) breaks.push(k);
    positionWork.steps += breaks.length + 1;
    indexedText = text;
  }
  return breaks;
}

/** Line and column of an offset within text that starts at (line, column); 0-based like tree-sitter. */
export function positionAt(text: string, offset: number, line: number, column: number): { line: number; column: number } {
  const index = lineBreaks(text);
  // Number of line breaks before `offset`.
  let low = 0;
  let high = index.length;
  while (low < high) {
    positionWork.steps++;
    const mid = (low + high) >>> 1;
    if (index[mid]! < offset) low = mid + 1;
    else high = mid;
  }
  const lastBreak = low > 0 ? index[low - 1]! : -1;
  return { line: line + low, column: lastBreak < 0 ? column + offset : offset - lastBreak - 1 };
}

/** Which kernel a `<<<` launches, from the text before it (a #define body up to the `<<<`):
 *  `Kernel<T, 160>` → Kernel with its template arguments; a macro parameter → its index; a name pasted
 *  from a parameter (`name##_kernel`) → the parameter and the pattern (`{}_kernel`). */
export function macroLaunchTarget(before: string, params: string[]): { name?: string; templateArgs?: string; param?: number; pattern?: string } {
  let end = before.replace(/\s+$/, '').length;
  let templateArgs: string | undefined;
  if (before[end - 1] === '>') {
    let depth = 0;
    let k = end - 1;
    for (; k >= 0; k--) {
      if (before[k] === '>') depth++;
      else if (before[k] === '<' && --depth === 0) break;
    }
    if (k < 0) return {};
    templateArgs = before.slice(k, end).replace(/\s+/g, ' ').slice(0, 120);
    end = k;
  }
  const m = /((?:[A-Za-z_]\w*\s*(?:##|::)\s*)*[A-Za-z_]\w*)\s*$/.exec(before.slice(Math.max(0, end - 300), end));
  if (!m) return templateArgs ? { templateArgs } : {};
  const written = m[1]!.replace(/\s+/g, '');
  const pieces = written.split('##');
  const paramAt = pieces.findIndex((piece) => params.includes(piece));
  if (paramAt >= 0) {
    const param = params.indexOf(pieces[paramAt]!);
    if (pieces.length === 1) return { param, ...(templateArgs ? { templateArgs } : {}) };
    // `name##_kernel<double><<<`: the template arguments hold for whichever kernel the use names.
    return { param, pattern: pieces.map((piece, k) => (k === paramAt ? '{}' : piece)).join(''), ...(templateArgs ? { templateArgs } : {}) };
  }
  const name = pieces.join('').split('::').pop()!;
  return { name, ...(templateArgs ? { templateArgs } : {}) };
}

