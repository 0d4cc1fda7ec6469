// The preprocessor conditionals (#if / #ifdef / #elif / #else) each line of a C/C++ source sits under,
// read from the directive lines themselves rather than from the parse tree. Why: tree-sitter nests a
// conditional only where it encloses whole syntax nodes; an `#ifdef USE_CUDNN` that opens inside an
// `if { ... } else if` chain and closes after its `}` (Caffe's layer_factory.cpp) becomes an ERROR
// region, and every finding inside it would lose its guard — and with it the in-tree-port and
// optional-feature decisions that read guards (src/scope).
//
// Texts match what a reader writes: `#if A`, `#ifdef X`, `#ifndef X`, `#elif B`, and for an #else the
// branches it is the other side of: `#else (of #if A, #elif B)`. A directive line is inside its own
// conditional (the condition's names are guarded by it); the #endif line still is, the next line not.

interface Open {
  /** The texts of the branches taken so far (#if, then each #elif), for an #else to name. */
  branches: string[];
  /** The text of the branch the lines are in now. */
  current: string;
}

const DIRECTIVE = /^[ \t]*#[ \t]*(ifdef|ifndef|if|elifdef|elifndef|elif|else|endif)\b(.*)$/;

/** Consecutive lines under the same guards (1-based, inclusive). */
export interface GuardRun {
  from: number;
  to: number;
  guards: string[];
}

export interface LineGuards {
  /** The guards of a line (1-based), innermost last; undefined where a line is under none. */
  at(line: number): string[] | undefined;
  /** Every run of guarded lines, in order. */
  runs(): GuardRun[];
}

const UNGUARDED: LineGuards = { at: () => undefined, runs: () => [] };

/** The guards of every line of a source. */
export function lineGuards(text: string): LineGuards {
  // Most files have no conditional at all: no need to split them into lines.
  if (!/^[ \t]*#[ \t]*if/m.test(text)) return UNGUARDED;
  const byLine: (string[] | undefined)[] = [undefined];
  const stack: Open[] = [];
  let current: string[] | undefined;
  const snapshot = () => (current = stack.length ? stack.map((o) => o.current) : undefined);
  const lines = text.split('\n');
  let inBlockComment = false;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    const first = i;
    const directive = !inBlockComment ? DIRECTIVE.exec(line) : null;
    if (directive) {
      // A directive may continue over backslash-newlines: its lines share its guards.
      let body = directive[2]!;
      while (line.endsWith('\\') && i + 1 < lines.length) {
        body = body.slice(0, -1) + ' ' + lines[++i]!;
        line = lines[i]!;
      }
      const kind = directive[1]!;
      const cond = squash(stripComments(body));
      if (kind === 'if' || kind === 'ifdef' || kind === 'ifndef') {
        const text = `#${kind} ${cond}`;
        stack.push({ branches: [text], current: text });
      } else if (stack.length && (kind === 'elif' || kind === 'elifdef' || kind === 'elifndef')) {
        const top = stack[stack.length - 1]!;
        top.current = `#${kind} ${cond}`;
        top.branches.push(top.current);
      } else if (stack.length && kind === 'else') {
        const top = stack[stack.length - 1]!;
        top.current = `#else (of ${top.branches.join(', ')})`;
      }
      snapshot();
      for (let k = first; k <= i; k++) byLine.push(current);
      if (kind === 'endif' && stack.length) {
        stack.pop();
        snapshot();
      }
      // A block comment opened on the directive line (after its condition) runs on.
      inBlockComment = opensBlockComment(line, false);
      continue;
    }
    byLine.push(current);
    inBlockComment = opensBlockComment(line, inBlockComment);
  }
  return {
    at: (line) => byLine[line],
    runs: () => {
      const out: GuardRun[] = [];
      for (let line = 1; line < byLine.length; line++) {
        const g = byLine[line];
        if (!g) continue;
        const last = out[out.length - 1];
        // Lines between two directives share one snapshot array; a directive line (#endif) has an equal one.
        if (last && last.to === line - 1 && sameGuards(last.guards, g)) last.to = line;
        else out.push({ from: line, to: line, guards: g });
      }
      return out;
    },
  };
}

/** The guards of a line from a file's runs (binary search); undefined where none. */
export function guardsFromRuns(runs: readonly GuardRun[] | undefined, line: number): string[] | undefined {
  if (!runs) return undefined;
  let lo = 0, hi = runs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = runs[mid]!;
    if (line < r.from) hi = mid - 1;
    else if (line > r.to) lo = mid + 1;
    else return r.guards;
  }
  return undefined;
}

const sameGuards = (a: string[], b: string[]) => a === b || (a.length === b.length && a.every((x, i) => x === b[i]));

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** A condition's text without its comments (`#if A // why` guards on `A`). */
function stripComments(s: string): string {
  return s.replace(/\/\*.*?\*\//g, ' ').replace(/\/\*.*$/, ' ').replace(/\/\/.*$/, '');
}

/** Whether a block comment is still open at the end of this line, given whether one was at its start.
 *  Strings and character literals are skipped so a "/*" inside them opens nothing. */
function opensBlockComment(line: string, open: boolean): boolean {
  // Most lines have neither `/*` nor `*/`: the answer is then the state they started in, found without
  // reading them character by character (most of this function's time on a first, cold file).
  if (!line.includes(open ? '*/' : '/*')) return open;
  let inComment = open;
  for (let k = 0; k < line.length; k++) {
    const c = line[k]!;
    if (inComment) {
      if (c === '*' && line[k + 1] === '/') {
        inComment = false;
        k++;
      }
    } else if (c === '/' && line[k + 1] === '/') {
      return false;
    } else if (c === '/' && line[k + 1] === '*') {
      inComment = true;
      k++;
    } else if (c === '"' || c === "'") {
      for (k++; k < line.length && line[k] !== c; k++) if (line[k] === '\\') k++;
    }
  }
  return inComment;
}
