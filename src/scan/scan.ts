// The scan pipeline: discover → scan files (worker threads) → classify → estimate → Report.
// Everything a reporter prints is in the Report; reporters never look at files or rules again.
import { availableParallelism } from 'node:os';
import { TARGETS, type FileResult, type Finding, type KernelInfo, type Target } from '../model.js';
import { discover, languageOf, type DiscoverOptions } from '../discover/discover.js';
import { buildMatchTable } from '../rules/match-table.js';
import { loadRuleTable, matchTableOf, ruleLookup, ruleTableIdentity, type CompiledRules } from '../rules/compiled.js';
import { Classifier } from '../classify/classify.js';
import { loadEffortModel, type EffortModel } from '../estimate/effort-model.js';
import { loadCompatLayers, type CompatLayers } from '../estimate/compat-layers.js';
import { applyConfigToRules, type ProjectConfig } from '../config/config.js';
import { loadEffortWithOverrides } from '../estimate/overrides.js';
import { DEFAULT_MAX_FILE_BYTES, FileScanner } from './scan-file.js';
import { resolveDeferredProfiles } from './deferred-profile.js';
import { applyMacroImports } from './macro-imports.js';
import { scanFiles, scanPlan, warmWorker, type Progress } from './pool.js';
import { DEFAULT_BUDGETS, type WorkBudgets } from './budget.js';
import { CppMatcher, UNRECOGNIZED } from '../detect/cpp-matcher.js';
import { firstPartyModulesOf, isFirstPartyImport } from './first-party.js';
import { buildReport, TOOL_VERSION, type Report } from '../report/build.js';
import { memlog } from './memlog.js';
import { fullGc } from './full-gc.js';
import { collectedFinding } from './collected-finding.js';
import { ValuePool } from './value-pool.js';
import { cacheKey, codeIdentity, scanWithCache } from '../cache/file-cache.js';
import { fileURLToPath } from 'node:url';
import { buildScoping } from '../scope/scoping.js';
import { coveredHazards } from '../scope/covered-hazards.js';
import { loadScopeRules, type Scope, type ScopeRules } from '../scope/scope.js';
import { loadKernelHazards, profileScan, type KernelHazardRules } from '../kernels/index.js';
import { includeGraph, kernelScans } from '../kernels/link.js';
import { acceptFindings, gateHasContent, restrictToChange, suppressHazards, suppressKernels, type GateInput } from '../gate/accept.js';

export interface ScanOptions extends DiscoverOptions {
  paths: string[];
  targets?: Target[];
  /** A product per target (`cann` → `950`), for product-specific verdicts. */
  products?: Partial<Record<Target, string>>;
  /** Worker threads; 0 scans in the calling thread. Default: available cores. */
  jobs?: number;
  maxFileBytes?: number;
  /** Per-file work budgets (src/scan/budget.ts): a file over one is skipped as `too-complex`. */
  budgets?: Partial<WorkBudgets>;
  rulesDir: string;
  cwd?: string;
  /** Directory of the per-file result cache (src/cache); no cache when absent. */
  cacheDir?: string;
  onDiscovered?: (files: number) => void;
  onProgress?: Progress;
  /** The working week and team size for the person-weeks (src/estimate/people.ts). */
  people?: { hoursPerWeek?: number; team?: number };
  /** Accepted findings (`--baseline`) and pull-request mode (`--changed-since`): src/gate/accept.ts. */
  gate?: GateInput;
}

export interface ScanContext {
  rules: CompiledRules;
  effort: EffortModel;
  /** rules/kernels/hazards.yaml; loaded from the rules directory when absent. */
  kernelHazards?: KernelHazardRules;
  /** rules/scopes.yaml (src/scope); loaded from the rules directory when absent. */
  scopeRules?: ScopeRules;
  /** .cuport.yaml `scopes:`: path prefix → scope. */
  scopeOverrides?: Record<string, Scope>;
  /** rules/compat/layers.yaml; loaded from the rules directory when absent. */
  compatLayers?: CompatLayers;
}

/** The rule table and effort model, with a project's .cuport.yaml (rules, overrides, calibration) applied. */
export function loadContext(rulesDir: string, config?: ProjectConfig, rules: CompiledRules = loadRuleTable(rulesDir)): ScanContext {
  const effort = config ? loadEffortWithOverrides(rulesDir, config.effort, config.file) : loadEffortModel(rulesDir);
  const kernelHazards = loadKernelHazards(rulesDir, undefined, rules.sources);
  if (!config) return { rules, effort, kernelHazards };
  const applied = applyConfigToRules(rules.rules, config);
  return {
    rules: { ...rules, rules: applied.rules, sources: config.sources },
    effort: { ...effort, ...(applied.hours.size ? { ruleHours: Object.fromEntries(applied.hours) } : {}) },
    kernelHazards,
    ...(config.scopes ? { scopeOverrides: config.scopes } : {}),
  };
}

export async function scan(options: ScanOptions, context = loadContext(options.rulesDir)): Promise<Report> {
  const targets = options.targets?.length ? options.targets : [...TARGETS];
  // Only when some file must be scanned: a fully cached run never matches names. The build's precompiled
  // table for the built-in rules; built now when a .cuport.yaml changed them.
  let built: ReturnType<typeof buildMatchTable> | undefined;
  const matchTable = () => (built ??= matchTableOf(context.rules));
  // Readers that only need the unrecognized-name patterns (text readers, looksLikeCuda) take the full table
  // when it exists, else one built without rule names.
  let patternsOnly: ReturnType<typeof buildMatchTable> | undefined;
  const unrecognizedTable = () => built ?? (patternsOnly ??= buildMatchTable([], context.rules.unrecognized));
  memlog('scan started');
  const jobs = options.jobs ?? availableParallelism();
  // Pull-request mode over a warm cache scans the changed files and little else: when they are more than the
  // calling thread scans itself (src/scan/pool.ts scanPlan), their worker starts now, while discovery and the
  // cache lookups run, instead of after them. Output does not depend on it.
  const changedFiles = options.gate?.changed?.lines.size ?? 0;
  const warm = options.cacheDir && !scanPlan(changedFiles, jobs).inProcess ? warmWorker() : undefined;
  try {
    return await scanTree(options, context, targets, matchTable, unrecognizedTable, jobs, warm);
  } finally {
    warm?.release();
  }
}

async function scanTree(
  options: ScanOptions,
  context: ScanContext,
  targets: Target[],
  matchTable: () => ReturnType<typeof buildMatchTable>,
  unrecognizedTable: () => ReturnType<typeof buildMatchTable>,
  jobs: number,
  warm: ReturnType<typeof warmWorker> | undefined,
): Promise<Report> {
  const discovery = await discover(options.paths, options, options.cwd);
  if (discovery.missing.length) throw new Error(`no such file or directory: ${discovery.missing.join(', ')}`);
  // A path named on the command line that cannot be scanned is an error, never "Scanned 0 files" and exit 0.
  if (discovery.refused.length) throw new Error(`cannot scan ${discovery.refused.join('; ')}`);
  options.onDiscovered?.(discovery.files.length);
  memlog('discovered');

  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const budgets: WorkBudgets = { ...DEFAULT_BUDGETS, ...options.budgets };
  const tasks = discovery.files.map((f) => ({ path: f.path, display: f.display, language: f.language }));
  // Files whose bytes the cache knows are answered from it; only the others go to the parser workers.
  const cache = options.cacheDir
    ? { dir: options.cacheDir, key: cacheKey([TOOL_VERSION, codeIdentity(fileURLToPath(new URL('..', import.meta.url))), maxFileBytes, budgets, ruleTableIdentity(context.rules)]) }
    : undefined;
  const fileOptions = { maxFileBytes, budgets, followSymlinks: options.followSymlinks ?? false };
  const results = await scanWithCache(tasks, cache, maxFileBytes,
    (misses) => {
      memlog(`cache looked up, ${misses.length} to scan`);
      return scanFiles(misses, matchTable(), fileOptions, jobs, options.onProgress, warm).finally(() => memlog('misses scanned'));
    },
    // Host-only files the prefilter kept from the kernel profiler, profiled now if the link could need them
    // (and cached so, so a rescan does not profile them again).
    // The reader only reads text: no prefilter and no rule names to build for it.
    async (all, derived) => {
      const reader = () => new FileScanner(unrecognizedTable(), { ...fileOptions, prefilter: false });
      // Files using a macro their project headers define, scanned again with it (src/scan/macro-imports.ts);
      // before the deferred profiles, whose launchers and callees these rescans may add to.
      await applyMacroImports(all, tasks, reader, (again) => scanFiles(again, matchTable(), { ...fileOptions, prefilter: false }, jobs), derived);
      // On as many workers as the scan (CUTLASS defers ~100 files, 3 MB: 0.35 s less wall than on one).
      return resolveDeferredProfiles(all, tasks, reader,
        (again) => scanFiles(again, matchTable(), { ...fileOptions, prefilter: false }, jobs));
    });
  // Symlinks, special files and unreadable folders found while discovering are skipped files too.
  results.push(...discovery.skipped.map((s): FileResult => ({
    file: s.file, language: languageOf(s.file) ?? 'cpp', lines: 0, bytes: 0, parseErrors: 0, findings: [], kernels: [], definedNames: [], skipped: s,
  })));
  results.sort((a, b) => cmp(a.file, b.file));
  memlog('scanned');

  // looksLikeCuda reads only the unrecognized patterns: no rule names needed.
  const matcher = new CppMatcher(unrecognizedTable());
  const { findings, kernels } = collect(results, (name) => matcher.looksLikeCuda(name) || /^__/.test(name));
  // Each file's findings now live in `findings` (copied with their file): the per-file lists are not read
  // again, and on CUTLASS they are ~140,000 objects held to the end of the report (peak RSS, bench/README).
  for (const r of results) r.findings = [];
  // A big report's phases each leave ~100 MB of garbage V8 has not collected when the next grows the heap:
  // collected between them, the bench corpus's peak RSS fell 523 -> 494 MB at no measurable CPU (live heap
  // ~110 MB throughout). Small scans skip it: a one-file scan does not pay for three collections.
  // And only while the process is big: a cached rescan of that corpus stays ~150 MB below a cold scan (no
  // worker arenas), and its three collections were ~200 ms of a 3.3 s rescan.
  const betweenPhases = findings.length >= BIG_REPORT_FINDINGS ? () => process.memoryUsage.rss() >= COLLECT_ABOVE_RSS && fullGc() : () => false;
  betweenPhases();
  memlog('collected');
  const { summary: gate, inline } = acceptFindings(findings, results, options.gate ?? {});
  // By id: a scan decodes only the rules it found from the compiled table.
  const classifier = new Classifier(ruleLookup(context.rules), targets, options.products ?? {});
  // In place: each finding becomes its classified self (a copy of each was ~20 MB of the report's heap).
  let classified = findings.map((f) => classifier.classify(f));
  // One include graph for the build selection and the kernel link, which read the same files (~100 ms on cutlass).
  const includes = includeGraph(kernelScans(results));
  const scoping = buildScoping(discovery.files, results, context.scopeRules ?? loadScopeRules(options.rulesDir), context.scopeOverrides, discovery.base, includes);
  // Kernel profiles are linked across files here, after every file is scanned (src/kernels).
  const kernelSection = profileScan(results, kernels, classified, {
    targets, products: options.products ?? {}, rules: context.kernelHazards ?? loadKernelHazards(options.rulesDir), effort: context.effort, classifier,
    covered: coveredHazards(results, scoping),
    includes,
  });
  // The kernel scans are linked: nothing after this reads them (the report reads kernelSection).
  for (const r of results) delete r.kernelScan;
  betweenPhases();
  memlog('profiled');
  let profiled = suppressHazards(suppressKernels(kernelSection.kernels, findings), inline, gate);
  if (options.gate?.changed) {
    // The whole tree was scanned for context; the report and the gate see only what the change touches.
    const pathOf = new Map(discovery.files.map((f) => [f.display, typeof f.path === 'string' ? f.path : Buffer.from(f.path).toString('utf8')]));
    const change = restrictToChange(classified, profiled, options.gate.changed, (d) => pathOf.get(d));
    ({ findings: classified, kernels: profiled } = change);
    gate.changedSince = change.summary;
  }
  const report = buildReport({
    targets,
    results,
    findings: classified,
    kernels: profiled,
    unresolvedLaunches: kernelSection.unresolvedLaunches,
    classifier,
    sources: context.rules.sources,
    effort: context.effort,
    ...(options.people ? { people: options.people } : {}),
    scoping,
    compatLayers: context.compatLayers ?? loadCompatLayers(options.rulesDir, new Set(Object.keys(context.rules.sources))),
  });
  betweenPhases();
  memlog('report built');
  return gateHasContent(gate) ? { ...report, gate } : report;
}

/** Findings from which a scan collects garbage between its report phases (CUTLASS has 141,000). */
const BIG_REPORT_FINDINGS = 20_000;
/** The resident size from which a big scan collects garbage between its report phases. CUPORT_COLLECT_ABOVE_MB overrides it (benchmarks). */
const collectAboveMb = process.env.CUPORT_COLLECT_ABOVE_MB;
const COLLECT_ABOVE_RSS = (collectAboveMb && Number(collectAboveMb) >= 0 ? Number(collectAboveMb) : 300) * 1048576;

/** Construct rules whose findings carry the defined or launched function's name (src/detect/cpp.ts). */
const NAMED_AFTER_FUNCTION = new Set(['construct.global-kernel', 'construct.device-function', 'construct.triple-chevron-launch']);

/** Flattens per-file results into sorted findings and kernels, dropping `unrecognized` names the
 *  project defines itself (its own `cudaCheck` helper is not a CUDA API) and imports of the project's
 *  own Python packages (mamba importing mamba_ssm is not a dependency on mamba-ssm). */
export function collect(
  results: FileResult[],
  /** Whether a name looks like CUDA's own (cudaMalloc): a project defining such a name (a shim)
   *  does not hide the real API. Names that do not (saturate, rsqrt) are the project's own. */
  looksLikeCuda: (name: string) => boolean = () => true,
): { findings: Finding[]; kernels: KernelInfo[] } {
  const defined = new Set(results.flatMap((r) => r.definedNames));
  const ownModules = firstPartyModulesOf(results);
  const findings: Finding[] = [];
  const kernels: KernelInfo[] = [];
  const pool = new ValuePool();
  for (const r of results) {
    for (const f of r.findings) {
      // A kernel, device function or launch finding is named after the project's function (`__device__
      // uint64_t mul64hi(...)` defines mul64hi): the qualifier or `<<<>>>` is the CUDA use, never hidden.
      if (defined.has(f.name) && !NAMED_AFTER_FUNCTION.has(f.ruleId) && (f.ruleId === UNRECOGNIZED || !looksLikeCuda(f.name))) continue;
      if (isFirstPartyImport(f, ownModules)) continue;
      findings.push(collectedFinding(r.file, f, pool));
    }
    kernels.push(...r.kernels);
  }
  findings.sort(compareFindings);
  kernels.sort((a, b) => cmp(a.file, b.file) || a.line - b.line || cmp(a.name, b.name));
  return { findings, kernels };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function compareFindings(a: Finding, b: Finding): number {
  return cmp(a.file, b.file) || a.line - b.line || a.column - b.column || cmp(a.ruleId, b.ruleId) || cmp(a.name, b.name);
}
