// The terminal report: the management summary, the per-target table, then per target its blockers by
// hours and heaviest directories (causes with --detail); kernels; skipped files; the effort assumptions used. By default
// each list shows its top entries and says how many more there are (the report stays under ~150 lines
// on large trees); --detail lists everything. Every line fits 120 columns (text-width.ts).
import { UNRECOGNIZED } from '../detect/cpp-matcher.js';
import { STATUSES } from '../model.js';
import { renderKernelsText } from './kernels.js';
import { renderGateText } from './gate-text.js';
import type { Report } from './build.js';
import { renderPortViews } from './port-views.js';
import { targetLabel as label } from './format.js';
import { bytes, calibrationLines, count, fmt, hours, peopleNote, peopleTable, percent, table, type RenderOptions } from './format.js';
import { moreLine, STATUS_COLUMN, statusCell, truncate, truncateLeft } from './text-lines.js';
import { escapeTerminal as esc } from './escape.js';
import { displayWidth, fitWidth, TEXT_WIDTH } from './text-width.js';
import { managementSummary, renderSummaryText } from './management-summary.js';
import { translator, type Lang, type Translate } from '../i18n/messages.js';
import { noteIn } from '../i18n/notes.js';

/** How many entries of each list the default report shows (--detail: all). */
export const TEXT_LIMITS = { blockers: 3, skipped: 5 } as const;

export function renderText(report: Report, options: RenderOptions = {}): string {
  const t = translator(options.lang);
  const detail = options.detail ?? false;
  const out: string[] = [];
  const s = report.summary;
  out.push(t('report.title', { version: report.tool.version }));
  out.push(t('report.scanned', { files: count(s.filesScanned), lines: count(s.lines), bytes: bytes(s.bytes), skipped: count(s.filesSkipped), findings: count(s.findings), kernels: count(s.kernels) }));
  if (s.filesWithParseErrors) out.push(t('report.parseErrors', { count: s.filesWithParseErrors }));
  // Two lines: the path and its 64-digit hash together would pass the 120-column limit and be wrapped.
  if (report.config) out.push(t('report.config', { file: report.config.file }), `  sha256 ${report.config.sha256}`);
  out.push('');
  out.push(...renderSummaryText(managementSummary(report, t), esc), '');

  out.push(
    table(
      [t('col.target'), ...STATUSES.map((st) => t(`status.${st}`)), t('col.portable'), t('col.hoursRange')],
      report.targets.map((tg) => {
        const ts = report.targetSummaries[tg]!;
        return [label(report, tg), ...STATUSES.map((st) => String(ts.statusCounts[st])), percent(ts.portableShare), hours(ts.estimate.total)];
      }),
    ),
  );
  out.push(t('report.portableNote'));
  const inferred = report.targets.filter((tg) => report.targetSummaries[tg]!.inferredFindings > 0);
  if (inferred.length) out.push(t('report.inferred', { list: inferred.map((tg) => `${tg} ${report.targetSummaries[tg]!.inferredFindings}`).join(', ') }));

  out.push('', table(...peopleTable(report, t)), t('report.people', { text: peopleNote(report, t) }));

  // Per target: its costs, its blockers by hours and its heaviest directories (port-views.ts).
  out.push(...renderPortViews(report, { markdown: false, t, detail, extra: (tg) => blockerLines(report, tg, t, detail, options.lang) }));
  // The causes of hours are one line for all targets by default (--detail lists them per target).
  const causes = report.targets.filter((tg) => report.targetSummaries[tg]!.estimate.causes.length);
  if (!detail && causes.length) {
    out.push('', t('report.causesHidden', { list: causes.map((tg) => `${tg} ${report.targetSummaries[tg]!.estimate.causes.length}`).join(', ') }));
  }

  out.push(...renderKernelsText(report, t, detail));
  out.push(...renderGateText(report, t, detail));

  const decoded = report.files.filter((f) => f.encoding);
  if (decoded.length) {
    out.push('', t('report.decoded'));
    const shown = detail ? decoded : decoded.slice(0, TEXT_LIMITS.skipped);
    for (const f of shown) out.push(`  ${f.file}: ${f.encoding}`);
    out.push(...moreLine(t, decoded.length - shown.length));
  }

  if (report.skipped.length) {
    out.push('', t('report.skipped'));
    const shown = detail ? report.skipped : report.skipped.slice(0, TEXT_LIMITS.skipped);
    for (const k of shown) out.push(`  ${esc(k.file)}: ${k.reason} (${esc(k.message)})`);
    out.push(...moreLine(t, report.skipped.length - shown.length));
  }

  out.push('', t('report.hoursFormula'));
  // Ranges without spaces or unit (the header says so): five of them fit 120 columns on any tree.
  const range = (r: readonly number[]) => r.map(fmt).join('–');
  out.push(
    table(
      [t('col.target'), t('col.setup'), t('col.libraries'), t('col.distinctApis'), t('col.occurrences'), t('col.kernels')],
      report.targets.map((tg) => {
        const b = report.targetSummaries[tg]!.estimate.breakdown;
        return [tg, range(b.setup), range(b.libraries), range(b.distinctApis), range(b.occurrences), range(b.kernels)];
      }),
    ),
  );
  out.push(t('report.coveredByKernel', { kinds: report.assumptions.coveredByKernelRewrite.join(', ') }));
  out.push(t('report.constants'));
  out.push(...calibrationLines(report, undefined, t).map((l) => (l.startsWith('- ') ? `  ${l.slice(2)}` : l)));
  // Safety net: no line of the report can carry a control or bidi character, whatever a field held.
  return fitWidth(out.join('\n').split('\n').map(esc).join('\n')) + '\n';
}

/** One target's blockers, heaviest first: by default the top few on one line each (the note cut to the
 *  line, in full in JSON and with --detail); with --detail every blocker with its whole note. */
function blockerLines(report: Report, target: Report['targets'][number], t: Translate, detail: boolean, lang: Lang | undefined): string[] {
  const blockers = report.blockers[target] ?? [];
  if (!blockers.length) return [];
  const out = [`  ${t('report.blockersHere')}`];
  const shown = detail ? blockers : blockers.slice(0, TEXT_LIMITS.blockers);
  const noteIndent = ' '.repeat(4 + STATUS_COLUMN + 1);
  for (const b of shown) {
    const eq = b.equivalent ? ` → ${b.equivalent}` : '';
    const inferred = b.confidence === 'inferred' ? t('report.inferredTag') : '';
    // By default the first place only: a line per blocker; --detail gives the first few (JSON: the same).
    const places = detail ? b.locations : b.locations.slice(0, 1);
    const where = `${places.join(', ')}${b.count > places.length ? ', …' : ''}`;
    const head = `    ${statusCell(t, b.status)} ${esc(b.name)}${esc(eq)} ×${b.count}${inferred}  `;
    // By default the place is cut from the left to the line (file name and line kept); --detail wraps it.
    const room = TEXT_WIDTH - displayWidth(head);
    out.push(head + (detail || room < 24 ? esc(where) : truncateLeft(esc(where), room)));
    const note = b.ruleId === UNRECOGNIZED ? t('report.unrecognized') : noteIn(lang, b.ruleId, target, b.note);
    if (note) out.push(noteIndent + (detail ? note : truncate(note, TEXT_WIDTH - noteIndent.length)));
  }
  out.push(...moreLine(t, blockers.length - shown.length, '    '));
  return out;
}
