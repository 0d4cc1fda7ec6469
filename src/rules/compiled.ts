// The rule table precompiled at build time. YAML is pleasant to write but slow to parse (the yaml
// package reads about 1 MB/s), so `npm run build` validates rules/*.yaml once and stores the result
// (src/rules/compiled-file.ts: rules decoded one by one when used, the match table and the prefilter's
// triggers ready) with a hash of the sources. At run time the hash is checked: if any rule file changed
// since the build, the YAML is loaded and validated again, so an edited rule is never silently ignored.
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Rule } from '../model.js';
import { loadRules, ruleFiles, writePrecompiledYaml, type LoadedRules } from './load.js';
import { buildMatchTable, loadUnrecognized, type MatchTable, type UnrecognizedPatterns } from './match-table.js';
import { encodeCompiled, readCompiled, type CompiledFile } from './compiled-file.js';
import { detectorTriggers } from '../scan/prefilter-triggers.js';

export interface CompiledRules extends LoadedRules {
  hash: string;
  unrecognized: UnrecognizedPatterns;
}

/** The files the table is built from, in a stable order. */
function sourceFiles(rulesDir: string): string[] {
  return [...ruleFiles(rulesDir), ...['schema.json', 'sources.yaml', 'unrecognized.yaml'].map((f) => join(rulesDir, f))];
}

/** A cheap fingerprint (name, size, modification time) checked before the content hash. */
function rulesStamp(rulesDir: string): string {
  return sourceFiles(rulesDir)
    .map((f) => {
      const st = statSync(f);
      return `${basename(f)}:${st.size}:${st.mtimeMs}`;
    })
    .join('|');
}

export const COMPILED_FILE = join(fileURLToPath(import.meta.url), '..', '..', 'rules.compiled.json');

/** A hash of every file the table is built from (names and contents). */
export function rulesHash(rulesDir: string): string {
  const hash = createHash('sha256');
  for (const file of sourceFiles(rulesDir)) {
    hash.update(basename(file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

export function compileRules(rulesDir: string, hash = rulesHash(rulesDir)): CompiledRules {
  return { hash, ...loadRules(rulesDir), unrecognized: loadUnrecognized(rulesDir) };
}

/** Writes the compiled table (used by the build and by tests), with the match table and the prefilter's
 *  triggers built from it, so that a scan with the built-in rules builds neither. */
export function writeCompiled(compiled: CompiledRules, file = COMPILED_FILE, rulesDir?: string) {
  const stamp = rulesDir ? rulesStamp(rulesDir) : undefined;
  const matchTable = buildMatchTable(compiled.rules, compiled.unrecognized);
  matchTable.detectorTriggers = detectorTriggers(matchTable) ?? null;
  const { hash, sources, unrecognized } = compiled;
  writeFileSync(file, encodeCompiled({ hash, ...(stamp ? { stamp } : {}), sources, unrecognized, matchTable }, compiled.rules));
}

/** The validated rule table: from the build's compiled file when it matches the sources, else from the YAML. */
export function loadRuleTable(rulesDir: string, compiledFile = COMPILED_FILE): CompiledRules {
  const compiled = readCompiled(compiledFile);
  let hash: string | undefined;
  if (compiled) {
    try {
      // Same sizes and times as at build time: unchanged. Otherwise compare contents (a fresh checkout
      // changes times, not contents).
      if (compiled.header.stamp === rulesStamp(rulesDir)) return fromCompiledFile(compiled);
      hash = rulesHash(rulesDir);
      if (compiled.header.hash === hash) return fromCompiledFile(compiled);
    } catch {
      /* a source file is missing or unreadable: loading the YAML says which */
    }
  }
  // No compiled table (running from sources), or the rules changed since the build.
  return remember(compileRules(rulesDir, hash));
}

/** What is known about a table loadRuleTable returned. Tables are keyed by identity: a copy with other rules
 *  (`{ ...table, rules }`, as a .cuport.yaml makes) is not found, and gets lookups and a match table of its own. */
interface LoadedTable {
  hash: string;
  unrecognized: UnrecognizedPatterns;
  /** The build's match table, when the table came from the compiled file. */
  matchTable?: MatchTable;
  /** One rule by id without decoding the others, when the table came from the compiled file. */
  rule?: (id: string) => Rule | undefined;
}
const loaded = new WeakMap<CompiledRules, LoadedTable>();

function remember(table: CompiledRules): CompiledRules {
  loaded.set(table, { unrecognized: table.unrecognized, hash: table.hash });
  return table;
}

/** A table over the compiled file whose `rules` are decoded on first access: a scan reads only the rules it
 *  found, through ruleLookup, and the build's match table (matchTableOf). */
function fromCompiledFile(compiled: CompiledFile): CompiledRules {
  const { hash, sources, unrecognized, matchTable } = compiled.header;
  let rules: Rule[] | undefined;
  const table: CompiledRules = {
    hash,
    get rules() {
      return (rules ??= compiled.all());
    },
    sources,
    unrecognized,
  };
  loaded.set(table, { hash, unrecognized, matchTable, rule: compiled.rule });
  return table;
}

/** Finds a table's rules by id: in the compiled file (decoding only those asked for) when the table is one
 *  loadRuleTable read from it, else by indexing `rules`. */
export function ruleLookup(table: CompiledRules): (id: string) => Rule | undefined {
  const known = loaded.get(table);
  if (known?.rule && known.unrecognized === table.unrecognized) return known.rule;
  const byId = new Map(table.rules.map((r) => [r.id, r]));
  return (id) => byId.get(id);
}

/** The match table of a rule table: the build's (with the prefilter's triggers) when the table is the one
 *  loadRuleTable read from the compiled file, else built now from its rules (project rules added). */
export function matchTableOf(table: CompiledRules): MatchTable {
  const known = loaded.get(table);
  if (known?.matchTable && known.unrecognized === table.unrecognized) return known.matchTable;
  return buildMatchTable(table.rules, table.unrecognized);
}

/** A string that changes whenever the table's content does, for cache keys: the source hash when the table
 *  is one loadRuleTable returned (hashing 9,000 rules' JSON costs ~60 ms a run), else a hash of its rules'
 *  and patterns' JSON (a .cuport.yaml that adds or overrides rules gives a new table). */
export function ruleTableIdentity(table: CompiledRules): string {
  const known = loaded.get(table);
  if (known && known.unrecognized === table.unrecognized) return `sources:${known.hash}`;
  return `content:${createHash('sha256').update(JSON.stringify([table.rules, table.unrecognized])).digest('hex')}`;
}

// `node dist/rules/compiled.js RULES_DIR` (run by `npm run build`) writes the compiled table.
// Run as a script (the build); the name check keeps a bundle that inlines this module from running it.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && import.meta.url.endsWith('/rules/compiled.js')) {
  const rulesDir = process.argv[2] ?? join(fileURLToPath(import.meta.url), '..', '..', '..', 'rules');
  const compiled = compileRules(rulesDir);
  writeCompiled(compiled, COMPILED_FILE, rulesDir);
  process.stdout.write(`cuport: compiled ${compiled.rules.length} rules to ${COMPILED_FILE}\n`);
  // The YAML data files too (effort model, hazards, scopes, ...): start-up then parses no YAML.
  const data = writePrecompiledYaml(rulesDir);
  process.stdout.write(`cuport: precompiled ${data} YAML data files\n`);
}
