// Fits the effort constants to finished ports. Each port gives the estimate's likely hours per cost
// category (the breakdown every report exposes: setup, libraries, distinct APIs, occurrences, kernels)
// and the hours the port actually took. One multiplicative factor per category is fitted by least
// squares in log space, bounded to [1/4, 4] and shrunk toward 1 by a prior worth `prior` ports (default
// one), so a few ports cannot drag the model far; with one port only a single global factor is fitted (one
// number cannot tell the categories apart). The factors scale every constant of their category.
import type { Target } from '../model.js';
import type { Range } from './effort-model.js';
import { effortConstants, type EffortOverride } from './overrides.js';

/** Which constants of rules/effort.yaml (dotted path prefixes) make up each breakdown category. */
export const CATEGORY_CONSTANTS: Record<string, (target: Target) => string[]> = {
  setup: (target) => [`setup.${target}`],
  libraries: () => ['libraryFirstUse'],
  distinctApis: () => ['perDistinctApi'],
  // Build-system edits the setup covers are occurrences too (rules/effort.yaml setupCoveredEdit).
  occurrences: () => ['perOccurrence', 'setupCoveredEdit'],
  kernels: () => ['kernels'],
};

export const FACTOR_BOUNDS: [number, number] = [0.25, 4];
/** Default prior weight: as if one more port had confirmed every factor at 1. */
export const DEFAULT_PRIOR = 1;

export interface PortObservation {
  name: string;
  target: Target;
  /** Hours the port actually took. */
  actual: number;
  /** The estimate's likely hours per breakdown category, with the current constants. */
  parts: Record<string, number>;
}

export interface PortFit {
  name: string;
  target: Target;
  actual: number;
  before: number;
  after: number;
  /** (estimate − actual) / actual, before and after the fit. */
  errorBefore: number;
  errorAfter: number;
}

export interface Fit {
  method: 'global' | 'per-category';
  prior: number;
  /** The fitted factor of each category (1 = unchanged); categories no port exercised stay at 1. */
  factors: Record<string, number>;
  /** Breakdown categories the fit cannot map to constants (held at 1). */
  unmapped: string[];
  ports: PortFit[];
}

const LOG_BOUND = Math.log(FACTOR_BOUNDS[1]);

/** The category subtotals (likely hours) a report's estimate exposes for one target. */
export function categoryParts(breakdown: Record<string, Range>): Record<string, number> {
  return Object.fromEntries(Object.entries(breakdown).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, r]) => [k, r[1]]));
}

/** Minimises a one-variable function on [lo, hi] by golden-section search (deterministic). */
function goldenMin(f: (x: number) => number, lo: number, hi: number): number {
  const g = (Math.sqrt(5) - 1) / 2;
  let a = lo, b = hi;
  let c = b - g * (b - a), d = a + g * (b - a);
  let fc = f(c), fd = f(d);
  for (let i = 0; i < 80; i++) {
    if (fc < fd) { b = d; d = c; fd = fc; c = b - g * (b - a); fc = f(c); }
    else { a = c; c = d; fc = fd; d = a + g * (b - a); fd = f(d); }
  }
  const x = (a + b) / 2;
  // The bounds themselves are candidates (the minimum may sit on one).
  return [lo, x, hi].reduce((best, v) => (f(v) < f(best) ? v : best), x);
}

/** The weight of a group of categories' prior: the mean over the ports of its squared share of the hours. */
export function priorWeight(ports: PortObservation[], group: string[]): number {
  const total = (p: PortObservation) => Object.values(p.parts).reduce((n, v) => n + v, 0) || 1;
  return ports.reduce((n, p) => n + (group.reduce((m, c) => m + (p.parts[c] ?? 0), 0) / total(p)) ** 2, 0) / ports.length;
}

export function fitPorts(ports: PortObservation[], prior = DEFAULT_PRIOR): Fit {
  if (!ports.length) throw new Error('no ports to fit');
  const categories = [...new Set(ports.flatMap((p) => Object.keys(p.parts)))].sort();
  const unmapped = categories.filter((c) => !CATEGORY_CONSTANTS[c]);
  const active = categories.filter((c) => CATEGORY_CONSTANTS[c] && ports.some((p) => (p.parts[c] ?? 0) > 0));
  const method = ports.length > 1 ? 'per-category' : 'global';
  // Parameters: log-factors, one per active category, or one shared by all.
  const groups = method === 'global' ? [active] : active.map((c) => [c]);
  const u = groups.map(() => 0);
  const factorOf = (c: string) => {
    const i = groups.findIndex((g) => g.includes(c));
    return i < 0 ? 1 : Math.exp(u[i]!);
  };
  const estimate = (p: PortObservation) => categories.reduce((n, c) => n + (p.parts[c] ?? 0) * factorOf(c), 0);
  // The prior is worth `prior` ports: a port's log-estimate moves with a log-factor by that factor's
  // share of its hours, so each factor's prior is weighted by its mean squared share (a category that
  // is 10 % of every port learns from each port as much as a prior worth 1 % of a port).
  const weights = groups.map((g) => priorWeight(ports, g));
  const loss = () =>
    ports.reduce((n, p) => n + (Math.log(Math.max(estimate(p), 1e-9)) - Math.log(p.actual)) ** 2, 0) + prior * u.reduce((n, x, i) => n + weights[i]! * x * x, 0);
  // Coordinate descent: each log-factor in turn, until nothing moves.
  for (let sweep = 0; sweep < 200; sweep++) {
    let moved = 0;
    for (let i = 0; i < u.length; i++) {
      const old = u[i]!;
      u[i] = goldenMin((x) => ((u[i] = x), loss()), -LOG_BOUND, LOG_BOUND);
      moved = Math.max(moved, Math.abs(u[i]! - old));
    }
    if (moved < 1e-7) break;
  }
  const factors = Object.fromEntries(categories.filter((c) => CATEGORY_CONSTANTS[c]).map((c) => [c, round3(factorOf(c))]));
  const fitted = ports.map((p) => {
    const before = Object.values(p.parts).reduce((a, b) => a + b, 0);
    const after = categories.reduce((n, c) => n + (p.parts[c] ?? 0) * (factors[c] ?? 1), 0);
    return { name: p.name, target: p.target, actual: p.actual, before: round1(before), after: round1(after), errorBefore: round3((before - p.actual) / p.actual), errorAfter: round3((after - p.actual) / p.actual) };
  });
  return { method, prior, factors, unmapped, ports: fitted };
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round3 = (x: number) => Math.round(x * 1000) / 1000;
/** Three significant digits: enough for an hour constant, and small ones (0.005 h) are not lost. */
const significant = (x: number) => (x === 0 ? 0 : Number(x.toPrecision(3)));

/**
 * The constants the factors change, scaled: every constant of a category, except setup, which is the
 * target's own (only the targets of the ports are changed).
 */
export function scaledConstants(base: unknown, fit: Fit, targets: Target[]): EffortOverride[] {
  const prefixes = Object.entries(fit.factors)
    .filter(([, f]) => f !== 1)
    .flatMap(([category, f]) => {
      const prefixes = CATEGORY_CONSTANTS[category]!;
      return [...new Set(targets.flatMap((t) => prefixes(t)))].map((p) => [p, f] as const);
    });
  const out: EffortOverride[] = [];
  for (const constant of effortConstants(base)) {
    const match = prefixes.find(([p]) => constant === p || constant.startsWith(`${p}.`));
    if (!match) continue;
    const path = constant.split('.');
    const value = path.reduce<any>((n, k) => n?.[k], base);
    const range = (Array.isArray(value) ? value : Object.values(value).find(Array.isArray)) as Range;
    if (range.every((v) => v === 0)) continue;
    out.push({ path, value: range.map((v) => significant(v * match[1])) as Range });
  }
  return out;
}

/** The fit as a `.cuport.yaml` `effort:` block, its method and per-port error as comments. */
export function renderEffortBlock(fit: Fit, constants: EffortOverride[], portsFile: string): string {
  const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(0)} %`;
  const lines = [
    `# Fitted by cuport calibrate from ${fit.ports.length} port(s) in ${portsFile}.`,
    `# Method: ${fit.method === 'global' ? 'one global factor (a single port cannot tell the categories apart)' : 'one factor per cost category'},`,
    `# least squares in log space, bounded to [${FACTOR_BOUNDS.join(', ')}], shrunk toward 1 with a prior worth ${fit.prior} port(s).`,
    `# Factors: ${Object.entries(fit.factors).map(([c, f]) => `${c} ×${f}`).join(', ')}.`,
    '# Fit per port (likely hours; error = (estimate − actual) / actual):',
    ...fit.ports.map((p) => `#   ${p.name} (${p.target}): actual ${p.actual} h, estimate ${p.before} h (${pct(p.errorBefore)}) → ${p.after} h (${pct(p.errorAfter)})`),
    `# ${fit.ports.length < 5 ? `Only ${fit.ports.length} port(s): this moves the model toward them; it does not validate it.` : 'Check the fit on a port not used for it before trusting it.'}`,
    'effort:',
    `  source: "cuport calibrate: ${fit.ports.length} port(s) in ${portsFile.replace(/["\\]/g, '')}"`,
  ];
  // Nested mappings by path; ranges in flow style.
  let previous: string[] = [];
  for (const c of constants) {
    const keys = c.path;
    let common = 0;
    while (common < keys.length - 1 && previous[common] === keys[common]) common++;
    for (let i = common; i < keys.length - 1; i++) lines.push(`${'  '.repeat(i + 1)}${keys[i]}:`);
    lines.push(`${'  '.repeat(keys.length)}${keys.at(-1)}: [${c.value.join(', ')}]`);
    previous = keys;
  }
  return lines.join('\n') + '\n';
}
