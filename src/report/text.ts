// The terminal report: per-target table, top blockers with file:line, heaviest files/directories,
// skipped files and the effort assumptions used.
import { UNRECOGNIZED } from '../detect/cpp-matcher.js';
import { STATUSES } from '../model.js';
import { renderKernelsText } from './kernels.js';
import { renderGateText } from './gate-text.js';
import type { Report } from './build.js';
import { renderPortViews } from './port-views.js';
import { targetLabel as label } from './format.js';
import { bytes, calibrationLines, count, fmt, hours, peopleTable, percent, table } from './format.js';
import { escapeTerminal as esc } from './escape.js';
import { fitWidth } from './text-width.js';
import { managementSummary, renderSummaryText } from './management-summary.js';
import { translator, type Lang } from '../i18n/messages.js';

const MAX_BLOCKERS_SHOWN = 8;

export function renderText(report: Report, options: { lang?: Lang } = {}): string {
  const out: string[] = [];
  const s = report.summary;
  out.push(`cuport ${report.tool.version} — CUDA migration report`);
  out.push(
    `Scanned ${count(s.filesScanned)} files (${count(s.lines)} lines, ${bytes(s.bytes)}); ${count(s.filesSkipped)} skipped; ` +
      `${count(s.findings)} findings; ${count(s.kernels)} kernels.`,
  );
  if (s.filesWithParseErrors) out.push(`${s.filesWithParseErrors} file(s) had syntax the parser could not fully read; they were still scanned.`);
  // Two lines: the path and its 64-digit hash together would pass the 120-column limit and be wrapped.
  if (report.config) out.push(`Configuration applied: ${report.config.file}`, `  sha256 ${report.config.sha256}`);
  out.push('');
  out.push(...renderSummaryText(managementSummary(report, translator(options.lang)), esc), '');

  out.push(
    table(
      ['Target', ...STATUSES, 'portable', 'hours (low – likely – high)'],
      report.targets.map((t) => {
        const ts = report.targetSummaries[t]!;
        return [label(report, t), ...STATUSES.map((st) => String(ts.statusCounts[st])), percent(ts.portableShare), hours(ts.estimate.total)];
      }),
    ),
  );
  out.push('portable = native + rename (a tool can do it). Statuses are per finding; see `cuport explain NAME`.');
  const inferred = report.targets.filter((t) => report.targetSummaries[t]!.inferredFindings > 0);
  if (inferred.length) {
    out.push(
      `Inferred verdicts (naming pattern, no source states them): ` +
        inferred.map((t) => `${t} ${report.targetSummaries[t]!.inferredFindings}`).join(', ') + '.',
    );
  }

  out.push('', table(...peopleTable(report)), `People: ${report.people.assumption}.`);

  for (const t of report.targets) {
    const blockers = report.blockers[t] ?? [];
    if (!blockers.length) continue;
    out.push('', `Top blockers on ${label(report, t)}`);
    for (const b of blockers.slice(0, MAX_BLOCKERS_SHOWN)) {
      const eq = b.equivalent ? ` → ${b.equivalent}` : '';
      const inferred = b.confidence === 'inferred' ? ' (inferred)' : '';
      out.push(`  ${b.status.padEnd(11)} ${esc(b.name)}${eq} ×${b.count}${inferred}  ${esc(b.locations.join(', '))}${b.count > b.locations.length ? ', …' : ''}`);
      if (b.ruleId === UNRECOGNIZED) out.push('              not in the rule table: check by hand');
      else if (b.note) out.push(`              ${b.note}`);
    }
  }

  out.push(...renderKernelsText(report));
  out.push(...renderGateText(report));

  out.push(...renderPortViews(report, false));

  const decoded = report.files.filter((f) => f.encoding);
  if (decoded.length) {
    out.push('', 'Files not in UTF-8 (decoded and scanned)');
    for (const f of decoded) out.push(`  ${f.file}: ${f.encoding}`);
  }

  if (report.skipped.length) {
    out.push('', 'Skipped files');
    for (const k of report.skipped) out.push(`  ${esc(k.file)}: ${k.reason} (${esc(k.message)})`);
  }

  out.push('', 'Hours per target = setup + first use of each library + each distinct API + each occurrence + kernels');
  out.push(
    table(
      ['Target', 'setup', 'libraries', 'distinct APIs', 'occurrences', 'kernels'],
      report.targets.map((t) => {
        const b = report.targetSummaries[t]!.estimate.breakdown;
        return [t, hours(b.setup), hours(b.libraries), hours(b.distinctApis), hours(b.occurrences), hours(b.kernels)];
      }),
    ),
  );
  out.push(`Device-side findings (${report.assumptions.coveredByKernelRewrite.join(', ')}) that are \`rewrite\` on a target are costed with their kernel.`);
  out.push('Constants: rules/effort.yaml (shown in full with --format json or markdown).');
  out.push(...calibrationLines(report).map((l) => (l.startsWith('- ') ? `  ${l.slice(2)}` : l)));
  // Safety net: no line of the report can carry a control or bidi character, whatever a field held.
  return fitWidth(out.join('\n').split('\n').map(esc).join('\n')) + '\n';
}
