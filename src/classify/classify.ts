// Gives every finding its status on each selected target from the rule table, and works out each
// kernel's status (the worst of its definition and of the constructs inside it).
import { STATUSES, type Finding, type KernelInfo, type Mapping, type Rule, type Status, type Target } from '../model.js';
import { UNRECOGNIZED } from '../detect/cpp-matcher.js';

export interface ClassifiedFinding extends Finding {
  status: Partial<Record<Target, Status>>;
  /** The targets whose verdict for this finding is inferred, not stated by a source (absent when none). */
  inferred?: Target[];
}

export interface ClassifiedKernel extends KernelInfo {
  status: Partial<Record<Target, Status>>;
}

/** The mapping an unrecognized name gets on every target. */
export const UNRECOGNIZED_MAPPING: Mapping = {
  status: 'unknown',
  note: 'A CUDA-looking name that is not in the cuport rule table: check it by hand (and consider adding a rule).',
  confidence: 'inferred',
  source: 'cuport',
};

export const UNRECOGNIZED_LIBRARY = 'Unrecognized CUDA names';

export const worse = (a: Status, b: Status): Status => (STATUSES.indexOf(a) >= STATUSES.indexOf(b) ? a : b);

/** The mapping for one product of a target: the base mapping with that product's overrides. */
export function mappingFor(rule: Rule, target: Target, product?: string): Mapping {
  const base = rule.targets[target];
  const override = product ? base.products?.[product] : undefined;
  if (!override) return base;
  // An override replaces the verdict; it keeps the base's source unless it names its own.
  const { products: _products, ...rest } = base;
  return { ...rest, name: undefined, note: undefined, ...override, confidence: override.confidence ?? base.confidence, source: override.source ?? base.source } as Mapping;
}

/** Finds a rule by id (src/rules/compiled.ts ruleLookup decodes only the rules asked for). */
export type RuleLookup = (id: string) => Rule | undefined;

export class Classifier {
  private readonly byId: RuleLookup;

  constructor(
    rules: Rule[] | RuleLookup,
    readonly targets: Target[],
    readonly products: Partial<Record<Target, string>> = {},
  ) {
    if (typeof rules === 'function') this.byId = rules;
    else {
      const byId = new Map(rules.map((r) => [r.id, r]));
      this.byId = (id) => byId.get(id);
    }
  }

  rule(id: string): Rule | undefined {
    return this.byId(id);
  }

  mapping(ruleId: string, target: Target): Mapping {
    if (ruleId === UNRECOGNIZED) return UNRECOGNIZED_MAPPING;
    const rule = this.byId(ruleId);
    if (!rule) throw new Error(`finding refers to unknown rule ${ruleId}`);
    return mappingFor(rule, target, this.products[target]);
  }

  library(ruleId: string): string {
    return this.byId(ruleId)?.library ?? UNRECOGNIZED_LIBRARY;
  }

  /** The finding itself, given its verdict: the scan's findings are not read unclassified afterwards, and a
   *  copy of each was ~20 MB of the report phase's heap on the bench corpus. */
  classify(f: Finding): ClassifiedFinding {
    return Object.assign(f, this.verdict(f.ruleId));
  }

  private verdict(ruleId: string): Pick<ClassifiedFinding, 'status' | 'inferred'> {
    let verdict = this.verdicts.get(ruleId);
    if (!verdict) {
      const status: Partial<Record<Target, Status>> = {};
      const inferred: Target[] = [];
      for (const t of this.targets) {
        const m = this.mapping(ruleId, t);
        status[t] = m.status;
        if (m.confidence === 'inferred') inferred.push(t);
      }
      verdict = inferred.length ? { status: Object.freeze(status), inferred: Object.freeze(inferred) as Target[] } : { status: Object.freeze(status) };
      this.verdicts.set(ruleId, verdict);
    }
    return verdict;
  }

  /** A finding's verdict depends only on its rule (the targets and products are fixed per classifier), so
   *  the findings of one rule share one frozen status object: a big tree has 140,000 findings and a few
   *  hundred rules, and one object per finding was ~20 MB of the report phase's heap. */
  private readonly verdicts = new Map<string, Pick<ClassifiedFinding, 'status' | 'inferred'>>();

  // A kernel's status is decided in one place, src/kernels/hazards.ts (assessKernel): from the findings in
  // the kernel and its __device__ callees and from its profile's hazards.
}
