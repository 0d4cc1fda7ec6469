// Loads rules/kernels/hazards.yaml: per kernel feature and target, the status, the reason and its public
// source; and the Ascend alternatives. Validated on load with file:line:field errors (like the rule table).
import { join } from 'node:path';
import { STATUSES, TARGETS, unknownProduct, type Status, type Target } from '../model.js';
import { lineOf, loadSources, parseYamlFile, RuleFileError } from '../rules/load.js';
import { KERNEL_FEATURES, type KernelFeature } from './model.js';
import { parseSharedMemoryLimits, type SharedMemoryLimits } from './shared-memory-limits.js';

export interface HazardVerdict {
  status: Status;
  reason: string;
  source: string;
  ref?: string;
  /** Only evidence whose detail matches this applies. */
  when?: RegExp;
}

export interface HazardRule extends HazardVerdict {
  products: Record<string, HazardVerdict>;
}

export interface AscendAlternativeRules {
  /** Call groups: a kernel calling one of the names shows the fact (exp, max, rsqrt, reduce, ...). */
  facts: Record<string, string[]>;
  /** `needs`/`unless` terms are facts or kernel features, `a|b` for either (src/kernels/ascend-alternatives.ts). */
  aclnn: { source: string; ref?: string; operators: { operator: string; why: string; needs: string[]; unless: string[]; name?: RegExp }[] };
  catlass: { source: string; ref?: string; features: KernelFeature[] };
  tritonAscend: { source: string; ref?: string; blockedBy: KernelFeature[] };
  ascendCSimt: { source: string; ref?: string; blockedBy: KernelFeature[] };
}

export interface KernelHazardRules {
  hazards: Partial<Record<KernelFeature, { summary: string; targets: Partial<Record<Target, HazardRule>> }>>;
  ascend: AscendAlternativeRules;
  /** Per-block shared memory limits with their sources (src/kernels/shared-memory-limits.ts). */
  sharedMemoryLimits: SharedMemoryLimits;
}

export const HAZARDS_FILE = join('kernels', 'hazards.yaml');

export function loadKernelHazards(
  rulesDir: string,
  file = join(rulesDir, HAZARDS_FILE),
  /** The source keys hazards may cite; pass the loaded rule table's to avoid reading sources.yaml again. */
  sources: Record<string, unknown> = loadSources(rulesDir),
): KernelHazardRules {
  const parsed = parseYamlFile(file);
  const data = parsed.data as Record<string, unknown> | null;
  const fail = (path: string[], problem: string) => new RuleFileError(file, lineOf(parsed, path), path.join('.'), problem);
  const object = (value: unknown, path: string[]): Record<string, unknown> => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw fail(path, 'must be a mapping');
    return value as Record<string, unknown>;
  };
  const text = (value: unknown, path: string[]): string => {
    if (typeof value !== 'string' || !value.trim()) throw fail(path, 'must be a non-empty string');
    return value;
  };
  const regex = (value: unknown, path: string[]): RegExp => {
    try {
      return new RegExp(text(value, path), 'i');
    } catch (e) {
      throw fail(path, `not a valid regular expression: ${(e as Error).message}`);
    }
  };
  const source = (value: unknown, path: string[]): string => {
    const key = text(value, path);
    if (!sources[key]) throw fail(path, `unknown source key "${key}" (add it to sources.yaml)`);
    return key;
  };
  const features = (value: unknown, path: string[]): KernelFeature[] => {
    if (!Array.isArray(value)) throw fail(path, 'must be a list of kernel features');
    return value.map((f, i) => {
      if (!(KERNEL_FEATURES as readonly unknown[]).includes(f)) throw fail([...path, String(i)], `unknown kernel feature "${String(f)}" (one of ${KERNEL_FEATURES.join(', ')})`);
      return f as KernelFeature;
    });
  };
  const verdict = (value: unknown, path: string[]): HazardVerdict => {
    const v = object(value, path);
    for (const key of Object.keys(v)) {
      if (!['status', 'reason', 'source', 'ref', 'when', 'products'].includes(key)) throw fail([...path, key], 'unknown field');
    }
    if (!(STATUSES as readonly unknown[]).includes(v.status)) throw fail([...path, 'status'], `must be one of ${STATUSES.join(', ')}`);
    return {
      status: v.status as Status,
      reason: text(v.reason, [...path, 'reason']),
      source: source(v.source, [...path, 'source']),
      ...(v.ref !== undefined ? { ref: text(v.ref, [...path, 'ref']) } : {}),
      ...(v.when !== undefined ? { when: regex(v.when, [...path, 'when']) } : {}),
    };
  };

  if (data?.version !== 1) throw fail(['version'], 'must be 1');
  const hazards: KernelHazardRules['hazards'] = {};
  for (const [feature, entry] of Object.entries(object(data.hazards, ['hazards']))) {
    const path = ['hazards', feature];
    if (!(KERNEL_FEATURES as readonly string[]).includes(feature)) throw fail(path, `unknown kernel feature (one of ${KERNEL_FEATURES.join(', ')})`);
    const e = object(entry, path);
    const targets: Partial<Record<Target, HazardRule>> = {};
    for (const [target, value] of Object.entries(object(e.targets, [...path, 'targets']))) {
      const tpath = [...path, 'targets', target];
      if (!(TARGETS as readonly string[]).includes(target)) throw fail(tpath, `unknown target (one of ${TARGETS.join(', ')})`);
      const products: Record<string, HazardVerdict> = {};
      const raw = (value as Record<string, unknown> | null)?.products;
      for (const [product, override] of Object.entries(raw === undefined ? {} : object(raw, [...tpath, 'products']))) {
        const bad = unknownProduct(target as Target, product);
        if (bad) throw fail([...tpath, 'products', product], bad);
        products[product] = verdict(override, [...tpath, 'products', product]);
      }
      targets[target as Target] = { ...verdict(value, tpath), products };
    }
    hazards[feature as KernelFeature] = { summary: text(e.summary, [...path, 'summary']), targets };
  }

  const alt = object(data.ascendAlternatives, ['ascendAlternatives']);
  const aclnn = object(alt.aclnn, ['ascendAlternatives', 'aclnn']);
  const operators = aclnn.operators;
  if (!Array.isArray(operators)) throw fail(['ascendAlternatives', 'aclnn', 'operators'], 'must be a list');
  const part = (key: string) => {
    const o = object(alt[key], ['ascendAlternatives', key]);
    return { o, source: source(o.source, ['ascendAlternatives', key, 'source']), ...(o.ref !== undefined ? { ref: text(o.ref, ['ascendAlternatives', key, 'ref']) } : {}) };
  };
  const rawFacts = object(alt.facts, ['ascendAlternatives', 'facts']);
  const facts: Record<string, string[]> = {};
  for (const [fact, names] of Object.entries(rawFacts)) {
    if (!Array.isArray(names) || !names.length) throw fail(['ascendAlternatives', 'facts', fact], 'must be a non-empty list of function names');
    facts[fact] = names.map((n, i) => text(n, ['ascendAlternatives', 'facts', fact, String(i)]));
  }
  const catlass = part('catlass');
  const triton = part('triton-ascend');
  const simt = part('ascend-c-simt');
  return {
    hazards,
    sharedMemoryLimits: parseSharedMemoryLimits(data.sharedMemoryLimits, { fail, object, text, source }),
    ascend: {
      facts,
      aclnn: {
        source: source(aclnn.source, ['ascendAlternatives', 'aclnn', 'source']),
        ...(aclnn.ref !== undefined ? { ref: text(aclnn.ref, ['ascendAlternatives', 'aclnn', 'ref']) } : {}),
        operators: operators.map((op, i) => {
          const path = ['ascendAlternatives', 'aclnn', 'operators', String(i)];
          const o = object(op, path);
          const terms = (v: unknown, key: string) => {
            if (v === undefined && key === 'unless') return [];
            if (!Array.isArray(v) || !v.length) throw fail([...path, key], 'must be a non-empty list of facts or kernel features');
            return v.map((t, j) => {
              const term = text(t, [...path, key, String(j)]);
              for (const part of term.split('|').map((x) => x.trim())) {
                if (!(part in facts) && !(KERNEL_FEATURES as readonly string[]).includes(part)) throw fail([...path, key, String(j)], `unknown fact "${part}" (a kernel feature or one of ${Object.keys(facts).join(', ')})`);
              }
              return term;
            });
          };
          return {
            operator: text(o.operator, [...path, 'operator']), why: text(o.why, [...path, 'why']),
            needs: terms(o.needs, 'needs'), unless: terms(o.unless, 'unless'),
            ...(o.name !== undefined ? { name: regex(o.name, [...path, 'name']) } : {}),
          };
        }),
      },
      catlass: { source: catlass.source, ...(catlass.ref ? { ref: catlass.ref } : {}), features: features(catlass.o.features, ['ascendAlternatives', 'catlass', 'features']) },
      tritonAscend: { source: triton.source, ...(triton.ref ? { ref: triton.ref } : {}), blockedBy: features(triton.o.blockedBy, ['ascendAlternatives', 'triton-ascend', 'blockedBy']) },
      ascendCSimt: { source: simt.source, ...(simt.ref ? { ref: simt.ref } : {}), blockedBy: features(simt.o.blockedBy, ['ascendAlternatives', 'ascend-c-simt', 'blockedBy']) },
    },
  };
}
