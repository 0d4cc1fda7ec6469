// The effort model: findings and kernels × their status on a target → an hour range, with the
// breakdown kept so a report can show where the hours come from.
import type { Status, Target } from '../model.js';
import type { ClassifiedFinding, ClassifiedKernel } from '../classify/classify.js';
import { worse } from '../classify/classify.js';
import type { EffortModel, Range } from './effort-model.js';
import { costedHazardStatuses, kernelCostStatus, kernelHours as kernelCost } from '../kernels/cost.js';

export interface TargetEstimate {
  total: Range;
  breakdown: {
    setup: Range;
    libraries: Range;
    distinctApis: Range;
    occurrences: Range;
    kernels: Range;
    /** Uses already on the target's path (in-tree branch, shim header): verification only. */
    alreadyPorted: Range;
  };
  /** How many distinct libraries / APIs / kernels each status contributed (the counts behind the hours). */
  counts: {
    libraries: Partial<Record<Status, number>>;
    distinctApis: Partial<Record<Status, number>>;
    occurrences: Partial<Record<Status, number>>;
    kernels: Partial<Record<Status, number>>;
    kernelLines: Partial<Record<Status, number>>;
    /** Findings already on the target's path. */
    ported?: number;
  };
  /** Likely hours per file (every file that costs any), by path. */
  fileHours: { file: string; likelyHours: number }[];
  /** Root causes by likely hours, each with every place it costs. */
  causes: Cause[];
  /** The same hours grouped by layer (cuDNN, math libraries, kernels, build system, ...: rules/effort.yaml
   *  `drivers`), heaviest first; the parts add up to the total. */
  drivers: Driver[];
}

/** A cost driver: one layer of the port (a group of libraries, the kernels, the setup) and its hours. */
export interface Driver {
  name: string;
  likelyHours: number;
  /** Its heaviest root causes (names), at most five. */
  causes: string[];
  /** How many files it costs in. */
  files: number;
}

/** Driver names that are not library groups. */
export const SETUP_DRIVER = 'setup';
export const KERNELS_DRIVER = 'kernels';
export const VERIFY_DRIVER = 'verification of ported code';
export const VENDORED_DRIVER = 'vendored library swaps';
const MAX_DRIVER_CAUSES = 5;

const zero = (): Range => [0, 0, 0];
const addTo = (acc: Range, r: Range, times = 1) => {
  for (let i = 0; i < 3; i++) acc[i] = acc[i]! + r[i]! * times;
};
const bump = (m: Partial<Record<Status, number>>, s: Status, by = 1) => {
  m[s] = (m[s] ?? 0) + by;
};
/** Hours are shown to one decimal; rounding once, at the end, keeps sums reproducible. */
export const round1 = (r: Range): Range => r.map((v) => Math.round(v * 10) / 10) as Range;

/** A device-side construct that disappears into its kernel's rewrite: charged with the kernel. */
export function coveredByKernelRewrite(f: ClassifiedFinding, status: Status, kinds: ReadonlySet<string>): boolean {
  return status === 'rewrite' && kinds.has(f.kind) && (f.deviceCode === true || f.kind === 'kernel-launch');
}

/** Findings costed by the kernel model instead of per API. */
const KERNEL_COSTED = new Set(['kernel-definition']);

/** Whether a finding is charged per API and per occurrence on a target (not with its kernel). */
export function chargedPerApi(f: ClassifiedFinding, status: Status, kernelsRewritten: boolean, covered: ReadonlySet<string>): boolean {
  if (KERNEL_COSTED.has(f.kind)) return false;
  return !(kernelsRewritten && coveredByKernelRewrite(f, status, covered));
}

/** How a target's findings are costed beyond their status (src/scope, rules/effort.yaml). */
export interface Costing {
  /** Already on the target's path (an in-tree branch or a shim header): verification only. */
  ported?: (f: ClassifiedFinding) => boolean;
  /** Kernels the project's own build compiles for the target already (src/scope/build-selection.ts): costed
   *  as a native kernel (review and re-test), whatever their constructs' statuses. */
  kernelPorted?: (k: { file: string }) => boolean;
  /** The decision a finding belongs to: constants of one enum family are one decision. */
  decisionOf?: (f: ClassifiedFinding) => string;
  /** Libraries whose `unsupported` names have a counterpart library on the target: costed as `adapt`. */
  counterpart?: (f: ClassifiedFinding, status: Status) => boolean;
  /** The cost driver (layer) a finding's hours belong to; its library's name when not given. */
  driverOf?: (f: ClassifiedFinding, library: string) => string;
}

/** A root cause: one decision (an API, an enum family, a kernel status) with its hours and places. */
export interface Cause {
  key: string;
  name: string;
  status: Status;
  likelyHours: number;
  /** Every file it costs in, with how many occurrences or kernels. */
  places: { file: string; count: number }[];
}

const apiKey = (f: ClassifiedFinding) => (f.ruleId === 'unrecognized' ? `unrecognized:${f.name}` : f.ruleId);

/** An enum family: the first two words of a constant's name (CUDNN_STATUS_BAD_PARAM → CUDNN_STATUS,
 *  cudaMemcpyHostToDevice → cudaMemcpy). Its members are one decision, taken once. */
export function enumFamily(name: string): string {
  // Asked for every constant on every estimate: a tree has few distinct names.
  let family = familyOf.get(name);
  if (family === undefined) {
    if (familyOf.size > 100_000) familyOf.clear();
    familyOf.set(name, (family = familyOfName(name)));
  }
  return family;
}
const familyOf = new Map<string, string>();

function familyOfName(name: string): string {
  const words = name.includes('_') ? name.split('_').filter(Boolean) : name.split(/(?=[A-Z][a-z])/);
  return words.slice(0, 2).join('_');
}

export function estimateTarget(
  target: Target,
  findings: ClassifiedFinding[],
  kernels: (ClassifiedKernel & { hazards?: Partial<Record<Target, { status: Status; feature?: string }[]>>; calleeLines?: number })[],
  libraryOf: (ruleId: string) => string,
  model: EffortModel,
  /** Whether kernels are rewritten on this target (its __global__ status is `rewrite`). */
  kernelsRewritten = false,
  costing: Costing = {},
  /** false: only the hours (total, breakdown, counts, fileHours); causes and drivers are left empty, unworked
   *  (the code beside the product is reported as a total: ~half the estimate's time on an examples tree). */
  detail = true,
): TargetEstimate {
  const counts: TargetEstimate['counts'] = { libraries: {}, distinctApis: {}, occurrences: {}, kernels: {}, kernelLines: {}, ported: 0 };
  // `charged`: some finding of the library is ported by hand here; a library wholly on the target's path
  // already (an in-tree port, a compatibility layer) has no first use to pay.
  const libraryStatus = new Map<string, { decisions: Map<string, Status>; file: string; driver: string; charged: boolean }>();
  const apiStatus = new Map<string, { status: Status; file: string; name: string; driver: string }>();
  const occurrences = zero();
  const ported = zero();
  const fileHours = new Map<string, number>();
  const charge = (file: string, r: Range) => fileHours.set(file, (fileHours.get(file) ?? 0) + r[1]);
  const causes = new Map<string, { name: string; status: Status; hours: number; places: Map<string, number> }>();
  const cause = (key: string, name: string, status: Status, file: string, hours: number, count = 1) => {
    if (!detail) return;
    let c = causes.get(key);
    if (!c) causes.set(key, (c = { name, status, hours: 0, places: new Map() }));
    c.status = worse(c.status, status);
    c.hours += hours;
    c.places.set(file, (c.places.get(file) ?? 0) + count);
  };
  const coveredByRewrite = new Set(model.coveredByKernelRewrite);
  const setupCovers = new Set<string>(model.setupCovers ?? []);
  const verify = model.verifyPorted ?? zero();
  const drivers = new Map<string, { hours: number; files: Set<string>; causes: Map<string, number> }>();
  const drive = (driver: string, file: string, hours: number, causeName?: string) => {
    if (!detail) return;
    let d = drivers.get(driver);
    if (!d) drivers.set(driver, (d = { hours: 0, files: new Set(), causes: new Map() }));
    d.hours += hours;
    if (hours > 0 && file) d.files.add(file);
    if (causeName !== undefined) d.causes.set(causeName, (d.causes.get(causeName) ?? 0) + hours);
  };
  for (const f of findings) {
    const verdict = f.status[target]!;
    if (!chargedPerApi(f, verdict, kernelsRewritten, coveredByRewrite)) continue;
    if (costing.ported?.(f)) {
      // Still a use of its library there: the library's first use is judged over all its decisions.
      const lib = libraryStatus.get(libraryOf(f.ruleId)) ?? { decisions: new Map<string, Status>(), file: f.file, driver: VERIFY_DRIVER, charged: false };
      const key = costing.decisionOf?.(f) ?? apiKey(f);
      lib.decisions.set(key, worse(lib.decisions.get(key) ?? 'native', verdict));
      libraryStatus.set(libraryOf(f.ruleId), lib);
      addTo(ported, verify);
      charge(f.file, verify);
      drive(VERIFY_DRIVER, f.file, verify[1]);
      counts.ported!++;
      continue;
    }
    const status: Status = verdict === 'unsupported' && costing.counterpart?.(f, verdict) ? 'adapt' : verdict;
    const library = libraryOf(f.ruleId);
    const driver = costing.driverOf?.(f, library) ?? library;
    // Unrecognized names share one rule id; each distinct name is its own decision.
    const key = costing.decisionOf?.(f) ?? apiKey(f);
    const api = apiStatus.get(key);
    const name = api?.name ?? (key.startsWith('family:') ? key.slice(7) : f.name);
    // Kinds the setup covers (the build system): their decisions are part of the setup hours, so
    // only each edit is charged, not the library's first use or the API's first decision again.
    const inSetup = setupCovers.has(f.kind);
    if (!inSetup) {
      const lib = libraryStatus.get(library) ?? { decisions: new Map<string, Status>(), file: f.file, driver, charged: true };
      if (!lib.charged) Object.assign(lib, { file: f.file, driver, charged: true });
      lib.decisions.set(key, worse(lib.decisions.get(key) ?? 'native', status));
      libraryStatus.set(library, lib);
      // The first use of a decision names its file, name and driver; later ones can only make it worse.
      if (api) api.status = worse(api.status, status);
      else apiStatus.set(key, { status: worse('native', status), file: f.file, name, driver });
    }
    const edit = inSetup ? (model.setupCoveredEdit ?? model.perOccurrence[status]) : model.perOccurrence[status];
    addTo(occurrences, edit);
    charge(f.file, edit);
    cause(key, name, status, f.file, edit[1]);
    drive(driver, f.file, edit[1], name);
    bump(counts.occurrences, status);
  }
  const libraries = zero();
  for (const { decisions, file, driver, charged } of libraryStatus.values()) {
    if (!charged) continue;
    const status = libraryVerdict(decisions.values());
    addTo(libraries, model.libraryFirstUse[status]);
    charge(file, model.libraryFirstUse[status]);
    drive(driver, file, model.libraryFirstUse[status][1]);
    bump(counts.libraries, status);
  }
  const distinctApis = zero();
  for (const [api, { status, file, name, driver }] of apiStatus) {
    // A project may set the hours of a particular API's first use (.cuport.yaml overrides: hours).
    const hours = model.ruleHours?.[api] ?? model.perDistinctApi[status];
    addTo(distinctApis, hours);
    charge(file, hours);
    cause(api, name, status, file, hours[1], 0);
    drive(driver, file, hours[1], name);
    bump(counts.distinctApis, status);
  }
  const kernelHours = zero();
  for (const k of kernels) {
    const hazards = k.hazards?.[target];
    // Costed where each construct is: a CUDA API in the kernel is charged per API (src/kernels/cost.ts).
    const status = costing.kernelPorted?.(k) ? 'native' : kernelCostStatus(k.status[target]!, hazards, kernelsRewritten);
    // Size by status, plus the hazards its profile shows there. `cuda-api` hazards are findings, costed per occurrence already.
    // Own lines plus the device-callee lines attributed to it (src/kernels/callee-lines.ts), each callee once.
    const costedLines = k.lines + (k.calleeLines ?? 0);
    const hours = kernelCost(status, costedLines, costedHazardStatuses(hazards), model);
    addTo(kernelHours, hours);
    charge(k.file, hours);
    cause(`kernels:${status}`, `${status} kernels`, status, k.file, hours[1]);
    drive(KERNELS_DRIVER, k.file, hours[1], `${status} kernels`);
    bump(counts.kernels, status);
    bump(counts.kernelLines, status, costedLines);
  }
  const breakdown = {
    setup: round1([...model.setup[target]]),
    libraries: round1(libraries),
    distinctApis: round1(distinctApis),
    occurrences: round1(occurrences),
    kernels: round1(kernelHours),
    alreadyPorted: round1(ported),
  };
  // The total is the sum of the parts as shown, so a reader can add the breakdown up exactly.
  const total = zero();
  for (const part of Object.values(breakdown)) addTo(total, part);
  const r1 = (v: number) => Math.round(v * 10) / 10;
  drive(SETUP_DRIVER, '', model.setup[target][1]);
  return {
    total: round1(total),
    breakdown,
    counts,
    fileHours: [...fileHours].filter(([, h]) => h > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([file, h]) => ({ file, likelyHours: r1(h) })),
    causes: [...causes]
      .map(([key, c]) => ({ key, name: c.name, status: c.status, likelyHours: r1(c.hours), places: [...c.places].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([file, count]) => ({ file, count })) }))
      .filter((c) => c.likelyHours > 0)
      .sort((a, b) => b.likelyHours - a.likelyHours || (a.key < b.key ? -1 : 1)),
    drivers: sortDrivers(
      [...drivers].map(([name, d]) => ({
        name,
        likelyHours: r1(d.hours),
        causes: [...d.causes].filter(([, h]) => h > 0).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1)).slice(0, MAX_DRIVER_CAUSES).map(([n]) => n),
        files: d.files.size,
      })),
    ),
  };
}

/** A library's first-use status: the status most of its distinct decisions have there (ties: the worse).
 *  Linking, initialising and testing a library is one kind of work whatever a stray name's verdict: a
 *  single `unknown` macro must not turn the HIP runtime's first use into an unknown library's. That
 *  name is charged on its own, per API. */
export function libraryVerdict(statuses: Iterable<Status>): Status {
  const counts = new Map<Status, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  let best: Status = 'native';
  let most = 0;
  for (const [s, n] of counts) if (n > most || (n === most && worse(s, best) === s)) [best, most] = [s, n];
  return best;
}

/** Heaviest driver first; drivers that cost nothing are left out. */
export function sortDrivers(drivers: Driver[]): Driver[] {
  return drivers.filter((d) => d.likelyHours > 0).sort((a, b) => b.likelyHours - a.likelyHours || (a.name < b.name ? -1 : 1));
}
