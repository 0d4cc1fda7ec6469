// A pull-request comment: Markdown that stays under SUMMARY_LIMIT characters whatever the repository's
// size (GitHub's comment limit is 65,536): per-target table, top blockers and kernel hazards, and how to
// see the rest. Every list is capped, and a final guard cuts at a line boundary if names are huge.
import type { Report } from './build.js';
import { count, fmt, mdTable, percent, targetLabel } from './format.js';
import { gateItems, verdictList } from '../gate/items.js';
import { markdownCode } from './escape.js';
import type { RenderOptions } from './format.js';
import { translator, type Translate } from '../i18n/messages.js';
import { noteIn } from '../i18n/notes.js';
import { STATUSES } from '../model.js';

export const SUMMARY_LIMIT = 60_000;
const MAX_BLOCKERS = 10;
const MAX_HAZARDS = 10;
const MAX_CELL = 120;

const cap = (s: string): string => (s.length > MAX_CELL ? `${s.slice(0, MAX_CELL - 3)}...` : s);

export function renderSummary(report: Report, options: RenderOptions = {}): string {
  const t = translator(options.lang);
  const out: string[] = [];
  const s = report.summary;
  out.push(`## ${t('pr.title')}`, '');
  out.push(t('pr.scanned', { files: count(s.filesScanned), lines: count(s.lines), findings: count(s.findings), kernels: count(s.kernels) }), '');
  out.push(...changeLines(report, t));
  out.push(mdTable(
    [t('col.target'), ...STATUSES.map((st) => t(`status.${st}`)), t('col.portable'), t('col.hoursRange')],
    report.targets.map((tg) => {
      const ts = report.targetSummaries[tg]!;
      const c = ts.statusCounts;
      const [lo, li, hi] = ts.estimate.total;
      return [targetLabel(report, tg), ...[c.native, c.rename, c.adapt, c.unknown, c.rewrite, c.unsupported].map(count), percent(ts.portableShare), `${fmt(lo)} – ${fmt(li)} – ${fmt(hi)}`];
    }),
  ), '');
  for (const tg of report.targets) {
    const blockers = (report.blockers[tg] ?? []).slice(0, MAX_BLOCKERS);
    if (!blockers.length) continue;
    out.push(`### ${t('pr.blockers', { target: targetLabel(report, tg) })}`, '');
    out.push(mdTable([t('col.name'), t('col.status'), t('col.count'), t('col.firstPlace'), t('col.note')],
      blockers.map((b) => [cap(b.name), t(`status.${b.status}`), count(b.count), cap(b.locations[0] ?? ''), cap(noteIn(options.lang, b.ruleId, tg, b.note) ?? b.equivalent ?? '')])), '');
  }
  const hazards = gateItems(report).filter((i) => i.kind === 'kernel' && !i.suppression);
  if (hazards.length) {
    out.push(`### ${t('pr.hazards', { count: count(hazards.length) })}`, '');
    out.push(mdTable([t('col.kernel'), t('col.hazard'), t('col.place'), t('col.verdicts')],
      hazards.slice(0, MAX_HAZARDS).map((i) => [cap(i.name), i.ruleId, cap(`${i.file}:${i.line}`), verdictList(i, report.targets)])), '');
  }
  const note = t('pr.fullLists');
  let text = out.join('\n');
  if (text.length + note.length + 2 > SUMMARY_LIMIT) {
    text = text.slice(0, text.lastIndexOf('\n', SUMMARY_LIMIT - note.length - 100)) + `\n\n${t('pr.cut')}`;
  }
  return `${text}\n${note}\n`;
}

/** What the pull request adds (--changed-since) and what was accepted (--baseline): the numbers of the
 *  table below are then the change's own, and the reader is told what was left out. */
function changeLines(report: Report, t: Translate): string[] {
  const out: string[] = [];
  const change = report.gate?.changedSince;
  if (change) {
    out.push(t('pr.change', {
      ref: markdownCode(change.ref), base: markdownCode(change.mergeBase.slice(0, 12)), files: count(change.changedFiles), findings: count(report.findings.length),
      kernels: count(report.kernels.length), outsideFindings: count(change.findingsOutside), outsideKernels: count(change.kernelsOutside),
    }), '');
  }
  const baseline = report.gate?.baseline;
  if (baseline) {
    out.push(t('pr.baseline', { file: markdownCode(baseline.file), baselined: count(baseline.baselined), stale: count(baseline.stale) }), '');
  }
  return out;
}
