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
import { UNRECOGNIZED_MAPPING } from '../classify/classify.js';
import { UNRECOGNIZED } from '../detect/cpp-matcher.js';
import { chargedPerApi, estimateTarget, round1, type TargetEstimate } from '../estimate/estimate.js';
import type { EffortModel, Range } from '../estimate/effort-model.js';

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
  lines: number;
  findings: number;
  parseErrors: number;
  /** Only when the file is not UTF-8: the encoding it was decoded from. */
  encoding?: string;
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
  /** The project configuration applied (.cuport.yaml or --config), absent when none was. */
  config?: AppliedConfig;
}

export interface AppliedConfig {
  file: string;
  sha256: string;
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
  const scanned = results.filter((r) => !r.skipped);
  const libraryOf = (id: string) => classifier.library(id);
  const rewritten = Object.fromEntries(targets.map((t) => [t, kernelsRewritten(classifier, t)])) as Partial<Record<Target, boolean>>;

  const targetSummaries: Report['targetSummaries'] = {};
  const blockers: Report['blockers'] = {};
  for (const t of targets) {
    const statusCounts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
    let inferredFindings = 0;
    for (const f of findings) {
      statusCounts[f.status[t]!]++;
      if (classifier.mapping(f.ruleId, t).confidence === 'inferred' && f.ruleId !== UNRECOGNIZED) inferredFindings++;
    }
    const portable = statusCounts.native + statusCounts.rename;
    targetSummaries[t] = {
      statusCounts,
      portableShare: findings.length ? Math.round((portable / findings.length) * 1000) / 1000 : null,
      inferredFindings,
      estimate: estimateTarget(t, findings, kernels, libraryOf, effort, rewritten[t]!),
    };
    blockers[t] = blockersFor(t, findings, classifier);
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
    },
    targetSummaries,
    blockers,
    heaviest: heaviest(findings, kernels, targets, effort, rewritten),
    findings,
    kernels: sortByEffort(kernels, targets),
    unresolvedLaunches: { count: input.unresolvedLaunches?.length ?? 0, examples: (input.unresolvedLaunches ?? []).slice(0, MAX_UNRESOLVED_SHOWN) },
    files: scanned.map((r) => ({ file: r.file, language: r.language, lines: r.lines, findings: perFile.get(r.file) ?? 0, parseErrors: r.parseErrors, ...(r.encoding ? { encoding: r.encoding } : {}) })),
    skipped: results.flatMap((r) => (r.skipped ? [r.skipped] : [])),
    rules: sortKeys(rules),
    sources,
    assumptions: effort,
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
