// Loads the rule table (rules/*.yaml), validates every file against rules/schema.json and the
// cross-file constraints (unique ids and names, known source keys), and reports problems with the
// file, line and field so a rule author can fix them without guessing.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { MAX_CONFIG_BYTES, readFileSafely, SafeOpenError } from '../discover/safe-open.js';
import { join, relative } from 'node:path';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { LineCounter, Document } from 'yaml';
import type { Rule, SourceInfo, Target } from '../model.js';
import { TARGETS, unknownProduct } from '../model.js';

const require = createRequire(import.meta.url);
// yaml and ajv are loaded when first needed (~35 ms of start-up): a scan whose data files match the build's
// precompiled copies (below) parses no YAML and validates no rule file.
const yaml = () => require('yaml') as typeof import('yaml');
// ajv ships CommonJS; createRequire keeps its default export usable from ESM under NodeNext.
const ajv = () => require('ajv') as typeof import('ajv').default;

/** Files in the rules directory that are not rule files. */
export const NON_RULE_FILES = new Set(['sources.yaml', 'effort.yaml', 'unrecognized.yaml', 'scopes.yaml']);

export class RuleFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${file}:${line}: ${field}: ${problem}`);
    this.name = 'RuleFileError';
  }

  /** How the command line titles the error: a configuration file is not a rule file. */
  title = 'invalid rule file';
}

/** A YAML/JSON file's text, opened safely (no FIFO, socket or device; bounded size); errors name the file. */
export function readYamlText(file: string): string {
  try {
    return readFileSafely(file, { maxBytes: MAX_CONFIG_BYTES, followSymlinks: true }).toString('utf8');
  } catch (e) {
    throw new RuleFileError(file, 1, '(file)', e instanceof SafeOpenError ? e.message : (e as Error).message);
  }
}

/** Alias expansions allowed while building a document: a "billion laughs" file fails fast instead of eating memory. */
const MAX_ALIAS_COUNT = 1000;

export interface LoadedRules {
  rules: Rule[];
  sources: Record<string, SourceInfo>;
}

export interface ParsedYaml {
  file: string;
  doc: Document.Parsed;
  lines: LineCounter;
  data: unknown;
}

/** Parses a YAML file keeping positions; a syntax error becomes a RuleFileError with its line. A text the
 *  build precompiled (byte for byte the same: keyed by its SHA-256) gives the build's data at once; its
 *  positions are only worked out when an error must be located. */
export function parseYamlFile(file: string, text = readYamlText(file)): ParsedYaml {
  const known = precompiledYaml().get(yamlKey(text));
  if (known === undefined) return parseWithPositions(file, text);
  let located: ParsedYaml | undefined;
  const lazy = () => (located ??= parseWithPositions(file, text));
  return {
    file,
    // A fresh copy per call: callers may keep or change what they get.
    data: JSON.parse(known),
    get doc() {
      return lazy().doc;
    },
    get lines() {
      return lazy().lines;
    },
  };
}

/** The build's precompiled YAML data files (rules/effort.yaml, kernels/hazards.yaml, ...), next to the
 *  compiled rule table. Absent (running from sources) or unreadable: every file is parsed. */
export const PRECOMPILED_YAML_FILE = join(fileURLToPath(import.meta.url), '..', '..', 'yaml.compiled.json');
let precompiled: Map<string, string> | undefined;
function precompiledYaml(): Map<string, string> {
  if (!precompiled) {
    try {
      precompiled = new Map(Object.entries(JSON.parse(readFileSync(PRECOMPILED_YAML_FILE, 'utf8')) as Record<string, string>));
    } catch {
      precompiled = new Map();
    }
  }
  return precompiled;
}
const yamlKey = (text: string) => createHash('sha256').update(text).digest('hex');

/** Writes the precompiled data of every YAML file under `rulesDir` that is not a rule file (rule files are in
 *  the compiled table): text hash → its data as JSON. A file whose data JSON cannot hold exactly (.inf,
 *  .nan) is left out, and parsed at run time. */
export function writePrecompiledYaml(rulesDir: string, file = PRECOMPILED_YAML_FILE): number {
  const rules = new Set(ruleFiles(rulesDir));
  const out: Record<string, string> = {};
  const files = readdirSync(rulesDir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f)).sort();
  for (const f of files.map((f) => join(rulesDir, f))) {
    if (rules.has(f) || relative(rulesDir, f).startsWith(`${GENERATED_DIR}/`)) continue;
    const text = readYamlText(f);
    const { data } = parseWithPositions(f, text);
    const json = JSON.stringify(data);
    if (json !== undefined && isDeepStrictEqual(JSON.parse(json), data)) out[yamlKey(text)] = json;
  }
  writeFileSync(file, JSON.stringify(out));
  precompiled = undefined;
  return Object.keys(out).length;
}

/**
 * A rule file: YAML (hand-written) or JSON (generated, thousands of rules). JSON is parsed with
 * JSON.parse (fast); positions are only worked out (JSON is YAML) when an error must be located.
 */
export function parseRuleFile(file: string): ParsedYaml {
  const text = readYamlText(file);
  if (!file.endsWith('.json')) return parseWithPositions(file, text);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return parseWithPositions(file, text);
  }
  let located: ParsedYaml | undefined;
  const lazy = () => (located ??= parseWithPositions(file, text));
  return {
    file,
    data,
    get doc() {
      return lazy().doc;
    },
    get lines() {
      return lazy().lines;
    },
  };
}

function parseWithPositions(file: string, text: string): ParsedYaml {
  const { LineCounter, parseDocument } = yaml();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const line = lines.linePos(first.pos[0]).line;
    throw new RuleFileError(file, line, '(syntax)', first.message.split('\n')[0] ?? first.message);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    // Raised while building the document (alias bombs, bad aliases): name the file, the first line of
    // the message only, never the content.
    throw new RuleFileError(file, 1, '(aliases)', ((e as Error).message.split('\n')[0] ?? 'invalid document').slice(0, 200));
  }
  return { file, doc, lines, data };
}

/** The 1-based line of the value at a JSON pointer path, or of its nearest existing parent. */
export function lineOf(parsed: ParsedYaml, pointer: string[]): number {
  for (let len = pointer.length; len >= 0; len--) {
    const node = parsed.doc.getIn(pointer.slice(0, len).map(keyOrIndex), true);
    if (yaml().isNode(node) && node.range) return parsed.lines.linePos(node.range[0]).line;
  }
  return 1;
}

function keyOrIndex(segment: string): string | number {
  return /^\d+$/.test(segment) ? Number(segment) : segment;
}

function pointerSegments(instancePath: string): string[] {
  return instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

let compiledValidator: ReturnType<InstanceType<ReturnType<typeof ajv>>['compile']> | undefined;

function validator(rulesDir: string) {
  if (!compiledValidator) {
    const schema = JSON.parse(readFileSync(join(rulesDir, 'schema.json'), 'utf8'));
    compiledValidator = new (ajv())({ allErrors: true, strict: false }).compile(schema);
  }
  return compiledValidator;
}

interface SchemaIssue {
  instancePath: string;
  message?: string;
  params: unknown;
}

/** The most useful schema error as a RuleFileError: the deepest path is where the author must look. */
export function schemaError(parsed: ParsedYaml, issues: SchemaIssue[]): RuleFileError {
  const e = [...issues].sort((a, b) => b.instancePath.split('/').length - a.instancePath.split('/').length)[0];
  if (!e) return new RuleFileError(parsed.file, 1, '(root)', 'invalid');
  const segments = pointerSegments(e.instancePath);
  const params = e.params as { missingProperty?: string; additionalProperty?: string; allowedValues?: unknown[] };
  const field = [...segments, ...(params.missingProperty ? [params.missingProperty] : []), ...(params.additionalProperty ? [params.additionalProperty] : [])].join('.') || '(root)';
  const problem = params.allowedValues ? `${e.message}: ${params.allowedValues.join(', ')}` : (e.message ?? 'invalid');
  return new RuleFileError(parsed.file, lineOf(parsed, params.additionalProperty ? [...segments, params.additionalProperty] : segments), field, problem);
}

/** Validates one parsed rule file against the schema; returns its rules or throws the first error. */
export function validateRuleFile(parsed: ParsedYaml, rulesDir: string): Rule[] {
  const validate = validator(rulesDir);
  if (!validate(parsed.data)) throw schemaError(parsed, validate.errors ?? []);
  const data = parsed.data as { family: string; library: string; language: 'cpp' | 'python'; rules: Omit<Rule, 'family' | 'library' | 'language'>[] };
  return data.rules.map((r) => ({ ...r, family: data.family, library: data.library, language: data.language }));
}

export function loadSources(rulesDir: string): Record<string, SourceInfo> {
  const file = join(rulesDir, 'sources.yaml');
  const parsed = parseYamlFile(file);
  const data = parsed.data as Record<string, Partial<SourceInfo>>;
  for (const [key, value] of Object.entries(data ?? {})) {
    for (const field of ['title', 'url'] as const) {
      if (typeof value?.[field] !== 'string' || !value[field]) {
        throw new RuleFileError(file, lineOf(parsed, [key]), `${key}.${field}`, 'must be a non-empty string');
      }
    }
  }
  return data as Record<string, SourceInfo>;
}

/** Folder of rule files written by scripts/generate-rules.mjs. */
export const GENERATED_DIR = 'generated';

/** Lists rule files in a stable order: hand-written YAML, then the generated JSON. */
export function ruleFiles(rulesDir: string): string[] {
  const hand = readdirSync(rulesDir)
    .filter((f) => /\.ya?ml$/.test(f) && !NON_RULE_FILES.has(f))
    .sort()
    .map((f) => join(rulesDir, f));
  let generated: string[] = [];
  try {
    generated = readdirSync(join(rulesDir, GENERATED_DIR))
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => join(rulesDir, GENERATED_DIR, f));
  } catch {
    /* no generated rules */
  }
  return [...hand, ...generated];
}

/** What is wrong with a rule's sources and product overrides (paths relative to the rule). */
export function sourceProblems(rule: Rule, sources: Record<string, unknown>): { path: string[]; problem: string }[] {
  const problems: { path: string[]; problem: string }[] = [];
  for (const target of TARGETS as readonly Target[]) {
    const mapping = rule.targets[target];
    if (!sources[mapping.source]) {
      problems.push({ path: ['targets', target, 'source'], problem: `unknown source key "${mapping.source}" (add it to sources.yaml)` });
    }
    for (const [product, override] of Object.entries(mapping.products ?? {})) {
      const path = ['targets', target, 'products', product];
      const bad = unknownProduct(target, product);
      if (bad) problems.push({ path, problem: bad });
      if (override.source && !sources[override.source]) problems.push({ path: [...path, 'source'], problem: `unknown source key "${override.source}"` });
    }
  }
  return problems;
}

/** Loads and validates the whole rule table. Throws RuleFileError on the first problem found. */
export function loadRules(rulesDir: string, extraFiles: string[] = []): LoadedRules {
  const sources = loadSources(rulesDir);
  const rules: Rule[] = [];
  const ids = new Map<string, string>();
  const names = new Map<string, string>();
  for (const file of [...ruleFiles(rulesDir), ...extraFiles]) {
    const parsed = parseRuleFile(file);
    const fileRules = validateRuleFile(parsed, rulesDir);
    fileRules.forEach((rule, i) => {
      const at = (field: string, problem: string, path: string[] = []) =>
        new RuleFileError(file, lineOf(parsed, ['rules', String(i), ...path]), `rules.${i}.${field}`, problem);
      const seenId = ids.get(rule.id);
      if (seenId) throw at('id', `duplicate rule id ${rule.id} (first defined in ${seenId})`, ['id']);
      ids.set(rule.id, file);
      for (const name of [rule.cuda, ...(rule.aliases ?? [])]) {
        const key = `${rule.language}:${name}`;
        const seen = names.get(key);
        if (seen) throw at('cuda', `name ${name} is already matched by rule ${seen}`, ['cuda']);
        names.set(key, rule.id);
      }
      const problem = sourceProblems(rule, sources)[0];
      if (problem) throw at(problem.path.join('.'), problem.problem, problem.path);
      rules.push(rule);
    });
  }
  return { rules, sources };
}
