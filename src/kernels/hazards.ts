// A kernel's profile × a target → its hazards there (status, reason with file:line, source), its status
// (the worst of the findings in it and its __device__ callees and of its hazards: decided here and only
// here), its hours, and for Ascend the alternatives to a hand rewrite that the evidence supports. All
// target knowledge is data: rules/kernels/hazards.yaml (features) and the rule table (findings).
import { type KernelInfo, type Mapping, type Status, type Target } from '../model.js';
import { worse, type ClassifiedFinding, type ClassifiedKernel } from '../classify/classify.js';
import type { EffortModel, Range } from '../estimate/effort-model.js';
import type { KernelHazardRules } from './hazard-rules.js';
import { costedHazardStatuses, kernelCostStatus, kernelHours, kernelsRewrittenOn } from './cost.js';
import { round1 } from '../estimate/estimate.js';
import { ascendAlternatives } from './ascend-alternatives.js';
import { sharedMemoryFit, sharedMemoryHazard, type SharedMemoryFit } from './shared-memory-limits.js';
import type { CoveredHazard } from '../scope/covered-hazards.js';
import { KERNEL_FEATURES, type AscendAlternative, type Evidence, type KernelFeature, type KernelHazard, type KernelProfile } from './model.js';

/** A kernel as the report shows it: its classification, its profile, its hazards and hours per target. */
export interface ProfiledKernel extends ClassifiedKernel, KernelProfile {
  /** How many __device__ callees and launch sites there are (the lists are capped). */
  calleeCount: number;
  /** Lines of certain __device__ callees costed with this kernel: each shared callee is counted once, with the
   *  first kernel in (file, line) order that reaches it (src/kernels/callee-lines.ts). Costed lines = lines + calleeLines. */
  calleeLines: number;
  launchCount: number;
  hazards: Partial<Record<Target, KernelHazard[]>>;
  hours: Partial<Record<Target, Range>>;
  ascendAlternatives: AscendAlternative[];
  /** With cann selected and no aclnn operator or CATLASS template fitting what the kernel does: why, said
   *  explicitly rather than left as an empty list (src/kernels/ascend-alternatives.ts). */
  ascendNoOperator?: string;
  /** Per selected target, for a kernel with shared memory: its bytes against the target's stated per-block
   *  limit, or why there is none (src/kernels/shared-memory-limits.ts). */
  sharedMemoryLimits?: Partial<Record<Target, SharedMemoryFit>>;
}

export const MAX_CALLEES_SHOWN = 30;
export const MAX_LAUNCHES_SHOWN = 20;
const MAX_LOCATIONS = 5;

export interface AssessOptions {
  targets: Target[];
  products: Partial<Record<Target, string>>;
  rules: KernelHazardRules;
  effort: EffortModel;
  /** The rule table's verdict for a finding (its note and source make the reason of a `cuda-api` hazard). */
  classifier: { mapping(ruleId: string, target: Target): Mapping; rule?(id: string): unknown };
  /** Which hazards cost nothing of their own (src/scope/covered-hazards.ts): marked, and left out of the hours. */
  covered?: CoveredHazard;
  /** The callee lines attributed to this kernel (src/kernels/callee-lines.ts); none when absent. */
  calleeLines?: { attributed: number; reached: number };
}

/** The classified findings of one file between two lines (inclusive). */
export type FindingsIn = (file: string, from: number, to: number) => ClassifiedFinding[];


/** Every distinct place of a hazard (its `locations` are the first few): read by the `covered` test, which
 *  must see all of them. Kept beside the hazard so the report does not carry the long list. */
const ALL_PLACES = new WeakMap<KernelHazard, string[]>();
const withPlaces = (h: KernelHazard, places: string[]) => (ALL_PLACES.set(h, places), h);

export function assessKernel(kernel: KernelInfo, profile: KernelProfile | undefined, findingsIn: FindingsIn, options: AssessOptions): ProfiledKernel {
  const p: KernelProfile = profile ?? { externC: false, callees: [], launches: [], features: {} };
  // The findings of the kernel's own lines and of its certain callees' (a possible overload's do not count).
  const findings = [
    ...findingsIn(kernel.file, kernel.line, kernel.endLine).map((f) => ({ f })),
    ...p.callees.filter((c) => !c.possible).flatMap((c) => findingsIn(c.file, c.line, c.line + c.lines - 1).map((f) => ({ f, via: c.name }))),
  ];
  const extraLines = options.calleeLines?.attributed ?? 0;
  const status: Partial<Record<Target, Status>> = {};
  const hazards: Partial<Record<Target, KernelHazard[]>> = {};
  const hours: Partial<Record<Target, Range>> = {};
  const limits: Partial<Record<Target, SharedMemoryFit>> = {};
  for (const t of options.targets) {
    const list = hazardsOn(t, kernel.file, p, options);
    const fit = sharedMemoryFit(t, options.products[t], p.sharedMemory, options.rules.sharedMemoryLimits);
    if (fit) limits[t] = fit;
    const overLimit = sharedMemoryHazard(t, fit, `${kernel.file}:${kernel.line}`);
    if (overLimit) list.push(overLimit);
    // A kernel without a __global__ rule hit still has to be reviewed: start from native.
    const fromFindings = findings.reduce<Status>((acc, { f }) => worse(acc, f.status[t] ?? 'native'), 'native');
    const fromHazards = list.reduce<Status>((acc, h) => worse(acc, h.status), 'native');
    status[t] = worse(fromFindings, fromHazards);
    // Findings that make the status worse than every hazard does are listed as hazards too, so that the
    // status a reader sees is always explained by a line of the kernel's hazards.
    if (fromFindings !== fromHazards && worse(fromFindings, fromHazards) === fromFindings) {
      list.push(...findingHazards(t, findings.filter(({ f }) => f.status[t] === fromFindings), options));
    }
    // Hazards on code already on the target's path, or in a branch its compiler does not take, are
    // marked covered: listed, but not costed.
    const archDecided = list.some((h) => h.feature === 'cuda-arch-branch');
    hazards[t] = options.covered ? list.map((h) => {
      const covered = options.covered!(t, h, archDecided, ALL_PLACES.get(h) ?? h.locations);
      return covered ? { ...h, covered } : h;
    }) : list;
    // Costed where each construct is (src/kernels/cost.ts): a CUDA API in the kernel is charged per API.
    const rewritten = options.classifier.rule ? kernelsRewrittenOn(options.classifier as Parameters<typeof kernelsRewrittenOn>[0], t) : false;
    hours[t] = round1(kernelHours(kernelCostStatus(status[t]!, hazards[t], rewritten), kernel.lines + extraLines, costedHazardStatuses(hazards[t]), options.effort));
  }
  return {
    ...kernel,
    status,
    externC: p.externC,
    calleeCount: p.callees.length,
    calleeLines: extraLines,
    callees: p.callees.slice(0, MAX_CALLEES_SHOWN),
    launchCount: p.launches.length,
    launches: p.launches.slice(0, MAX_LAUNCHES_SHOWN),
    features: p.features,
    ...(p.instantiations ? { instantiations: p.instantiations } : {}),
    ...(p.sharedMemory ? { sharedMemory: p.sharedMemory } : {}),
    ...(Object.keys(limits).length ? { sharedMemoryLimits: limits } : {}),
    hazards,
    hours,
    ...ascendPart(kernel.name, p, options),
  };
}

/** Hazards of one kernel on one target, one per feature, in the order of KERNEL_FEATURES. */
export function hazardsOn(target: Target, kernelFile: string, p: KernelProfile, options: Pick<AssessOptions, 'products' | 'rules'>): KernelHazard[] {
  const out: KernelHazard[] = [];
  for (const feature of KERNEL_FEATURES) {
    const summary = p.features[feature];
    const rule = options.rules.hazards[feature]?.targets[target];
    if (!summary || !rule) continue;
    const product = options.products[target];
    const verdict = (product && rule.products[product]) || rule;
    if (verdict.status === 'native') continue;
    // Evidence only possible (in some of several fitting overloads) raises no hazard.
    const certain = summary.evidence.filter((e) => !e.possible);
    const matching = verdict.when ? certain.filter((e) => verdict.when!.test(e.detail ?? '')) : certain;
    if (!matching.length) continue;
    const first = matching[0]!;
    const places = [...new Set(matching.map((e) => where(e, kernelFile)))];
    out.push(withPlaces({
      feature,
      status: verdict.status,
      reason: `${target.toUpperCase()}: \`${first.text}\` at ${where(first, kernelFile)} ${verdict.reason.replace(/\{detail\}/g, first.detail ?? feature)}`,
      locations: places.slice(0, MAX_LOCATIONS),
      count: verdict.when ? matching.length : summary.count - (summary.possible ?? 0),
      source: verdict.source,
    }, places));
  }
  return out;
}

/** One `cuda-api` hazard for the findings that set the kernel's status on a target: the first one's
 *  reason (the rule table's note), the other names, and up to five places. */
function findingHazards(target: Target, findings: { f: ClassifiedFinding; via?: string }[], options: Pick<AssessOptions, 'classifier'>): KernelHazard[] {
  if (!findings.length) return [];
  const first = findings[0]!;
  const status = first.f.status[target]!;
  const mapping = options.classifier.mapping(first.f.ruleId, target);
  const at = (x: { f: ClassifiedFinding; via?: string }) => `${x.f.file}:${x.f.line}${x.via ? ` (in ${x.via})` : ''}`;
  const why = mapping.note ? `: ${shorten(mapping.note, 160)}` : '';
  const others = [...new Set(findings.map((x) => x.f.name))].filter((n) => n !== first.f.name);
  const also = others.length ? ` (also ${others.slice(0, 4).join(', ')}${others.length > 4 ? ', …' : ''})` : '';
  const places = [...new Set(findings.map(at))];
  return [withPlaces({
    feature: 'cuda-api',
    status,
    reason: `${target.toUpperCase()}: \`${first.f.name}\` at ${at(first)} is ${status}${why}${also}`,
    locations: places.slice(0, MAX_LOCATIONS),
    count: findings.length,
    source: mapping.source,
  }, places)];
}

const shorten = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

const where = (e: Evidence, kernelFile: string) => `${e.file ?? kernelFile}:${e.line}${e.via ? ` (in ${e.via})` : ''}`;

function ascendPart(name: string, p: KernelProfile, options: Pick<AssessOptions, 'targets' | 'rules'>): Pick<ProfiledKernel, 'ascendAlternatives' | 'ascendNoOperator'> {
  if (!options.targets.includes('cann')) return { ascendAlternatives: [] };
  const { alternatives, noOperator } = ascendAlternatives(name, p, options.rules.ascend);
  return { ascendAlternatives: alternatives, ...(noOperator ? { ascendNoOperator: noOperator } : {}) };
}
