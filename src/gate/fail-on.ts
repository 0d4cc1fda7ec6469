// The CI gate: which items (findings and kernel hazards) reach the --fail-on threshold on a selected
// target, and --max-hours budgets. Suppressed findings never fail the gate.
import { STATUSES, TARGETS, type Status, type Target } from '../model.js';
import type { Report } from '../report/build.js';
import { UsageError } from '../cli/errors.js';
import { gateItems, type GateItem } from './items.js';

/** How many failing items are printed before "… and N more". */
export const MAX_FAILURES_LISTED = 50;

export function atOrAbove(status: Status, threshold: Status): boolean {
  return STATUSES.indexOf(status) >= STATUSES.indexOf(threshold);
}

export function failingItems(report: Report, threshold: Status, items: GateItem[] = gateItems(report)): GateItem[] {
  return items.filter((i) => !i.suppression && report.targets.some((t) => i.status[t] !== undefined && atOrAbove(i.status[t]!, threshold)));
}

/** One line per failing (item, target): `file:line  rule  target  status  why`, capped with a count. */
export function describeFailures(report: Report, threshold: Status, failing: GateItem[]): string {
  const lines: string[] = [];
  for (const i of failing) {
    for (const t of report.targets) {
      const s = i.status[t];
      if (s === undefined || !atOrAbove(s, threshold)) continue;
      lines.push(`  ${i.file}:${i.line}  ${i.kind === 'kernel' ? `${i.ruleId} (kernel ${i.name})` : `${i.ruleId} (${i.name})`}  ${t}  ${s}  ${oneLine(i.why[t] ?? s)}`);
    }
  }
  const shown = lines.slice(0, MAX_FAILURES_LISTED);
  if (lines.length > shown.length) shown.push(`  … and ${lines.length - shown.length} more (see --format json or sarif for all)`);
  return shown.join('\n');
}

const oneLine = (s: string): string => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}...` : flat;
};

/** `--max-hours musa=40` (repeatable, or comma-separated) → budget per target. */
export function parseMaxHours(values: string[] | undefined, targets: Target[]): Partial<Record<Target, number>> {
  const budgets: Partial<Record<Target, number>> = {};
  for (const item of (values ?? []).flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean)) {
    const m = /^([a-z]+)=(\d+(?:\.\d+)?)$/.exec(item);
    if (!m || !(TARGETS as readonly string[]).includes(m[1]!)) throw new UsageError(`--max-hours takes TARGET=HOURS, e.g. musa=40 (got "${item}")`);
    if (!targets.includes(m[1] as Target)) throw new UsageError(`--max-hours ${m[1]}: that target is not selected`);
    budgets[m[1] as Target] = Number(m[2]);
  }
  return budgets;
}

/** Targets whose likely hours exceed their budget, as printable lines. */
export function overBudget(report: Report, budgets: Partial<Record<Target, number>>): string[] {
  return report.targets.flatMap((t) => {
    const budget = budgets[t];
    const likely = report.targetSummaries[t]?.estimate.total[1];
    return budget !== undefined && likely !== undefined && likely > budget ? [`  ${t}: likely ${likely} h > --max-hours ${budget} h`] : [];
  });
}
