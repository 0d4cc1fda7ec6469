// The Markdown report: the same content as the text report, as tables for a PR comment or a wiki.
import { STATUSES } from '../model.js';
import { renderKernelsMarkdown } from './kernels.js';
import type { Report } from './build.js';
import { renderPortViews } from './port-views.js';
import { targetLabel as label } from './format.js';
import { bytes, calibrationLines, count, fmt, hours, mdTable, peopleTable, percent } from './format.js';
import { escapeMarkdown as md, markdownCode as code } from './escape.js';
import { managementSummary, renderSummaryMarkdown } from './management-summary.js';
import { translator, type Lang } from '../i18n/messages.js';

export function renderMarkdown(report: Report, options: { lang?: Lang } = {}): string {
  const s = report.summary;
  const out: string[] = [];
  out.push(`# CUDA migration report (cuport ${report.tool.version})`, '');
  out.push(
    `Scanned **${count(s.filesScanned)}** files (${count(s.lines)} lines, ${bytes(s.bytes)}); ${count(s.filesSkipped)} skipped; ` +
      `**${count(s.findings)}** findings; **${count(s.kernels)}** kernels.`,
    '',
  );
  out.push(...renderSummaryMarkdown(managementSummary(report, translator(options.lang)), md), '');
  if (report.config) out.push(`Configuration applied: ${code(report.config.file)} (sha256 \`${report.config.sha256}\`)`, '');
  out.push('## Per target', '');
  out.push(
    mdTable(
      ['Target', ...STATUSES, 'portable', 'hours (low – likely – high)', 'inferred verdicts'],
      report.targets.map((t) => {
        const ts = report.targetSummaries[t]!;
        return [label(report, t), ...STATUSES.map((st) => String(ts.statusCounts[st])), percent(ts.portableShare), hours(ts.estimate.total), String(ts.inferredFindings)];
      }),
    ),
    '',
    '_portable_ = native + rename. _inferred verdicts_ rest on a naming pattern rather than a public statement.',
  );
  out.push('', mdTable(...peopleTable(report)), '', `_People_: ${report.people.assumption}.`);

  for (const t of report.targets) {
    const blockers = report.blockers[t] ?? [];
    if (!blockers.length) continue;
    out.push('', `## Top blockers on ${label(report, t)}`, '');
    out.push(
      mdTable(
        ['status', 'CUDA', 'equivalent', 'count', 'where', 'note'],
        blockers.map((b) => [b.confidence === 'inferred' ? `${b.status} (inferred)` : b.status, code(b.name), b.equivalent ? code(b.equivalent) : '', String(b.count), md(b.locations.join(', ')), b.note ?? '']),
      ),
    );
  }

  out.push(...renderKernelsMarkdown(report));

  out.push(...renderPortViews(report, true));

  const decoded = report.files.filter((f) => f.encoding);
  if (decoded.length) {
    out.push('', '## Files not in UTF-8 (decoded and scanned)', '');
    out.push(mdTable(['file', 'encoding'], decoded.map((f) => [f.file, f.encoding!])));
  }

  if (report.skipped.length) {
    out.push('', '## Skipped files', '');
    out.push(mdTable(['file', 'reason', 'detail'], report.skipped.map((k) => [md(k.file), k.reason, md(k.message)])));
  }

  out.push('', '## Findings', '');
  out.push(
    mdTable(
      ['location', 'CUDA', 'kind', ...report.targets],
      report.findings.map((f) => [
        md(`${f.file}:${f.line}`),
        `${code(f.name)}${f.inMacro ? ' (in #define)' : ''}${f.guards ? ` under ${code(f.guards.join(' / '))}` : ''}`,
        f.kind,
        ...report.targets.map((t) => f.status[t]!),
      ]),
    ),
  );

  out.push('', '## Assumptions (rules/effort.yaml)', '');
  const a = report.assumptions;
  const calibrated = calibrationLines(report, (s) => `\`${s}\``);
  if (calibrated.length) out.push(...calibrated, '', 'The tables below show the constants as overridden.', '');
  out.push('Hours per target = setup + first use of each library + each distinct API + each occurrence + kernels (ranges are low – likely – high).', '');
  out.push(
    mdTable(
      ['Target', 'setup', 'libraries', 'distinct APIs', 'occurrences', 'kernels', 'total'],
      report.targets.map((t) => {
        const e = report.targetSummaries[t]!.estimate;
        return [t, hours(e.breakdown.setup), hours(e.breakdown.libraries), hours(e.breakdown.distinctApis), hours(e.breakdown.occurrences), hours(e.breakdown.kernels), hours(e.total)];
      }),
    ),
    '',
  );
  out.push(
    mdTable(
      ['status', 'library first use', 'distinct API', 'each occurrence', 'kernel base', 'kernel per 100 lines'],
      STATUSES.map((st) => [st, hours(a.libraryFirstUse[st]), hours(a.perDistinctApi[st]), hours(a.perOccurrence[st]), hours(a.kernels[st].base), hours(a.kernels[st].per100Lines)]),
    ),
    '',
    `Setup per target: ${report.targets.map((t) => `${t} ${hours(a.setup[t])}`).join('; ')}.`,
    '',
    `Findings of kind ${a.coveredByKernelRewrite.join(', ')} whose status on a target is \`rewrite\` are costed with their kernel's rewrite, not again per API.`,
  );

  const sources = Object.entries(report.sources);
  if (sources.length) {
    out.push('', '## Sources', '');
    for (const [key, src] of sources) out.push(`- \`${key}\`: [${src.title}](${src.url})`);
  }
  return out.join('\n') + '\n';
}
