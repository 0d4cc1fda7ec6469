// The terminal report: per-target table, top blockers with file:line, heaviest files/directories,
// skipped files and the effort assumptions used.
import { UNRECOGNIZED } from '../detect/cpp-matcher.js';
import { STATUSES } from '../model.js';
import { renderKernelsText } from './kernels.js';
import type { Report } from './build.js';
import { targetLabel as label } from './format.js';
import { bytes, count, fmt, hours, percent, table } from './format.js';

const MAX_BLOCKERS_SHOWN = 8;

export function renderText(report: Report): string {
  const out: string[] = [];
  const s = report.summary;
  out.push(`cuport ${report.tool.version} — CUDA migration report`);
  out.push(
    `Scanned ${count(s.filesScanned)} files (${count(s.lines)} lines, ${bytes(s.bytes)}); ${count(s.filesSkipped)} skipped; ` +
      `${count(s.findings)} findings; ${count(s.kernels)} kernels.`,
  );
  if (s.filesWithParseErrors) out.push(`${s.filesWithParseErrors} file(s) had syntax the parser could not fully read; they were still scanned.`);
  if (report.config) out.push(`Configuration applied: ${report.config.file} (sha256 ${report.config.sha256})`);
  out.push('');

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

  for (const t of report.targets) {
    const blockers = report.blockers[t] ?? [];
    if (!blockers.length) continue;
    out.push('', `Top blockers on ${label(report, t)}`);
    for (const b of blockers.slice(0, MAX_BLOCKERS_SHOWN)) {
      const eq = b.equivalent ? ` → ${b.equivalent}` : '';
      out.push(`  ${b.status.padEnd(11)} ${b.name}${eq} ×${b.count}  ${b.locations.join(', ')}${b.count > b.locations.length ? ', …' : ''}`);
      if (b.ruleId === UNRECOGNIZED) out.push('              not in the rule table: check by hand');
      else if (b.note) out.push(`              ${b.note}`);
    }
  }

  out.push(...renderKernelsText(report));

  if (report.heaviest.files.length) {
    out.push('', 'Heaviest files (likely hours of edits and kernels, all selected targets)');
    out.push(table(['file', 'findings', 'hours'], report.heaviest.files.map((w) => [w.path, String(w.findings), fmt(w.likelyHours)])));
    out.push('', 'Heaviest directories');
    out.push(table(['directory', 'findings', 'hours'], report.heaviest.directories.map((w) => [w.path, String(w.findings), fmt(w.likelyHours)])));
  }

  const decoded = report.files.filter((f) => f.encoding);
  if (decoded.length) {
    out.push('', 'Files not in UTF-8 (decoded and scanned)');
    for (const f of decoded) out.push(`  ${f.file}: ${f.encoding}`);
  }

  if (report.skipped.length) {
    out.push('', 'Skipped files');
    for (const k of report.skipped) out.push(`  ${k.file}: ${k.reason} (${k.message})`);
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
  return out.join('\n') + '\n';
}
