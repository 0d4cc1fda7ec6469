// Builds the Report: the one data structure every output format renders. Its JSON form is the
// documented, versioned machine format (docs/report-schema.json); bump REPORT_SCHEMA_VERSION on any
// incompatible change.
import { createRequire } from 'node:module';
import { dirname } from 'node:path/posix';
import { STATUSES, type FileResult, type FindingKind, type SkippedFile, type SourceInfo, type Status, type Target } from '../model.js';
import type { ClassifiedFinding, Classifier } from '../classify/classify.js';
import type { ProfiledKernel } from '../kernels/hazards.js';
import { costedHazardStatuses, kernelHours } from '../kernels/cost.js';
import type { UnresolvedLaunch } from '../kernels/model.js';
import { SCOPES, type Scope } from '../scope/scopes.js';
import { UNRECOGNIZED_MAPPING } from '../classify/classify.js';
import { UNRECOGNIZED } from '../detect/cpp-matcher.js';
import { chargedPerApi, estimateTarget, round1, type TargetEstimate } from '../estimate/estimate.js';
import type { EffortModel, Range } from '../estimate/effort-model.js';
import { peopleEstimate, type PeopleEstimate } from '../estimate/people.js';
import type { GateSummary } from '../gate/accept.js';

export const REPORT_SCHEMA_VERSION = 1;

const require = createRequire(import.meta.url);
export const TOOL_VERSION: string = (require('../../package.json') as { version: string }).version;

export interface TargetSummary {
  /** Findings per status on this target. */
  statusCounts: Record<Status, number>;
  /** Share of findings that are native or a mechanical rename (0..1), null when there are none. */
  portableShare: number | null;
  /** Findings whose verdict on this target rests on an inferred (not source-stated) fact. */
  inferredFindings: number;
  estimate: TargetEstimate;
  /** Hours of the code outside product scope (no setup), shown beside the estimate and not totalled. */
  outsideProduct: Partial<Record<Scope, Range>>;
}

export interface Blocker {
  ruleId: string;
  name: string;
  status: Status;
  count: number;
  /** The first few places, as file:line. */
  locations: string[];
  equivalent?: string;
  note?: string;
}

export interface Weight {
  path: string;
  findings: number;
  /** Likely hours of this path's occurrences and kernels, summed over the selected targets. */
  likelyHours: number;
}

export interface RuleSummary {
  cuda: string;
  kind: FindingKind | 'unrecognized';
  library: string;
  summary: string;
  targets: Partial<Record<Target, { status: Status; name?: string; note?: string; confidence: string; source: string; ref?: string }>>;
}

export interface FileSummary {
  file: string;
  language: string;
  scope: Scope;
  lines: number;
  findings: number;
  parseErrors: number;
}

export interface ScopeCount {
  files: number;
  findings: number;
  kernels: number;
}

export interface Report {
  schema: 'cuport-report';
  schemaVersion: number;
  tool: { name: 'cuport'; version: string };
  targets: Target[];
  /** The product chosen per target (`--target cann:950`); a target without one uses the base verdicts. */
  products: Partial<Record<Target, string>>;
  summary: {
    filesScanned: number;
    filesSkipped: number;
    lines: number;
    bytes: number;
    findings: number;
    kernels: number;
    filesWithParseErrors: number;
    findingsByKind: Partial<Record<FindingKind, number>>;
    /** Files, findings and kernels per scope present; only `product` is in the estimate. */
    scopes: Partial<Record<Scope, ScopeCount>>;
  };
  targetSummaries: Partial<Record<Target, TargetSummary>>;
  blockers: Partial<Record<Target, Blocker[]>>;
  heaviest: { files: Weight[]; directories: Weight[] };
  findings: ClassifiedFinding[];
  /** Kernels with their profile, hazards and hours per target, heaviest first (src/kernels). */
  kernels: ProfiledKernel[];
  /** Launches not tied to a __global__ definition (function pointers, template parameters, kernels defined outside the scan). */
  unresolvedLaunches: { count: number; examples: UnresolvedLaunch[] };
  files: FileSummary[];
  skipped: SkippedFile[];
  rules: Record<string, RuleSummary>;
  sources: Record<string, SourceInfo>;
  assumptions: EffortModel;
  /** The hour totals as person-weeks and elapsed weeks for a team (src/estimate/people.ts). */
  people: PeopleEstimate;
  /** Suppressions, baseline and pull-request mode (src/gate/accept.ts); absent when none applied. */
  gate?: GateSummary;
}

export interface ReportInput {
  targets: Target[];
  results: FileResult[];
  findings: ClassifiedFinding[];
  kernels: ProfiledKernel[];
  unresolvedLaunches?: UnresolvedLaunch[];
  classifier: Classifier;
  sources: Record<string, SourceInfo>;
  effort: EffortModel;
  /** The working week and team size for the person-weeks (defaults: 40 h, 1). */
  people?: { hoursPerWeek?: number; team?: number };
  /** The scope of each file (src/scope/scopes.ts); every file is product code when absent. */
  scopeOf?: (file: string) => Scope;
}

/** The rule for __global__ kernel definitions (rules/cuda-constructs.yaml). */
const GLOBAL_KERNEL_RULE = 'construct.global-kernel';

const BLOCKING: Status[] = ['unsupported', 'rewrite', 'unknown'];
const MAX_BLOCKERS = 20;
const MAX_LOCATIONS = 3;
const MAX_HEAVIEST = 10;
const MAX_UNRESOLVED_SHOWN = 20;

/** Heaviest kernels first: likely hours summed over the selected targets, then by place. */
function sortByEffort(kernels: ProfiledKernel[], targets: Target[]): ProfiledKernel[] {
  const likely = (k: ProfiledKernel) => Math.round(targets.reduce((n, t) => n + (k.hours[t]?.[1] ?? 0), 0) * 1000);
  return [...kernels].sort((a, b) => likely(b) - likely(a) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || (a.name < b.name ? -1 : 1));
}

export function buildReport(input: ReportInput): Report {
  const { targets, results, findings, kernels, classifier, effort } = input;
  const scopeOf = input.scopeOf ?? (() => 'product' as const);
  const scanned = results.filter((r) => !r.skipped);
  // Only product code is estimated; findings and kernels elsewhere are priced beside it, per scope.
  const findingsByScope = groupBy(findings, (f) => scopeOf(f.file));
  const kernelsByScope = groupBy(kernels, (k) => scopeOf(k.file));
  const productFindings = findingsByScope.get('product') ?? [];
  const productKernels = kernelsByScope.get('product') ?? [];
  const otherScopes = SCOPES.filter((s) => s !== 'product' && (findingsByScope.has(s) || kernelsByScope.has(s)));
  const libraryOf = (id: string) => classifier.library(id);
  const rewritten = Object.fromEntries(targets.map((t) => [t, kernelsRewritten(classifier, t)])) as Partial<Record<Target, boolean>>;

  const targetSummaries: Report['targetSummaries'] = {};
  const blockers: Report['blockers'] = {};
  for (const t of targets) {
    const statusCounts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
    let inferredFindings = 0;
    for (const f of productFindings) {
      statusCounts[f.status[t]!]++;
      if (classifier.mapping(f.ruleId, t).confidence === 'inferred' && f.ruleId !== UNRECOGNIZED) inferredFindings++;
    }
    const portable = statusCounts.native + statusCounts.rename;
    targetSummaries[t] = {
      statusCounts,
      portableShare: productFindings.length ? Math.round((portable / productFindings.length) * 1000) / 1000 : null,
      inferredFindings,
      estimate: estimateTarget(t, productFindings, productKernels, libraryOf, effort, rewritten[t]!),
      outsideProduct: Object.fromEntries(otherScopes.map((s) => [
        s, estimateTarget(t, findingsByScope.get(s) ?? [], kernelsByScope.get(s) ?? [], libraryOf, effort, rewritten[t]!, false).total,
      ])),
    };
    blockers[t] = blockersFor(t, productFindings, classifier);
  }

  const rules: Record<string, RuleSummary> = {};
  const usedSources = new Set<string>();
  for (const f of findings) {
    const key = f.ruleId === UNRECOGNIZED ? `${UNRECOGNIZED}:${f.name}` : f.ruleId;
    if (rules[key]) continue;
    const rule = classifier.rule(f.ruleId);
    const summary: RuleSummary = rule
      ? { cuda: rule.cuda, kind: rule.kind, library: rule.library, summary: rule.summary, targets: {} }
      : { cuda: f.name, kind: 'unrecognized', library: libraryOf(f.ruleId), summary: 'CUDA-looking name not in the rule table', targets: {} };
    for (const t of targets) {
      const { products: _products, versions: _versions, ...m } = rule ? classifier.mapping(f.ruleId, t) : UNRECOGNIZED_MAPPING;
      summary.targets[t] = m;
      if (rule) usedSources.add(m.source);
    }
    rules[key] = summary;
  }
  const sources: Record<string, SourceInfo> = {};
  for (const key of [...usedSources].sort()) if (input.sources[key]) sources[key] = input.sources[key]!;

  const findingsByKind: Partial<Record<FindingKind, number>> = {};
  for (const f of findings) findingsByKind[f.kind] = (findingsByKind[f.kind] ?? 0) + 1;
  const perFile = new Map<string, number>();
  for (const f of findings) perFile.set(f.file, (perFile.get(f.file) ?? 0) + 1);

  return {
    schema: 'cuport-report',
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'cuport', version: TOOL_VERSION },
    targets,
    products: Object.fromEntries(targets.filter((t) => classifier.products[t]).map((t) => [t, classifier.products[t]!])),
    summary: {
      filesScanned: scanned.length,
      filesSkipped: results.length - scanned.length,
      lines: scanned.reduce((n, r) => n + r.lines, 0),
      bytes: scanned.reduce((n, r) => n + r.bytes, 0),
      findings: findings.length,
      kernels: kernels.length,
      filesWithParseErrors: scanned.filter((r) => r.parseErrors > 0).length,
      findingsByKind: sortKeys(findingsByKind),
      scopes: scopeCounts(scanned.map((r) => r.file), findingsByScope, kernelsByScope, scopeOf),
    },
    targetSummaries,
    blockers,
    heaviest: heaviest(productFindings, productKernels, targets, effort, rewritten),
    findings,
    kernels: sortByEffort(kernels, targets),
    unresolvedLaunches: { count: input.unresolvedLaunches?.length ?? 0, examples: (input.unresolvedLaunches ?? []).slice(0, MAX_UNRESOLVED_SHOWN) },
    files: scanned.map((r) => ({ file: r.file, language: r.language, scope: scopeOf(r.file), lines: r.lines, findings: perFile.get(r.file) ?? 0, parseErrors: r.parseErrors })),
    skipped: results.flatMap((r) => (r.skipped ? [r.skipped] : [])),
    rules: sortKeys(rules),
    sources,
    assumptions: effort,
    people: peopleEstimate(Object.fromEntries(targets.map((t) => [t, targetSummaries[t]!.estimate.total])), input.people),
  };
}

function blockersFor(target: Target, findings: ClassifiedFinding[], classifier: Classifier): Blocker[] {
  const groups = new Map<string, Blocker>();
  for (const f of findings) {
    const status = f.status[target]!;
    if (!BLOCKING.includes(status)) continue;
    const key = `${f.ruleId}\u0000${f.ruleId === UNRECOGNIZED ? f.name : ''}`;
    let group = groups.get(key);
    if (!group) {
      const m = classifier.mapping(f.ruleId, target);
      const rule = classifier.rule(f.ruleId);
      group = {
        ruleId: f.ruleId, name: rule?.cuda ?? f.name, status, count: 0, locations: [],
        ...(m.name ? { equivalent: m.name } : {}), ...(m.note ? { note: m.note } : {}),
      };
      groups.set(key, group);
    }
    group.count++;
    if (group.locations.length < MAX_LOCATIONS) group.locations.push(`${f.file}:${f.line}`);
  }
  const severity = (s: Status) => BLOCKING.indexOf(s);
  return [...groups.values()]
    .sort((a, b) => severity(a.status) - severity(b.status) || b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, MAX_BLOCKERS);
}

function groupBy<T>(items: T[], key: (item: T) => Scope): Map<Scope, T[]> {
  const groups = new Map<Scope, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Counts per scope, in the canonical scope order, listing only scopes that have files. */
function scopeCounts(files: string[], findings: Map<Scope, unknown[]>, kernels: Map<Scope, unknown[]>, scopeOf: (file: string) => Scope) {
  const fileCounts = new Map<Scope, number>();
  for (const f of files) fileCounts.set(scopeOf(f), (fileCounts.get(scopeOf(f)) ?? 0) + 1);
  const out: Partial<Record<Scope, ScopeCount>> = {};
  for (const s of SCOPES) {
    if (!fileCounts.has(s)) continue;
    out[s] = { files: fileCounts.get(s)!, findings: findings.get(s)?.length ?? 0, kernels: kernels.get(s)?.length ?? 0 };
  }
  return out;
}

/** Whether __global__ kernels are `rewrite` on a target (then device-side rewrites go with them). */
function kernelsRewritten(classifier: Classifier, target: Target): boolean {
  return classifier.rule(GLOBAL_KERNEL_RULE) ? classifier.mapping(GLOBAL_KERNEL_RULE, target).status === 'rewrite' : false;
}

function heaviest(findings: ClassifiedFinding[], kernels: ProfiledKernel[], targets: Target[], effort: EffortModel, rewritten: Partial<Record<Target, boolean>>) {
  const covered = new Set<string>(effort.coveredByKernelRewrite);
  const files = new Map<string, { findings: number; hours: number }>();
  const entry = (file: string) => {
    let e = files.get(file);
    if (!e) files.set(file, (e = { findings: 0, hours: 0 }));
    return e;
  };
  for (const f of findings) {
    const e = entry(f.file);
    e.findings++;
    for (const t of targets) {
      const status = f.status[t]!;
      if (chargedPerApi(f, status, rewritten[t]!, covered)) e.hours += effort.perOccurrence[status][1];
    }
  }
  for (const k of kernels) {
    const e = entry(k.file);
    for (const t of targets) {
      e.hours += kernelHours(k.status[t]!, k.lines, costedHazardStatuses(k.hazards[t]), effort)[1];
    }
  }
  const dirs = new Map<string, { findings: number; hours: number }>();
  for (const [file, e] of files) {
    const dir = dirname(file);
    const d = dirs.get(dir) ?? { findings: 0, hours: 0 };
    d.findings += e.findings;
    d.hours += e.hours;
    dirs.set(dir, d);
  }
  const top = (m: Map<string, { findings: number; hours: number }>): Weight[] =>
    [...m.entries()]
      .map(([path, e]) => ({ path, findings: e.findings, likelyHours: round1([e.hours, e.hours, e.hours])[1] }))
      .sort((a, b) => b.likelyHours - a.likelyHours || b.findings - a.findings || (a.path < b.path ? -1 : 1))
      .slice(0, MAX_HEAVIEST);
  return { files: top(files), directories: top(dirs) };
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export type { Range };
