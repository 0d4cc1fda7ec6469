// A kernel's profile × a target → its hazards there (status, reason with file:line, source), its status
// (the worst of its findings and its hazards), its hours, and for Ascend the alternatives to a hand
// rewrite that the evidence supports. All target knowledge is data: rules/kernels/hazards.yaml.
import { type Status, type Target } from '../model.js';
import { worse, type ClassifiedKernel } from '../classify/classify.js';
import type { EffortModel, Range } from '../estimate/effort-model.js';
import type { KernelHazardRules } from './hazard-rules.js';
import { kernelHours } from './cost.js';
import { round1 } from '../estimate/estimate.js';
import { KERNEL_FEATURES, type AscendAlternative, type Evidence, type KernelFeature, type KernelHazard, type KernelProfile } from './model.js';

/** A kernel as the report shows it: its classification, its profile, its hazards and hours per target. */
export interface ProfiledKernel extends ClassifiedKernel, KernelProfile {
  /** How many __device__ callees and launch sites there are (the lists are capped). */
  calleeCount: number;
  launchCount: number;
  hazards: Partial<Record<Target, KernelHazard[]>>;
  hours: Partial<Record<Target, Range>>;
  ascendAlternatives: AscendAlternative[];
}

export const MAX_CALLEES_SHOWN = 30;
export const MAX_LAUNCHES_SHOWN = 20;
const MAX_LOCATIONS = 5;

export interface AssessOptions {
  targets: Target[];
  products: Partial<Record<Target, string>>;
  rules: KernelHazardRules;
  effort: EffortModel;
}

const TARGET_NAMES: Record<Target, string> = { musa: 'MUSA', cann: 'CANN', birensupa: 'BIRENSUPA', dcu: 'DCU' };

export function assessKernel(kernel: ClassifiedKernel, profile: KernelProfile | undefined, options: AssessOptions): ProfiledKernel {
  const p: KernelProfile = profile ?? { externC: false, callees: [], launches: [], features: {} };
  const status: Partial<Record<Target, Status>> = { ...kernel.status };
  const hazards: Partial<Record<Target, KernelHazard[]>> = {};
  const hours: Partial<Record<Target, Range>> = {};
  for (const t of options.targets) {
    const list = hazardsOn(t, kernel.file, p, options);
    hazards[t] = list;
    status[t] = list.reduce<Status>((acc, h) => worse(acc, h.status), status[t] ?? 'native');
    hours[t] = round1(kernelHours(status[t]!, kernel.lines, list.map((h) => h.status), options.effort));
  }
  return {
    ...kernel,
    status,
    externC: p.externC,
    calleeCount: p.callees.length,
    callees: p.callees.slice(0, MAX_CALLEES_SHOWN),
    launchCount: p.launches.length,
    launches: p.launches.slice(0, MAX_LAUNCHES_SHOWN),
    features: p.features,
    hazards,
    hours,
    ascendAlternatives: options.targets.includes('cann') ? ascendAlternatives(kernel.name, p, options.rules) : [],
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
    const matching = verdict.when ? summary.evidence.filter((e) => verdict.when!.test(e.detail ?? '')) : summary.evidence;
    if (!matching.length) continue;
    const first = matching[0]!;
    out.push({
      feature,
      status: verdict.status,
      reason: `${TARGET_NAMES[target]}: \`${first.text}\` at ${where(first, kernelFile)} ${verdict.reason.replace(/\{detail\}/g, first.detail ?? feature)}`,
      locations: matching.slice(0, MAX_LOCATIONS).map((e) => where(e, kernelFile)),
      count: verdict.when ? matching.length : summary.count,
      source: verdict.source,
    });
  }
  return out;
}

const where = (e: Evidence, kernelFile: string) => `${e.file ?? kernelFile}:${e.line}${e.via ? ` (in ${e.via})` : ''}`;

/** For Ascend: an aclnn operator, CATLASS, triton-ascend or the Ascend 950 SIMT API, where the evidence supports it. */
export function ascendAlternatives(name: string, p: KernelProfile, rules: KernelHazardRules): AscendAlternative[] {
  const out: AscendAlternative[] = [];
  const has = (f: KernelFeature) => p.features[f] !== undefined;
  const a = rules.ascend;
  const op = a.aclnn.operators.find((o) => o.pattern.test(name));
  if (op) out.push({ kind: 'aclnn', suggestion: op.operator, why: `the kernel name "${name}" says it implements a standard operator`, source: a.aclnn.source });
  const gemmFeatures = a.catlass.features.filter(has);
  if (gemmFeatures.length || a.catlass.pattern.test(name)) {
    out.push({
      kind: 'catlass', suggestion: 'CATLASS GEMM templates',
      why: gemmFeatures.length ? `GEMM-like: uses ${gemmFeatures.join(', ')}` : `GEMM-like name "${name}"`, source: a.catlass.source,
    });
  }
  const tritonBlock = a.tritonAscend.blockedBy.filter(has);
  if (!tritonBlock.length) {
    out.push({ kind: 'triton-ascend', suggestion: 'a Triton kernel for triton-ascend', why: 'no PTX, grid sync, device launches, textures or clusters; keep the grid within the AI-core count, num_warps/num_stages do not apply', source: a.tritonAscend.source });
  }
  const simtBlock = a.ascendCSimt.blockedBy.filter(has);
  if (!simtBlock.length) {
    out.push({ kind: 'ascend-c-simt', suggestion: 'Ascend C SIMT API (Ascend 950 only)', why: 'no PTX, tensor cores, textures, clusters or device launches: a near line-by-line SIMT port on 950', source: a.ascendCSimt.source });
  }
  return out;
}
