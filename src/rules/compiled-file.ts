// The format of the compiled rule table (dist/rules.compiled.json), written by `npm run build`.
//
// A one-file scan needs a few hundred of the 9,000 rules, and turning all of them into objects (JSON.parse of
// the whole table, then restoring every rule) was the largest cost of starting a scan. So the file is:
//   line 1: a JSON header: hash, stamp, sources, unrecognized patterns, the match table and the prefilter's
//           detector triggers (what every scan needs), the rule ids in table order with the byte offset at
//           which each rule's line ends, and the strings shared by several rules;
//   then one line per rule: its JSON, each shared string written as its index in `strings`.
// A rule is parsed the first time it is asked for (by id or with the whole list), from its own bytes.
import { readFileSync } from 'node:fs';
import type { Rule, SourceInfo } from '../model.js';
import type { MatchTable, UnrecognizedPatterns } from './match-table.js';

/** Bumped whenever the layout changes: a file in another layout is not read (the YAML is loaded instead). */
const FORMAT = 2;

export interface CompiledHeader {
  format: typeof FORMAT;
  hash: string;
  /** rulesStamp() at compile time (src/rules/compiled.ts): when it still matches, no content hash is needed. */
  stamp?: string;
  sources: Record<string, SourceInfo>;
  unrecognized: UnrecognizedPatterns;
  /** buildMatchTable(rules, unrecognized), with its detectorTriggers. */
  matchTable: MatchTable;
  /** Rule ids in table order, and where each rule's line ends (bytes after the header's newline). */
  ids: string[];
  ends: number[];
  /** Strings used by more than one rule (notes, sources, refs, libraries, statuses); the others are inline. */
  strings: string[];
}

/** The file's bytes for a table: header line, then one line per rule. */
export function encodeCompiled(header: Omit<CompiledHeader, 'format' | 'ids' | 'ends' | 'strings'>, rules: Rule[]): Buffer {
  const uses = new Map<string, number>();
  const count = (value: unknown) => {
    if (typeof value === 'string') uses.set(value, (uses.get(value) ?? 0) + 1);
    else if (typeof value === 'number') throw new Error('a rule holds a number: the compiled format stores strings as numbers');
    else if (Array.isArray(value)) value.forEach(count);
    else if (value && typeof value === 'object') Object.values(value).forEach(count);
  };
  rules.forEach(count);
  const strings = [...uses].filter(([, n]) => n > 1).map(([s]) => s);
  const index = new Map(strings.map((s, i) => [s, i]));
  const intern = (value: unknown): unknown => {
    if (typeof value === 'string') return index.get(value) ?? value;
    if (Array.isArray(value)) return value.map(intern);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, intern(v)]));
    return value;
  };
  const lines = rules.map((rule) => Buffer.from(`${JSON.stringify(intern(rule))}\n`));
  const ends: number[] = [];
  let at = 0;
  for (const line of lines) ends.push((at += line.length) - 1);
  const full: CompiledHeader = { format: FORMAT, ...header, ids: rules.map((r) => r.id), ends, strings };
  return Buffer.concat([Buffer.from(`${JSON.stringify(full)}\n`), ...lines]);
}

/** A compiled file, read: its header now, its rules when asked for. */
export interface CompiledFile {
  header: CompiledHeader;
  /** The rule with this id, parsed on first use (the same object every time). */
  rule(id: string): Rule | undefined;
  /** Every rule, in table order (parsed now, those not parsed yet). */
  all(): Rule[];
}

/** Reads a compiled file; undefined when it is missing, in another format or truncated. */
export function readCompiled(file: string): CompiledFile | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const newline = bytes.indexOf(10);
  if (newline < 0) return undefined;
  let header: CompiledHeader;
  try {
    header = JSON.parse(bytes.toString('utf8', 0, newline)) as CompiledHeader;
  } catch {
    return undefined;
  }
  const body = newline + 1;
  const { ids, ends, strings } = header;
  if (header.format !== FORMAT || ids.length !== ends.length || body + (ends[ends.length - 1] ?? 0) > bytes.length) return undefined;
  restoreNullPrototypes(header.matchTable);

  const restore = (value: unknown): unknown => {
    if (typeof value === 'number') return strings[value];
    if (Array.isArray(value)) return value.map(restore);
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const k in value) out[k] = restore((value as Record<string, unknown>)[k]);
      return out;
    }
    return value;
  };
  const parsed: (Rule | undefined)[] = new Array(ids.length);
  const ruleAt = (i: number): Rule =>
    (parsed[i] ??= restore(JSON.parse(bytes.toString('utf8', body + (i === 0 ? 0 : ends[i - 1]! + 1), body + ends[i]!))) as Rule);
  let position: Map<string, number> | undefined;
  return {
    header,
    rule(id) {
      // A plain loop: `new Map(ids.map(...))` took 9 ms on its first run, the loop 2 ms.
      if (!position) {
        position = new Map();
        for (let i = 0; i < ids.length; i++) position.set(ids[i]!, i);
      }
      const i = position.get(id);
      return i === undefined ? undefined : ruleAt(i);
    },
    all: () => ids.map((_, i) => ruleAt(i)),
  };
}

/** buildMatchTable makes its name tables without a prototype (a rule named `constructor` is stored, not
 *  inherited); JSON.parse gives them Object.prototype, so it is taken off again. */
function restoreNullPrototypes(table: MatchTable) {
  for (const names of [table.cppNames, table.headers, table.pyNames, table.pyImports]) Object.setPrototypeOf(names, null);
}
