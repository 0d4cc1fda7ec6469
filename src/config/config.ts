// The project configuration file (.cuport.yaml): default targets and globs, project rules (internal
// wrappers such as MY_CUDA_CHECK), overrides of built-in verdicts or of their hours, and effort
// calibration. Validated like the rule table: every mistake names the file, line and field.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { isOrderedRange, RANGE_ORDER_PROBLEM, type Range } from '../estimate/effort-model.js';
import { loadBaseEffortData, validateEffortOverrides, type EffortOverride } from '../estimate/overrides.js';
import { TARGETS, unknownProduct, type Mapping, type Rule, type SourceInfo, type Target } from '../model.js';
import { SCOPES, type Scope } from '../scope/scope.js';
import { lineOf, parseRuleFile, parseYamlFile, RuleFileError, schemaError, sourceProblems, validateRuleFile, type ParsedYaml } from '../rules/load.js';

const require = createRequire(import.meta.url);
// Loaded with the first configuration file: a scan without one never loads ajv.
const loadAjv = () => require('ajv') as typeof import('ajv').default;

/** Looked for in the working directory when --config is not given. */
export const DEFAULT_CONFIG_FILE = '.cuport.yaml';

export interface Override {
  /** Where the override is written (for error messages). */
  line: number;
  index: number;
  id?: string;
  cuda?: string;
  targets?: Partial<Record<Target, Mapping>>;
  hours?: Range;
}

export interface ProjectConfig {
  file: string;
  targets?: string[];
  include?: string[];
  exclude?: string[];
  rules: Rule[];
  /** Where each project rule is written: rule id → file and line. */
  ruleOrigins: Map<string, { file: string; line: number }>;
  sources: Record<string, SourceInfo>;
  overrides: Override[];
  /** Calibration: constants of rules/effort.yaml replaced, checked against its shape (src/estimate/overrides.ts). */
  effort: EffortOverride[];
  /** How hours become people: the length of a person-week and the team size (src/estimate/people.ts). */
  people?: { hoursPerWeek?: number; team?: number };
  /** Scope overrides: path prefix → scope (src/scope). */
  scopes?: Record<string, Scope>;
}

let validateConfig: ReturnType<InstanceType<ReturnType<typeof loadAjv>>['compile']> | undefined;

function validator(rulesDir: string) {
  if (!validateConfig) {
    const ajv = new (loadAjv())({ allErrors: true, strict: false });
    ajv.addSchema(JSON.parse(readFileSync(join(rulesDir, 'schema.json'), 'utf8')));
    validateConfig = ajv.compile(JSON.parse(readFileSync(join(rulesDir, 'config-schema.json'), 'utf8')));
  }
  return validateConfig;
}

/** The config file to use: --config FILE, else .cuport.yaml in the working directory, else none. */
export function findConfig(explicit: string | undefined, cwd = process.cwd()): string | undefined {
  if (explicit) {
    const file = resolve(cwd, explicit);
    if (!existsSync(file)) {
      const error = new RuleFileError(explicit, 1, '(file)', 'config file not found');
      error.title = 'invalid configuration file';
      throw error;
    }
    return file;
  }
  const candidate = join(cwd, DEFAULT_CONFIG_FILE);
  return existsSync(candidate) ? candidate : undefined;
}

export function loadConfig(file: string, rulesDir: string, builtinSources: Record<string, SourceInfo>): ProjectConfig {
  const parsed = parseYamlFile(file);
  const data = (parsed.data ?? {}) as Record<string, unknown>;
  const validate = validator(rulesDir);
  if (!validate(data)) throw schemaError(parsed, validate.errors ?? []);
  const fail = (path: (string | number)[], problem: string) =>
    new RuleFileError(file, lineOf(parsed, path.map(String)), path.join('.'), problem);

  for (const [i, t] of ((data.targets as string[] | undefined) ?? []).entries()) {
    const [target, product] = t.split(':') as [Target, string | undefined];
    const bad = product ? unknownProduct(target, product) : undefined;
    if (bad) throw fail(['targets', i], bad);
  }
  const sources = { ...builtinSources, ...((data.sources as Record<string, SourceInfo> | undefined) ?? {}) };
  for (const key of Object.keys((data.sources as object | undefined) ?? {})) {
    if (builtinSources[key]) throw fail(['sources', key], `source key "${key}" is already defined by cuport`);
  }

  // Project rule files: same schema as the built-in ones; their sources may come from this config.
  const rules: Rule[] = [];
  const ruleOrigins = new Map<string, { file: string; line: number }>();
  for (const [i, relative] of ((data.rules as string[] | undefined) ?? []).entries()) {
    const ruleFile = resolve(dirname(file), relative);
    if (!existsSync(ruleFile)) throw fail(['rules', i], `rule file ${relative} not found`);
    const ruleParsed = parseRuleFile(ruleFile);
    const fileRules = validateRuleFile(ruleParsed, rulesDir);
    fileRules.forEach((rule, k) => {
      const problem = sourceProblems(rule, sources)[0];
      if (problem) {
        const path = ['rules', String(k), ...problem.path];
        throw new RuleFileError(ruleFile, lineOf(ruleParsed, path), path.join('.'), problem.problem);
      }
      ruleOrigins.set(rule.id, { file: ruleFile, line: lineOf(ruleParsed, ['rules', String(k)]) });
    });
    rules.push(...fileRules);
  }

  const overrides: Override[] = ((data.overrides as Omit<Override, 'index' | 'line'>[] | undefined) ?? []).map((o, index) => {
    if (o.targets) checkSources(o.targets, sources, parsed, ['overrides', String(index), 'targets']);
    if (o.hours && !isOrderedRange(o.hours)) throw fail(['overrides', index, 'hours'], RANGE_ORDER_PROBLEM);
    return { ...o, index, line: lineOf(parsed, ['overrides', String(index)]) };
  });

  const effort = validateEffortOverrides(data.effort, loadBaseEffortData(rulesDir), parsed);
  return {
    file,
    ...(data.targets ? { targets: data.targets as string[] } : {}),
    ...(data.include ? { include: data.include as string[] } : {}),
    ...(data.exclude ? { exclude: data.exclude as string[] } : {}),
    rules,
    ruleOrigins,
    sources,
    overrides,
    effort,
    ...(data.people ? { people: data.people as ProjectConfig['people'] } : {}),
    ...(data.scopes ? { scopes: checkScopes(data.scopes, (path, problem) => fail(path, problem)) } : {}),
  };
}

/** `scopes:` maps path prefixes to one of the scopes (src/scope/scope.ts). */
function checkScopes(value: unknown, fail: (path: string[], problem: string) => Error): Record<string, Scope> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw fail(['scopes'], 'must map path prefixes to scopes');
  for (const [prefix, scope] of Object.entries(value as Record<string, unknown>)) {
    // `duplicate` is found from the files' contents, not assigned by path.
    const assignable = SCOPES.filter((x) => x !== 'duplicate');
    if (!(assignable as readonly unknown[]).includes(scope)) throw fail(['scopes', prefix], `unknown scope "${String(scope)}" (one of ${assignable.join(', ')})`);
  }
  return value as Record<string, Scope>;
}

function checkSources(targets: Partial<Record<Target, Mapping>>, sources: Record<string, SourceInfo>, parsed: ParsedYaml, path: string[]) {
  for (const t of TARGETS) {
    const m = targets[t];
    if (m && !sources[m.source]) {
      throw new RuleFileError(parsed.file, lineOf(parsed, [...path, t, 'source']), [...path, t, 'source'].join('.'), `unknown source key "${m.source}" (add it under sources:)`);
    }
  }
}

/**
 * The rule table with the project's rules added and its overrides applied. A project rule may not
 * reuse a built-in id or name (override the built-in instead); an override must name an existing rule.
 */
export function applyConfigToRules(builtin: Rule[], config: ProjectConfig): { rules: Rule[]; hours: Map<string, Range> } {
  const byId = new Map(builtin.map((r) => [r.id, r]));
  const byName = new Map(builtin.flatMap((r) => [r.cuda, ...(r.aliases ?? [])].map((n) => [`${r.language}:${n}`, r] as const)));
  for (const rule of config.rules) {
    const at = config.ruleOrigins.get(rule.id) ?? { file: config.file, line: 1 };
    if (byId.has(rule.id)) throw new RuleFileError(at.file, at.line, 'id', `rule id ${rule.id} is a built-in rule: use overrides: in ${config.file} to change it`);
    for (const n of [rule.cuda, ...(rule.aliases ?? [])]) {
      const clash = byName.get(`${rule.language}:${n}`);
      if (clash) throw new RuleFileError(at.file, at.line, 'cuda', `name ${n} is matched by built-in rule ${clash.id}: use overrides: to change it`);
    }
  }
  const rules = [...builtin, ...config.rules];
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const hours = new Map<string, Range>();
  for (const o of config.overrides) {
    const target = o.id ? rules[index.get(o.id) ?? -1] : rules.find((r) => r.cuda === o.cuda || r.aliases?.includes(o.cuda!));
    if (!target) {
      throw new RuleFileError(config.file, o.line, `overrides.${o.index}.${o.id ? 'id' : 'cuda'}`, `no rule ${o.id ? `with id ${o.id}` : `for ${o.cuda}`} (see cuport rules)`);
    }
    if (o.targets) {
      const updated: Rule = { ...target, targets: { ...target.targets, ...o.targets } };
      rules[index.get(target.id)!] = updated;
    }
    if (o.hours) hours.set(target.id, o.hours);
  }
  return { rules, hours };
}

/** The rule table a command sees: built-in, plus the project's rules and overrides when configured. */
export function projectRules(
  builtin: { rules: Rule[]; sources: Record<string, SourceInfo> },
  rulesDir: string,
  options: { config?: string; noConfig?: boolean },
): { rules: Rule[]; sources: Record<string, SourceInfo> } {
  const file = options.noConfig ? undefined : findConfig(options.config);
  if (!file) return builtin;
  const config = loadConfig(file, rulesDir, builtin.sources);
  return { rules: applyConfigToRules(builtin.rules, config).rules, sources: config.sources };
}
