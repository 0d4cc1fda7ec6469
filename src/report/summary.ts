// A pull-request comment: Markdown that stays under SUMMARY_LIMIT characters whatever the repository's
// size (GitHub's comment limit is 65,536): per-target table, top blockers and kernel hazards, and how to
// see the rest. Every list is capped, and a final guard cuts at a line boundary if names are huge.
import type { Report } from './build.js';
import { count, fmt, mdTable, percent, targetLabel } from './format.js';
import { gateItems, verdictList } from '../gate/items.js';
import { markdownCode } from './escape.js';

export const SUMMARY_LIMIT = 60_000;
const MAX_BLOCKERS = 10;
const MAX_HAZARDS = 10;
const MAX_CELL = 120;

const cap = (s: string): string => (s.length > MAX_CELL ? `${s.slice(0, MAX_CELL - 3)}...` : s);

export function renderSummary(report: Report): string {
  const out: string[] = [];
  const s = report.summary;
  out.push('## cuport: CUDA porting summary', '');
  out.push(`${count(s.filesScanned)} files, ${count(s.lines)} lines, ${count(s.findings)} findings, ${count(s.kernels)} kernels.`, '');
  out.push(...changeLines(report));
  out.push(mdTable(
    ['target', 'native', 'rename', 'adapt', 'unknown', 'rewrite', 'unsupported', 'portable', 'hours (low – likely – high)'],
    report.targets.map((t) => {
      const ts = report.targetSummaries[t]!;
      const c = ts.statusCounts;
      const [lo, li, hi] = ts.estimate.total;
      return [targetLabel(report, t), ...[c.native, c.rename, c.adapt, c.unknown, c.rewrite, c.unsupported].map(count), percent(ts.portableShare), `${fmt(lo)} – ${fmt(li)} – ${fmt(hi)}`];
    }),
  ), '');
  for (const t of report.targets) {
    const blockers = (report.blockers[t] ?? []).slice(0, MAX_BLOCKERS);
    if (!blockers.length) continue;
    out.push(`### Top blockers on ${targetLabel(report, t)}`, '');
    out.push(mdTable(['name', 'status', 'count', 'first place', 'note'],
      blockers.map((b) => [cap(b.name), b.status, count(b.count), cap(b.locations[0] ?? ''), cap(b.note ?? b.equivalent ?? '')])), '');
  }
  const hazards = gateItems(report).filter((i) => i.kind === 'kernel' && !i.suppression);
  if (hazards.length) {
    out.push(`### Kernel hazards (${count(hazards.length)}, worst first)`, '');
    out.push(mdTable(['kernel', 'hazard', 'place', 'verdicts'],
      hazards.slice(0, MAX_HAZARDS).map((i) => [cap(i.name), i.ruleId, cap(`${i.file}:${i.line}`), verdictList(i, report.targets)])), '');
  }
  const note = 'The full lists: run `cuport scan --format markdown` (or `json`, `sarif`) locally or in the CI job.';
  let text = out.join('\n');
  if (text.length + note.length + 2 > SUMMARY_LIMIT) {
    text = text.slice(0, text.lastIndexOf('\n', SUMMARY_LIMIT - note.length - 100)) + '\n\n(summary cut to stay under the comment limit)';
  }
  return `${text}\n${note}\n`;
}

/** What the pull request adds (--changed-since) and what was accepted (--baseline): the numbers of the
 *  table below are then the change's own, and the reader is told what was left out. */
function changeLines(report: Report): string[] {
  const out: string[] = [];
  const change = report.gate?.changedSince;
  if (change) {
    out.push(`**This change** (since ${markdownCode(change.ref)}, merge-base ${markdownCode(change.mergeBase.slice(0, 12))}, ${count(change.changedFiles)} changed files) adds ` +
      `${count(report.findings.length)} findings and touches ${count(report.kernels.length)} kernels; everything below is the change's own. ` +
      `${count(change.findingsOutside)} findings and ${count(change.kernelsOutside)} kernels on unchanged lines are not shown.`, '');
  }
  const baseline = report.gate?.baseline;
  if (baseline) {
    out.push(`Baseline ${markdownCode(baseline.file)}: ${count(baseline.baselined)} findings accepted (not gated), ${count(baseline.stale)} stale entries.`, '');
  }
  return out;
}
