// `cuport explain NAME`: one CUDA name's status, equivalent, semantic note and public source on each
// target, like `dpct --query-api-mapping` but for four targets.
import { loadRuleTable } from '../rules/compiled.js';
import { projectRules } from '../config/config.js';
import { TARGET_LABELS, type Rule, type SourceInfo, type Target } from '../model.js';
import { mappingFor } from '../classify/classify.js';
import { EXIT, UsageError } from './errors.js';
import { parseChoice, parseTargetSelection } from './options.js';
import { parseCommandArgs } from './parse-args.js';

const MAX_SUGGESTIONS = 10;

export function findRules(rules: Rule[], name: string): Rule[] {
  const exact = rules.filter((r) => r.cuda === name || r.id === name || r.aliases?.includes(name));
  if (exact.length) return exact;
  // `thrust::device_vector` is explained by the rule for its namespace (`thrust::`).
  const namespace = rules
    .filter((r) => r.cuda.endsWith('::') && name.startsWith(r.cuda))
    .sort((a, b) => b.cuda.length - a.cuda.length)[0];
  if (namespace) return [namespace];
  // `cudaMemcpy()` or `<cuda_runtime.h>` as a user might paste them.
  const cleaned = name.replace(/\(\)$/, '').replace(/^[<"]|[>"]$/g, '');
  return cleaned === name ? [] : findRules(rules, cleaned);
}

export function suggestions(rules: Rule[], name: string): string[] {
  const needle = name.toLowerCase();
  return [...new Set(rules.map((r) => r.cuda).filter((c) => c.toLowerCase().includes(needle)))]
    .sort((a, b) => a.length - b.length || (a < b ? -1 : 1))
    .slice(0, MAX_SUGGESTIONS);
}

export function renderExplanation(
  rule: Rule,
  targets: Target[],
  sources: Record<string, SourceInfo>,
  products: Partial<Record<Target, string>> = {},
): string {
  const out: string[] = [];
  out.push(`${rule.cuda}  (${rule.library} · ${rule.kind} · rule ${rule.id})`);
  out.push(rule.summary);
  if (rule.aliases?.length) out.push(`Also matches: ${rule.aliases.join(', ')}`);
  const v = rule.versions;
  if (v) {
    const parts = [v.cudaAdded && `added ${v.cudaAdded}`, v.cudaDeprecated && `deprecated ${v.cudaDeprecated}`, v.cudaChanged && `changed ${v.cudaChanged}`, v.cudaRemoved && `removed ${v.cudaRemoved}`];
    out.push(`CUDA: ${parts.filter(Boolean).join(', ')}`);
  }
  for (const t of targets) {
    const product = products[t];
    const m = mappingFor(rule, t, product);
    const src = sources[m.source];
    out.push('');
    out.push(`${TARGET_LABELS[t]}${product ? ` · ${product}` : ''}: ${m.status}${m.name ? ` → ${m.name}` : ''}  [${m.confidence}]`);
    if (m.note) out.push(`  note:   ${m.note}`);
    out.push(`  source: ${src ? `${src.title} — ${src.url}` : m.source}${m.ref ? ` (${m.ref})` : ''}`);
    const others = Object.entries(rule.targets[t].products ?? {}).filter(([p]) => p !== product);
    // A product override says where its product support is stated (the vendor's per-function page).
    for (const [p, o] of others) out.push(`  on ${p}: ${o.status}${o.name ? ` → ${o.name}` : ''}${o.note ? ` (${o.note})` : ''}${o.ref ? ` [${o.ref}]` : ''}`);
  }
  return out.join('\n') + '\n';
}

export async function runExplain(args: string[], rulesDir: string): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    format: { type: 'string' },
    target: { type: 'string' },
    config: { type: 'string' },
    'no-config': { type: 'boolean' },
  });
  if (positionals.length !== 1) throw new UsageError('explain takes exactly one NAME, e.g. cuport explain cudaMemcpy');
  const format = parseChoice(values.format, ['text', 'json'] as const, '--format', 'text');
  const { targets, products } = parseTargetSelection(values.target);
  const name = positionals[0]!;
  const { rules, sources } = projectRules(loadRuleTable(rulesDir), rulesDir, { config: values.config, noConfig: values['no-config'] });
  const found = findRules(rules, name);
  if (!found.length) {
    const near = suggestions(rules, name.replace(/\(\)$/, ''));
    process.stderr.write(`cuport: no rule for "${name}".${near.length ? ` Did you mean: ${near.join(', ')}?` : ''}\n`);
    return EXIT.error;
  }
  if (format === 'json') {
    const payload = found.map((r) => ({
      id: r.id, cuda: r.cuda, kind: r.kind, library: r.library, summary: r.summary,
      ...(r.versions ? { versions: r.versions } : {}),
      targets: Object.fromEntries(
        targets.map((t) => {
          const m = mappingFor(r, t, products[t]);
          return [t, { ...m, ...(products[t] ? { product: products[t] } : {}), sourceInfo: sources[m.source] }];
        }),
      ),
    }));
    process.stdout.write(JSON.stringify(payload, null, 2) + '\n');
  } else {
    process.stdout.write(found.map((r) => renderExplanation(r, targets, sources, products)).join('\n'));
  }
  return EXIT.ok;
}
