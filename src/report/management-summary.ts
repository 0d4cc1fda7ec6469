// The management summary: a few sentences per target generated from the report's numbers (hours,
// person-weeks, mechanical share, the biggest causes of hours, the kernels with hazards). Nothing
// here is hand-tuned: every figure is read from the Report through targetFacts(), the one place that
// knows the report's shape, so a change of the estimate model is a local change here.
import type { Range } from '../estimate/effort-model.js';
import type { Target } from '../model.js';
import { translator, type Translate } from '../i18n/messages.js';
import type { Report } from './build.js';
import { driverLabel, fmt, percent, targetLabel } from './format.js';
import { TEXT_WIDTH, wrap } from './text-width.js';

/** One engineer's working week when the report states none; the summary says which it used. */
export const HOURS_PER_PERSON_WEEK = 40;

/** The person-weeks a report may carry (report.people, from --hours-per-week, on the branch that adds
 *  it); read structurally so this module works with and without it. */
type WithPeople = Report & { people?: { hoursPerWeek: number; targets: Partial<Record<Target, { personWeeks: Range }>> } };
const DRIVERS_SHOWN = 2;
const KERNELS_NAMED = 3;

export const CAUSES = ['setup', 'libraries', 'distinctApis', 'occurrences', 'kernels'] as const;
export type Cause = (typeof CAUSES)[number];

export interface TargetFacts {
  target: Target;
  label: string;
  hours: Range;
  personWeeks: Range;
  hoursPerWeek: number;
  /** Likely hours per cause. */
  byCause: Record<Cause, number>;
  /** The estimate's cost drivers (layers: cuDNN layers, kernels, setup, ...), heaviest first. */
  drivers: { name: string; hours: number }[];
  findings: number;
  portableShare: number | null;
  blocking: { unsupported: number; rewrite: number; unknown: number };
  kernels: number;
  /** Kernels with at least one hazard on the target, heaviest (likely hours there) first. */
  hazardKernels: { name: string; file: string; line: number; hours: number }[];
}

export function targetFacts(report: Report, target: Target): TargetFacts {
  const ts = report.targetSummaries[target]!;
  const b = ts.estimate.breakdown;
  // The estimate is of product code (src/scope): so are the counts and kernels the summary names.
  const productFiles = new Set(report.files.filter((f) => f.scope === 'product').map((f) => f.file));
  const productKernels = report.kernels.filter((k) => productFiles.has(k.file));
  const hazardKernels = productKernels
    .filter((k) => (k.hazards[target] ?? []).length > 0)
    .map((k) => ({ name: k.name, file: k.file, line: k.line, hours: k.hours[target]?.[1] ?? 0 }))
    .sort((a, b) => b.hours - a.hours || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line);
  const people = (report as WithPeople).people;
  const hoursPerWeek = people?.hoursPerWeek ?? HOURS_PER_PERSON_WEEK;
  const personWeeks = people?.targets[target]?.personWeeks ?? (ts.estimate.total.map((h) => Math.round((h / hoursPerWeek) * 10) / 10) as Range);
  return {
    target,
    label: targetLabel(report, target),
    hours: ts.estimate.total,
    personWeeks,
    hoursPerWeek,
    byCause: { setup: b.setup[1], libraries: b.libraries[1], distinctApis: b.distinctApis[1], occurrences: b.occurrences[1], kernels: b.kernels[1] },
    drivers: ts.estimate.drivers.map((d) => ({ name: d.name, hours: d.likelyHours })),
    findings: Object.values(ts.statusCounts).reduce((n, c) => n + c, 0),
    portableShare: ts.portableShare,
    blocking: { unsupported: ts.statusCounts.unsupported, rewrite: ts.statusCounts.rewrite, unknown: ts.statusCounts.unknown },
    kernels: productKernels.length,
    hazardKernels,
  };
}

/** `62.0 %` with a no-break space, so a wrap never leaves the `%` alone on a line. */
const share = (v: number | null) => percent(v).replace(' ', '\u00a0');

function list(items: string[], t: Translate): string {
  if (items.length <= 1) return items.join('');
  return items.slice(0, -1).join(t('list.sep')) + t('list.and') + items[items.length - 1];
}

/** The sentences for one target, in order: effort, mechanical share, cost drivers, kernels, blockers. */
export function targetSentences(facts: TargetFacts, t: Translate): string[] {
  const [low, likely, high] = facts.hours;
  const out = [t('summary.effort', { target: facts.label, low: fmt(low), likely: fmt(likely), high: fmt(high), pwLow: fmt(facts.personWeeks[0]), pwHigh: fmt(facts.personWeeks[2]) })];
  if (facts.portableShare === null) out.push(t('summary.noFindings'));
  else out.push(t('summary.mechanical', { share: share(facts.portableShare), findings: facts.findings }));
  // The cost drivers are layers a lead plans by (cuDNN layers, kernels, setup).
  const drivers = facts.drivers
    .slice(0, DRIVERS_SHOWN)
    .map((d) => t('summary.driver', { cause: driverLabel(t, d.name), hours: fmt(d.hours), share: share(likely ? Math.round((d.hours / likely) * 1000) / 1000 : null) }));
  if (drivers.length) out.push(t('summary.drivers', { drivers: list(drivers, t) }));
  if (facts.hazardKernels.length) {
    const named = facts.hazardKernels.slice(0, KERNELS_NAMED);
    // Two kernels of one name (dev/ and train/ copies) are told apart by their file.
    const label = (k: (typeof named)[number]) => (named.filter((o) => o.name === k.name).length > 1 ? `${k.name} [${k.file}]` : k.name);
    const names = named.map((k) => t('summary.kernel', { name: label(k), hours: fmt(k.hours) }));
    out.push(t('summary.kernels', { count: facts.hazardKernels.length, total: facts.kernels, names: list(names, t) }));
  }
  const { unsupported, rewrite, unknown } = facts.blocking;
  if (unsupported + rewrite + unknown > 0) out.push(t('summary.blockers', { unsupported, rewrite, unknown }));
  return out;
}

export interface ManagementSummary {
  heading: string;
  assumption: string;
  /** Between sentences: a space in English, nothing in Chinese. */
  sentenceSep: string;
  /** One paragraph (list of sentences) per selected target, in the report's target order. Strings from
   *  the scanned project (kernel names) are raw: each renderer escapes for its format. */
  targets: { target: Target; sentences: string[] }[];
}

export function managementSummary(report: Report, t: Translate = translator('en')): ManagementSummary {
  return {
    heading: t('summary.heading'),
    assumption: t('summary.assumption', { hoursPerWeek: report.targets.length ? targetFacts(report, report.targets[0]!).hoursPerWeek : HOURS_PER_PERSON_WEEK }),
    sentenceSep: t('sentence.sep'),
    targets: report.targets.map((target) => ({ target, sentences: targetSentences(targetFacts(report, target), t) })),
  };
}



/** The summary for the terminal: a heading, one wrapped paragraph per target, the assumption. */
export function renderSummaryText(s: ManagementSummary, escape: (s: string) => string): string[] {
  const out = [s.heading];
  for (const p of s.targets) out.push(...wrap(escape(p.sentences.join(s.sentenceSep)), TEXT_WIDTH - 2, '  ').map((l, i) => (i === 0 ? l : `  ${l}`)));
  out.push(...wrap(s.assumption, TEXT_WIDTH, ''));
  return out;
}

/** The summary for Markdown: a heading, one bullet per target, the assumption in italics. */
export function renderSummaryMarkdown(s: ManagementSummary, escape: (s: string) => string): string[] {
  return [`## ${s.heading}`, '', ...s.targets.map((p) => `- ${escape(p.sentences.join(s.sentenceSep))}`), '', `_${s.assumption}_`];
}
