// Builds the Report: the one data structure every output format renders. Its JSON form is the
// documented, versioned machine format (docs/report-schema.json); bump REPORT_SCHEMA_VERSION on any
// incompatible change.
import { createRequire } from 'node:module';
import { dirname } from 'node:path/posix';
import { STATUSES, type FileResult, type FindingKind, type SkippedFile, type SourceInfo, type Status, type Target } from '../model.js';
import type { ClassifiedFinding, Classifier } from '../classify/classify.js';
import type { ProfiledKernel } from '../kernels/hazards.js';
import { kernelsRewrittenOn } from '../kernels/cost.js';
import { enumFamily, estimateTarget, KERNELS_DRIVER, round1, sortDrivers, VENDORED_DRIVER, type Costing, type TargetEstimate } from '../estimate/estimate.js';
import type { BuildSelection } from '../scope/build-selection.js';
import { inTreeGuard, optionalFeature, SCOPES, type FileScope, type Scope, type ScopeRules, type VendoredCopy } from '../scope/scope.js';
import type { UnresolvedLaunch } from '../kernels/model.js';
import { layerCovers, type CompatLayer, type CompatLayers } from '../estimate/compat-layers.js';
import { UNRECOGNIZED_MAPPING } from '../classify/classify.js';
import { UNRECOGNIZED } from '../detect/cpp-matcher.js';
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
  /** The full port (feature parity) of product code, vendored library swaps included. */
  estimate: TargetEstimate;
  /** The minimal port: what must change to build and run, optional CUDA-only features switched off. */
  minimal: TargetEstimate;
  /** The optional features left out of the minimal port, with their findings on this target. */
  optionalFeatures: { macro: string; findings: number }[];
  /** Likely hours of the code outside the product (tests, examples, ...), not in the totals. */
  beside: Partial<Record<Scope, Range>>;
  /** The repository's own path to this target (in-tree port branches, shim headers), or null. */
  inTree: { covered: number; of: number; share: number; via: string[] } | null;
  /** The full port with the target's compatibility layer (rules/compat/layers.yaml) in use: the findings it
   *  covers cost verification only. Null where the target has no layer or it covers nothing here. */
  compatLayer: { name: string; source: string; ref: string; covered: number; of: number; total: Range; leaves: string } | null;
  /** Vendored library copies: one library swap each. */
  vendoredSwaps: { library: string; root: string; files: number; status: Status; equivalent?: string; likelyHours: number }[];
  /** Heaviest files and directories on this target (directories rolled up over their subtree). */
  heaviest: { files: Weight[]; directories: Weight[] };
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
  /** Likely hours of this API as its own decision on the target (0 when it is part of an enum family's decision). */
  likelyHours: number;
  /** Whether the verdict is stated by a source (confirmed) or follows from a pattern or code (inferred). */
  confidence: 'confirmed' | 'inferred';
}

export interface Weight {
  path: string;
  findings: number;
  /** Likely hours of this path on the target (its files' share of the full port). */
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
  /** product, tests, examples, ... (src/scope): only product code is in the estimate. */
  scope: Scope;
  lines: number;
  findings: number;
  parseErrors: number;
  /** Only when the file is not UTF-8: the encoding it was decoded from. */
  encoding?: string;
  /** Scope `duplicate`: the product file this one is an identical copy of. */
  duplicateOf?: string;
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
  /** Files and findings per scope, and the vendored library copies found. */
  /** submodules: the git submodule paths read from .gitmodules at the scan base (their files are vendored). */
  scopes: { files: Partial<Record<Scope, number>>; findings: Partial<Record<Scope, number>>; vendored: VendoredCopy[]; submodules?: string[] };
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
  /** Compatibility layers per target (rules/compat/layers.yaml): the port priced with each too. */
  compatLayers?: CompatLayers;
  /** The working week and team size for the person-weeks (defaults: 40 h, 1). */
  people?: { hoursPerWeek?: number; team?: number };
  /** Scopes, vendored copies, in-tree guards and shim names (src/scope); without them all is product. */
  scoping?: Scoping;
}

export interface Scoping {
  rules: ScopeRules;
  files: Map<string, FileScope>;
  vendored: VendoredCopy[];
  /** CUDA names a shim header in the tree renames to each target, and the shim files themselves. */
  shimNames: Partial<Record<Target, Set<string>>>;
  shimFiles: Partial<Record<Target, Set<string>>>;
  /** Git submodule paths (.gitmodules at the scan base): their files are vendored. */
  submodules?: string[];
  /** The sources the project's CMake build compiles per backend (src/scope/build-selection.ts). */
  build?: BuildSelection;
}

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
  const rewritten = Object.fromEntries(targets.map((t) => [t, kernelsRewrittenOn(classifier, t)])) as Partial<Record<Target, boolean>>;
  const scopeOf = (file: string): Scope => input.scoping?.files.get(file)?.scope ?? 'product';
  const product = findings.filter((f) => scopeOf(f.file) === 'product');
  const productKernels = kernels.filter((k) => scopeOf(k.file) === 'product');
  const optionalOf = optionalFeatureOf(findings, input.scoping?.rules);
  const kernelOptional = (k: ProfiledKernel) => optionalOf.kernel(k.file, k.line);

  // The code beside the product, per scope, in scan order: the same for every target, so split once
  // (each target asked every finding's scope again for each of the seven scopes: ~4M lookups on cutlass).
  // Vendored code is beside the product too, except library copies, which are one swap each.
  const besideOf = (file: string, scope: Scope) => scopeOf(file) === scope && !(scope === 'vendored' && input.scoping?.files.get(file)?.library);
  const besideScopes = SCOPES.filter((scope) => scope !== 'product').map((scope) => ({
    scope,
    findings: findings.filter((f) => besideOf(f.file, scope)),
    kernels: kernels.filter((k) => besideOf(k.file, scope)),
  }));

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
    const costing = costingFor(t, classifier, effort, input.scoping);
    const estimate = (fs: ClassifiedFinding[], ks: ProfiledKernel[], c = costing, detail = true) => estimateTarget(t, fs, ks, libraryOf, effort, rewritten[t]!, c, detail);
    const bare = estimate(product, productKernels);
    const full = withSwaps(bare, vendoredSwaps(t, classifier, effort, input.scoping));
    const beside: Partial<Record<Scope, Range>> = {};
    for (const { scope, findings: besideFindings, kernels: besideKernels } of besideScopes) {
      // Only its hours are shown: no causes or drivers to work out.
      const e = estimate(besideFindings, besideKernels, costing, false);
      if (e.fileHours.length) beside[scope] = round1(e.total.map((v, i) => v - e.breakdown.setup[i]!) as Range);
    }
    const portedCount = full.estimate.counts.ported ?? 0;
    // The port without the optional features: the full port's own estimate (before vendored swaps) when
    // nothing is optional on this target, rather than the same estimate worked out again.
    const minimalEstimate = (whole: TargetEstimate, fs: ClassifiedFinding[], ks: ProfiledKernel[]) =>
      fs.length === product.length && ks.length === productKernels.length ? whole : estimate(fs, ks);
    const optionalCounts = new Map<string, number>();
    const buildOptional = input.scoping?.build?.optional[t];
    for (const f of product) {
      const m = optionalOf.finding(f) ?? buildOptional?.get(f.file)?.label;
      if (m) optionalCounts.set(m, (optionalCounts.get(m) ?? 0) + 1);
    }
    targetSummaries[t] = {
      statusCounts,
      portableShare: findings.length ? Math.round((portable / findings.length) * 1000) / 1000 : null,
      inferredFindings,
      estimate: full.estimate,
      minimal: minimalEstimate(bare, product.filter((f) => !optionalOf.finding(f) && !buildOptional?.has(f.file)), productKernels.filter((k) => !kernelOptional(k) && !buildOptional?.has(k.file))),
      optionalFeatures: [...optionalCounts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([macro, n]) => ({ macro, findings: n })),
      beside,
      inTree: portedCount ? { covered: portedCount, of: product.length, share: Math.round((portedCount / product.length) * 1000) / 1000, via: inTreeVia(t, product, input.scoping) } : null,
      compatLayer: withCompatLayer(t, product, productKernels, input.compatLayers?.[t], classifier, costing, estimate, full.swaps),
      vendoredSwaps: full.swaps,
      heaviest: heaviestOn(full.estimate, product),
    };
    blockers[t] = blockersFor(t, findings, classifier, full.estimate);
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
    scopes: scopeCounts(scanned.map((r) => r.file), findings, scopeOf, input.scoping?.vendored ?? [], input.scoping?.submodules),
    findings,
    kernels: sortByEffort(kernels, targets),
    unresolvedLaunches: { count: input.unresolvedLaunches?.length ?? 0, examples: (input.unresolvedLaunches ?? []).slice(0, MAX_UNRESOLVED_SHOWN) },
    files: scanned.map((r) => {
      const duplicateOf = input.scoping?.files.get(r.file)?.duplicateOf;
      return { file: r.file, language: r.language, scope: scopeOf(r.file), lines: r.lines, findings: perFile.get(r.file) ?? 0, parseErrors: r.parseErrors, ...(r.encoding ? { encoding: r.encoding } : {}), ...(duplicateOf ? { duplicateOf } : {}) };
    }),
    skipped: results.flatMap((r) => (r.skipped ? [r.skipped] : [])),
    rules: sortKeys(rules),
    sources,
    assumptions: effort,
    people: peopleEstimate(Object.fromEntries(targets.map((t) => [t, targetSummaries[t]!.estimate.total])), input.people),
  };
}

function blockersFor(target: Target, findings: ClassifiedFinding[], classifier: Classifier, estimate: TargetEstimate): Blocker[] {
  const hoursOf = new Map(estimate.causes.map((c) => [c.key, c.likelyHours]));
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
        likelyHours: hoursOf.get(f.ruleId === UNRECOGNIZED ? `${UNRECOGNIZED}:${f.name}` : f.ruleId) ?? 0,
        ...(m.name ? { equivalent: m.name } : {}), ...(m.note ? { note: m.note } : {}), confidence: m.confidence,
      };
      groups.set(key, group);
    }
    group.count++;
    if (group.locations.length < MAX_LOCATIONS) group.locations.push(`${f.file}:${f.line}`);
  }
  const severity = (s: Status) => BLOCKING.indexOf(s);
  return [...groups.values()]
    .sort((a, b) => b.likelyHours - a.likelyHours || severity(a.status) - severity(b.status) || b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, MAX_BLOCKERS);
}

/** Which findings and kernels sit under an optional CUDA-only feature (left out of the minimal port).
 *  A kernel inherits the guards of its own __global__ definition finding. */
function optionalFeatureOf(findings: ClassifiedFinding[], rules: ScopeRules | undefined) {
  const finding = (f: ClassifiedFinding) => (rules ? optionalFeature(f.guards, rules) : undefined);
  const kernelAt = new Set(findings.filter((f) => f.kind === 'kernel-definition' && finding(f)).map((f) => `${f.file}:${f.line}`));
  return { finding, kernel: (file: string, line: number) => kernelAt.has(`${file}:${line}`) };
}

/** The costing choices of one target: in-tree ports and shims, enum families, counterpart libraries. */
function costingFor(target: Target, classifier: Classifier, effort: EffortModel, scoping: Scoping | undefined): Costing {
  const counterparts = new Set(effort.counterpartLibraries?.[target] ?? []);
  const shim = scoping?.shimNames[target];
  const shimFiles = scoping?.shimFiles[target];
  const built = scoping?.build?.targetBuilt[target];
  return {
    ...(scoping ? { ported: (f: ClassifiedFinding) => !!inTreeGuard(f.guards, target, scoping.rules) || !!shim?.has(f.name) || !!shimFiles?.has(f.file) || !!built?.has(f.file), kernelPorted: (k: { file: string }) => !!built?.has(k.file) } : {}),
    decisionOf: (f) => (f.kind === 'constant' && f.ruleId !== UNRECOGNIZED ? `family:${classifier.library(f.ruleId)}:${enumFamily(f.name)}` : f.ruleId === UNRECOGNIZED ? `${UNRECOGNIZED}:${f.name}` : f.ruleId),
    counterpart: (f) => counterparts.has(classifier.library(f.ruleId)),
    driverOf: driverOfFinding(effort),
  };
}

/** The full port priced with a target's compatibility layer: findings it covers are verification only. */
function withCompatLayer(
  target: Target,
  findings: ClassifiedFinding[],
  kernels: ProfiledKernel[],
  layer: CompatLayer | undefined,
  classifier: Classifier,
  costing: Costing,
  estimate: (fs: ClassifiedFinding[], ks: ProfiledKernel[], c: Costing) => TargetEstimate,
  swaps: TargetSummary['vendoredSwaps'],
): TargetSummary['compatLayer'] {
  if (!layer) return null;
  const covers = (f: ClassifiedFinding) => f.ruleId !== UNRECOGNIZED && layerCovers(layer, f.ruleId, f.status[target]!, classifier.mapping(f.ruleId, target).source);
  const covered = findings.filter(covers).length;
  if (!covered) return null;
  const e = withSwaps(estimate(findings, kernels, { ...costing, ported: (f) => !!costing.ported?.(f) || covers(f) }), swaps).estimate;
  return { name: layer.name, source: layer.source, ref: layer.ref, covered, of: findings.length, total: e.total, leaves: layer.leaves };
}

/** Finding kinds written in or for device code: their hours are the kernels' port, whatever the library. */
const KERNEL_SIDE_KINDS = new Set<string>(['kernel-launch', 'device-intrinsic', 'device-function']);

/** The cost driver of a finding: `kernels` for device-side code, else its library's layer (rules/effort.yaml). */
function driverOfFinding(effort: EffortModel): (f: ClassifiedFinding, library: string) => string {
  const layerOf = new Map<string, string>();
  for (const [driver, libraries] of Object.entries(effort.drivers ?? {})) for (const l of libraries) layerOf.set(l, driver);
  const catchAll = new Set(effort.libraryByPrefix?.appliesTo ?? []);
  const prefixes = Object.entries(effort.libraryByPrefix?.prefixes ?? {}).sort(([a], [b]) => b.length - a.length || (a < b ? -1 : 1));
  // A header finding's name is its path (cudnn.h, thrust/sort.h): the prefix is read from it too.
  const libraryOf = (f: ClassifiedFinding, library: string) =>
    catchAll.has(library) ? (prefixes.find(([p]) => f.name.startsWith(p))?.[1] ?? library) : library;
  return (f, library) => {
    if (f.deviceCode === true || KERNEL_SIDE_KINDS.has(f.kind)) return KERNELS_DRIVER;
    const lib = libraryOf(f, library);
    return layerOf.get(lib) ?? lib;
  };
}

/** How the repository reaches the target already: the guards and shim headers that matched. */
function inTreeVia(target: Target, findings: ClassifiedFinding[], scoping: Scoping | undefined): string[] {
  if (!scoping) return [];
  const via = new Set<string>();
  for (const f of findings) {
    const g = inTreeGuard(f.guards, target, scoping.rules);
    if (g) via.add(g);
  }
  for (const file of scoping.shimFiles[target] ?? []) via.add(`shim ${file}`);
  const built = scoping.build?.targetBuilt[target];
  if (findings.some((f) => built?.has(f.file))) for (const b of scoping.build?.builtBy[target] ?? []) via.add(`build ${b}`);
  return [...via].sort();
}

/** One library swap per vendored copy, at the first-use hours of its verdict on the target. */
function vendoredSwaps(target: Target, classifier: Classifier, effort: EffortModel, scoping: Scoping | undefined): TargetSummary['vendoredSwaps'] {
  return (scoping?.vendored ?? []).map((c) => {
    const m = classifier.rule(c.rule) ? classifier.mapping(c.rule, target) : { status: 'unknown' as Status, name: undefined };
    return { library: c.library, root: c.root, files: c.files, status: m.status, ...(m.name ? { equivalent: m.name } : {}), likelyHours: effort.libraryFirstUse[m.status][1] };
  });
}

/** The full port with the vendored swaps added as their own part of the breakdown. */
function withSwaps(estimate: TargetEstimate, swaps: TargetSummary['vendoredSwaps']) {
  if (!swaps.length) return { estimate, swaps };
  const extra = swaps.reduce<Range>((acc, s) => acc.map((v, i) => v + [s.likelyHours, s.likelyHours, s.likelyHours][i]!) as Range, [0, 0, 0]);
  const breakdown = { ...estimate.breakdown, vendoredSwaps: round1(extra) };
  const swapDriver = { name: VENDORED_DRIVER, likelyHours: round1(extra)[1], causes: swaps.slice(0, 5).map((s) => s.library), files: swaps.reduce((n, s) => n + s.files, 0) };
  const drivers = sortDrivers([...estimate.drivers, swapDriver]);
  return { estimate: { ...estimate, breakdown, drivers, total: round1(estimate.total.map((v, i) => v + extra[i]!) as Range) }, swaps };
}

/** Heaviest files and directories on one target; a directory's hours are its whole subtree's. */
function heaviestOn(estimate: TargetEstimate, findings: ClassifiedFinding[]): TargetSummary['heaviest'] {
  const count = new Map<string, number>();
  for (const f of findings) count.set(f.file, (count.get(f.file) ?? 0) + 1);
  const dirs = new Map<string, { findings: number; hours: number }>();
  for (const { file, likelyHours } of estimate.fileHours) {
    for (let dir = dirname(file); dir !== '.' && dir !== '/' && dir !== ''; dir = dirname(dir)) {
      const d = dirs.get(dir) ?? { findings: 0, hours: 0 };
      d.findings += count.get(file) ?? 0;
      d.hours += likelyHours;
      dirs.set(dir, d);
    }
  }
  const byHours = (a: Weight, b: Weight) => b.likelyHours - a.likelyHours || b.findings - a.findings || (a.path < b.path ? -1 : 1);
  return {
    files: estimate.fileHours.map((e) => ({ path: e.file, findings: count.get(e.file) ?? 0, likelyHours: e.likelyHours })).sort(byHours).slice(0, MAX_HEAVIEST),
    directories: [...dirs].map(([path, d]) => ({ path, findings: d.findings, likelyHours: Math.round(d.hours * 10) / 10 })).sort(byHours).slice(0, MAX_HEAVIEST),
  };
}

function scopeCounts(files: string[], findings: ClassifiedFinding[], scopeOf: (file: string) => Scope, vendored: VendoredCopy[], submodules: string[] = []): Report['scopes'] {
  const fileCounts: Partial<Record<Scope, number>> = {};
  const findingCounts: Partial<Record<Scope, number>> = {};
  for (const f of files) fileCounts[scopeOf(f)] = (fileCounts[scopeOf(f)] ?? 0) + 1;
  for (const f of findings) findingCounts[scopeOf(f.file)] = (findingCounts[scopeOf(f.file)] ?? 0) + 1;
  const ordered = <T>(m: Partial<Record<Scope, T>>) => Object.fromEntries(SCOPES.filter((s) => m[s] !== undefined).map((s) => [s, m[s]!])) as Partial<Record<Scope, T>>;
  return { files: ordered(fileCounts), findings: ordered(findingCounts), vendored, ...(submodules.length ? { submodules } : {}) };
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export type { Range };
