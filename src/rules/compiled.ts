// The rule table precompiled at build time. YAML is pleasant to write but slow to parse (the yaml
// package reads about 1 MB/s), so `npm run build` validates rules/*.yaml once and stores the result
// as JSON with a hash of the sources. At run time the hash is checked: if any rule file changed since
// the build, the YAML is loaded and validated again, so an edited rule is never silently ignored.
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRules, ruleFiles, writePrecompiledYaml, type LoadedRules } from './load.js';
import { loadUnrecognized, type UnrecognizedPatterns } from './match-table.js';

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

/**
 * The compiled file interns repeated strings (notes, refs, sources, library names repeat thousands of
 * times in the generated table): it is about a third of the size, so it reads and parses in a third
 * of the time. Every string-valued field of a rule or mapping is stored as an index into `strings`.
 */
interface CompiledFile extends Omit<CompiledRules, 'rules'> {
  strings: string[];
  rules: unknown[];
  /** rulesStamp() at compile time: when it still matches, the content hash need not be recomputed. */
  stamp?: string;
}

function encode(compiled: CompiledRules): CompiledFile {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const intern = (value: unknown): unknown => {
    if (typeof value === 'string') {
      let i = index.get(value);
      if (i === undefined) {
        i = strings.length;
        strings.push(value);
        index.set(value, i);
      }
      return i;
    }
    if (Array.isArray(value)) return value.map(intern);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, intern(v)]));
    return value;
  };
  return { ...compiled, strings, rules: compiled.rules.map(intern) as unknown[] };
}

function decode(file: CompiledFile): CompiledRules {
  const { strings } = file;
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
  const { strings: _strings, rules, stamp: _stamp, ...rest } = file;
  return { ...rest, rules: rules.map(restore) as CompiledRules['rules'] };
}

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

/** Writes the compiled table (used by the build and by tests). */
export function writeCompiled(compiled: CompiledRules, file = COMPILED_FILE, rulesDir?: string) {
  const stamp = rulesDir ? rulesStamp(rulesDir) : undefined;
  writeFileSync(file, JSON.stringify({ ...encode(compiled), ...(stamp ? { stamp } : {}) }));
}

/** The validated rule table: from the build's JSON when it matches the sources, else from the YAML. */
export function loadRuleTable(rulesDir: string, compiledFile = COMPILED_FILE): CompiledRules {
  let hash: string | undefined;
  try {
    const compiled = JSON.parse(readFileSync(compiledFile, 'utf8')) as CompiledFile;
    // Same sizes and times as at build time: unchanged. Otherwise compare contents (a fresh checkout
    // changes times, not contents).
    if (compiled.stamp === rulesStamp(rulesDir)) return remember(decode(compiled));
    hash = rulesHash(rulesDir);
    if (compiled.hash === hash) return remember(decode(compiled));
  } catch {
    /* no compiled table (running from sources): fall through to the YAML */
  }
  return remember(compileRules(rulesDir, hash));
}

/** Tables as loaded (rules and unrecognized patterns by identity): their content is their source hash. */
const loaded = new WeakMap<object, { unrecognized: UnrecognizedPatterns; hash: string }>();
function remember(table: CompiledRules): CompiledRules {
  loaded.set(table.rules, { unrecognized: table.unrecognized, hash: table.hash });
  return table;
}

/** A string that changes whenever the table's content does, for cache keys: the source hash when the rules
 *  and patterns are the ones loadRuleTable returned (hashing 9,000 rules' JSON costs ~60 ms a run), else a
 *  hash of their JSON (a .cuport.yaml that adds or overrides rules gives new arrays). */
export function ruleTableIdentity(table: Pick<CompiledRules, 'rules' | 'unrecognized'>): string {
  const known = loaded.get(table.rules);
  if (known && known.unrecognized === table.unrecognized) return `sources:${known.hash}`;
  return `content:${createHash('sha256').update(JSON.stringify([table.rules, table.unrecognized])).digest('hex')}`;
}

// `node dist/rules/compiled.js RULES_DIR` (run by `npm run build`) writes the compiled table.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rulesDir = process.argv[2] ?? join(fileURLToPath(import.meta.url), '..', '..', '..', 'rules');
  const compiled = compileRules(rulesDir);
  writeCompiled(compiled, COMPILED_FILE, rulesDir);
  process.stdout.write(`cuport: compiled ${compiled.rules.length} rules to ${COMPILED_FILE}\n`);
  // The YAML data files too (effort model, hazards, scopes, ...): start-up then parses no YAML.
  const data = writePrecompiledYaml(rulesDir);
  process.stdout.write(`cuport: precompiled ${data} YAML data files\n`);
}
