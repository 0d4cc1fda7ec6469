// `cuport rules`: list and filter the rule table, show coverage statistics, validate a rule file.
import { loadRuleTable } from '../rules/compiled.js';
import { projectRules } from '../config/config.js';
import { loadSources, parseRuleFile, sourceProblems, validateRuleFile, RuleFileError } from '../rules/load.js';
import { mappingFor } from '../classify/classify.js';
import { FINDING_KINDS, STATUSES, TARGETS, type Rule, type Status, type Target } from '../model.js';
import { table } from '../report/format.js';
import { EXIT, UsageError } from './errors.js';
import { parseChoice, parseStatus, parseTargetSelection } from './options.js';
import { parseCommandArgs } from './parse-args.js';

export interface RuleFilter {
  targets: Target[];
  products: Partial<Record<Target, string>>;
  status?: Status;
  confidence?: 'confirmed' | 'inferred';
  library?: string;
  kind?: string;
  language?: 'cpp' | 'python';
}

/** A rule passes when its library/kind/language match and, on at least one selected target, its
 *  verdict has the wanted status and confidence. */
export function filterRules(rules: Rule[], f: RuleFilter): Rule[] {
  const library = f.library?.toLowerCase();
  return rules.filter((r) => {
    if (library && !r.library.toLowerCase().includes(library) && r.family !== library) return false;
    if (f.kind && r.kind !== f.kind) return false;
    if (f.language && r.language !== f.language) return false;
    if (!f.status && !f.confidence) return true;
    return f.targets.some((t) => {
      const m = mappingFor(r, t, f.products[t]);
      return (!f.status || m.status === f.status) && (!f.confidence || m.confidence === f.confidence);
    });
  });
}

export interface RuleStats {
  rules: number;
  perTarget: Partial<Record<Target, { status: Record<Status, number>; confirmed: number; inferred: number }>>;
}

export function ruleStats(rules: Rule[], targets: Target[], products: Partial<Record<Target, string>> = {}): RuleStats {
  const perTarget: RuleStats['perTarget'] = {};
  for (const t of targets) {
    const status = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
    let confirmed = 0;
    let inferred = 0;
    for (const r of rules) {
      const m = mappingFor(r, t, products[t]);
      status[m.status]++;
      if (m.confidence === 'confirmed') confirmed++;
      else inferred++;
    }
    perTarget[t] = { status, confirmed, inferred };
  }
  return { rules: rules.length, perTarget };
}

export async function runRules(args: string[], rulesDir: string): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    target: { type: 'string' },
    status: { type: 'string' },
    confidence: { type: 'string' },
    library: { type: 'string' },
    kind: { type: 'string' },
    language: { type: 'string' },
    stats: { type: 'boolean' },
    validate: { type: 'string', multiple: true },
    format: { type: 'string' },
    config: { type: 'string' },
    'no-config': { type: 'boolean' },
  });
  if (positionals.length) throw new UsageError(`rules takes no positional arguments (got "${positionals[0]}")`);
  const format = parseChoice(values.format, ['text', 'json'] as const, '--format', 'text');

  if (values.validate?.length) {
    let failed = 0;
    const sources = loadSources(rulesDir);
    for (const file of values.validate) {
      try {
        const rules = validateRuleFile(parseRuleFile(file), rulesDir);
        const unknown = rules.flatMap((r) => sourceProblems(r, sources).map((p) => `${r.id} ${p.path.join('.')}: ${p.problem}`));
        if (unknown.length) throw new Error(unknown.join('\n'));
        process.stdout.write(`${file}: ${rules.length} rules, valid\n`);
      } catch (e) {
        failed++;
        process.stderr.write(`${e instanceof RuleFileError ? e.message : `${file}: ${(e as Error).message}`}\n`);
      }
    }
    return failed ? EXIT.error : EXIT.ok;
  }

  const { targets, products } = parseTargetSelection(values.target);
  const filter: RuleFilter = {
    targets, products,
    ...(values.status ? { status: parseStatus(values.status, '--status')! } : {}),
    ...(values.confidence ? { confidence: parseChoice(values.confidence, ['confirmed', 'inferred'] as const, '--confidence', 'confirmed') } : {}),
    ...(values.library ? { library: values.library } : {}),
    ...(values.kind ? { kind: parseChoice(values.kind, FINDING_KINDS, '--kind', 'header') } : {}),
    ...(values.language ? { language: parseChoice(values.language, ['cpp', 'python'] as const, '--language', 'cpp') } : {}),
  };
  const { rules } = projectRules(loadRuleTable(rulesDir), rulesDir, { config: values.config, noConfig: values['no-config'] });
  const selected = filterRules(rules, filter).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  if (values.stats) {
    const stats = ruleStats(selected, targets, products);
    if (format === 'json') {
      process.stdout.write(JSON.stringify(stats, null, 2) + '\n');
      return EXIT.ok;
    }
    process.stdout.write(`${stats.rules} rules\n\n`);
    process.stdout.write(
      table(
        ['target', ...STATUSES, 'confirmed', 'inferred'],
        targets.map((t) => {
          const s = stats.perTarget[t]!;
          return [products[t] ? `${t}:${products[t]}` : t, ...STATUSES.map((st) => String(s.status[st])), String(s.confirmed), String(s.inferred)];
        }),
      ) + '\n',
    );
    return EXIT.ok;
  }

  if (format === 'json') {
    process.stdout.write(JSON.stringify(selected.map((r) => ({ id: r.id, cuda: r.cuda, kind: r.kind, library: r.library, targets: Object.fromEntries(targets.map((t) => [t, mappingFor(r, t, products[t])])) })), null, 2) + '\n');
    return EXIT.ok;
  }
  const cell = (r: Rule, t: Target) => {
    const m = mappingFor(r, t, products[t]);
    return `${m.status}${m.confidence === 'inferred' ? '*' : ''}`;
  };
  process.stdout.write(table(['id', 'cuda', 'library', ...targets], selected.map((r) => [r.id, r.cuda, r.library, ...targets.map((t) => cell(r, t))])) + '\n');
  process.stdout.write(`${selected.length} rules (* = inferred verdict)\n`);
  return EXIT.ok;
}
