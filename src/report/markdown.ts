// The Markdown report: the same content as the text report, as tables for a PR comment or a wiki.
import { STATUSES } from '../model.js';
import { UNRECOGNIZED } from '../detect/cpp-matcher.js';
import { renderKernelsMarkdown } from './kernels.js';
import type { Report } from './build.js';
import { renderPortViews } from './port-views.js';
import { targetLabel as label } from './format.js';
import { bytes, calibrationLines, count, fmt, hours, mdTable, peopleNote, peopleTable, percent, type RenderOptions } from './format.js';
import { escapeMarkdown as md, markdownCode as code } from './escape.js';
import { managementSummary, renderSummaryMarkdown } from './management-summary.js';
import { translator } from '../i18n/messages.js';
import { noteIn } from '../i18n/notes.js';

export function renderMarkdown(report: Report, options: RenderOptions = {}): string {
  const t = translator(options.lang);
  const s = report.summary;
  const out: string[] = [];
  out.push(`# ${t('report.mdTitle', { version: report.tool.version })}`, '');
  const bold = (n: number) => `**${count(n)}**`;
  out.push(t('report.scanned', { files: bold(s.filesScanned), lines: count(s.lines), bytes: bytes(s.bytes), skipped: count(s.filesSkipped), findings: bold(s.findings), kernels: bold(s.kernels) }), '');
  out.push(...renderSummaryMarkdown(managementSummary(report, t), md), '');
  if (report.config) out.push(`${t('report.config', { file: code(report.config.file) })} (sha256 \`${report.config.sha256}\`)`, '');
  out.push(`## ${t('report.perTarget')}`, '');
  out.push(
    mdTable(
      [t('col.target'), ...STATUSES.map((st) => t(`status.${st}`)), t('col.portable'), t('col.hoursRange'), t('col.inferredVerdicts')],
      report.targets.map((t) => {
        const ts = report.targetSummaries[t]!;
        return [label(report, t), ...STATUSES.map((st) => String(ts.statusCounts[st])), percent(ts.portableShare), hours(ts.estimate.total), String(ts.inferredFindings)];
      }),
    ),
    '',
    t('report.portableNoteMd'),
  );
  out.push('', mdTable(...peopleTable(report, t)), '', t('md.people', { text: peopleNote(report, t) }));

  for (const tg of report.targets) {
    const blockers = report.blockers[tg] ?? [];
    if (!blockers.length) continue;
    out.push('', `## ${t('report.blockers', { target: label(report, tg) })}`, '');
    out.push(
      mdTable(
        [t('col.status'), t('col.cuda'), t('col.equivalent'), t('col.count'), t('col.likelyHours'), t('col.where'), t('col.note')],
        blockers.map((b) => [
          `${t(`status.${b.status}`)}${b.confidence === 'inferred' ? t('report.inferredTag') : ''}`, code(b.name), b.equivalent ? code(b.equivalent) : '', String(b.count),
          fmt(b.likelyHours), md(b.locations.join(', ')), b.ruleId === UNRECOGNIZED ? t('report.unrecognized') : md(noteIn(options.lang, b.ruleId, tg, b.note) ?? ''),
        ]),
      ),
    );
  }

  out.push(...renderKernelsMarkdown(report, t));

  out.push(...renderPortViews(report, { markdown: true, t, detail: options.detail ?? false }));

  const decoded = report.files.filter((f) => f.encoding);
  if (decoded.length) {
    out.push('', `## ${t('report.decoded')}`, '');
    out.push(mdTable([t('col.file'), t('col.encoding')], decoded.map((f) => [md(f.file), f.encoding!])));
  }

  if (report.skipped.length) {
    out.push('', `## ${t('report.skipped')}`, '');
    out.push(mdTable([t('col.file'), t('col.reason'), t('col.detail')], report.skipped.map((k) => [md(k.file), k.reason, md(k.message)])));
  }

  out.push('', `## ${t('md.findings')}`, '');
  out.push(
    mdTable(
      [t('col.location'), t('col.cuda'), t('col.kind'), ...report.targets],
      report.findings.map((f) => [
        md(`${f.file}:${f.line}`),
        `${code(f.name)}${f.inMacro ? t('md.inMacro') : ''}${f.guards ? t('md.under', { guards: code(f.guards.join(' / ')) }) : ''}`,
        f.kind,
        ...report.targets.map((tg) => t(`status.${f.status[tg]!}`)),
      ]),
    ),
  );

  out.push('', `## ${t('md.assumptions')}`, '');
  const a = report.assumptions;
  const calibrated = calibrationLines(report, (s) => `\`${s}\``, t);
  if (calibrated.length) out.push(...calibrated, '', t('md.overridden'), '');
  out.push(t('report.hoursFormulaMd'), '');
  out.push(
    mdTable(
      [t('col.target'), t('col.setup'), t('col.libraries'), t('col.distinctApis'), t('col.occurrences'), t('col.kernels'), t('col.total')],
      report.targets.map((tg) => {
        const e = report.targetSummaries[tg]!.estimate;
        return [tg, hours(e.breakdown.setup), hours(e.breakdown.libraries), hours(e.breakdown.distinctApis), hours(e.breakdown.occurrences), hours(e.breakdown.kernels), hours(e.total)];
      }),
    ),
    '',
  );
  out.push(
    mdTable(
      [t('col.status'), t('col.libraryFirstUse'), t('col.distinctApi'), t('col.eachOccurrence'), t('col.kernelBase'), t('col.kernelPer100')],
      STATUSES.map((st) => [t(`status.${st}`), hours(a.libraryFirstUse[st]), hours(a.perDistinctApi[st]), hours(a.perOccurrence[st]), hours(a.kernels[st].base), hours(a.kernels[st].per100Lines)]),
    ),
    '',
    t('md.setupPerTarget', { list: report.targets.map((tg) => `${tg} ${hours(a.setup[tg])}`).join('; ') }),
    '',
    t('md.coveredByKernel', { kinds: a.coveredByKernelRewrite.join(', ') }),
  );

  const sources = Object.entries(report.sources);
  if (sources.length) {
    out.push('', `## ${t('md.sources')}`, '');
    for (const [key, src] of sources) out.push(`- \`${key}\`: [${src.title}](${src.url})`);
  }
  return out.join('\n') + '\n';
}
