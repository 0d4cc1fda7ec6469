// The kernel section of the text and Markdown reports: kernels heaviest first with status and likely
// hours per target, then each kernel's features, hazards with file:line and reasons, and for Ascend the
// alternatives to a hand rewrite. The JSON report carries all of it (Report.kernels).
import type { ProfiledKernel } from '../kernels/hazards.js';
import type { Report } from './build.js';
import { fmt, mdTable, table } from './format.js';
import { escapeMarkdown as md, escapeTerminal as esc, markdownCode as code } from './escape.js';
import { translator, type Translate } from '../i18n/messages.js';
import { displayWidth, TEXT_WIDTH } from './text-width.js';
import { moreLine, statusCell, truncate, truncateLeft } from './text-lines.js';

/** Kernels in the default text report (--detail: all, with each hazard). */
export const TEXT_KERNELS_SHOWN = 5;
const KERNEL_NAME_COLUMNS = 30;

const cellFor = (k: ProfiledKernel, target: keyof ProfiledKernel['status'], t: Translate) => `${t(`status.${k.status[target]}`)} ${fmt(k.hours[target]?.[1] ?? 0)} h`;

/** `warp-size-assumption ×3, atomic ×2 (atomicAdd(float)), shared-static` */
export function featureList(k: ProfiledKernel): string {
  return Object.entries(k.features)
    .map(([feature, s]) => {
      const details = [...new Set(s!.evidence.map((e) => e.detail).filter((d): d is string => !!d && d.length <= 40))].slice(0, 2);
      return `${feature}${s!.count > 1 ? ` ×${s!.count}` : ''}${details.length && /atomic|inline-ptx|warp-intrinsic|shared-static/.test(feature) ? ` (${details.join('; ')})` : ''}`;
    })
    .join(', ');
}

function alternatives(k: ProfiledKernel): string {
  // Where no aclnn operator or CATLASS template fits, say so rather than leave the reader to guess.
  return [...k.ascendAlternatives.map((a) => `${a.suggestion} [${a.kind}: ${a.why}]`), ...(k.ascendNoOperator ? [k.ascendNoOperator] : [])].join('; ');
}

export function renderKernelsText(report: Report, t: Translate = translator('en'), detail = false): string[] {
  const out: string[] = [];
  if (!report.kernels.length) return out;
  out.push('', t('report.kernels'));
  const shown = detail ? report.kernels : report.kernels.slice(0, TEXT_KERNELS_SHOWN);
  const cells = shown.map((k) => report.targets.map((tg) => cellFor(k, tg, t)));
  const names = shown.map((k) => truncate(esc(k.name), KERNEL_NAME_COLUMNS));
  // The location goes last and is shortened from the left to the room left (the file name and line
  // stay; the full path is in the hazards below with --detail and in JSON).
  const header = [t('col.kernel'), t('col.lines'), ...report.targets, t('col.location')];
  const width = (i: number, column: string[]) => Math.max(displayWidth(header[i]!), ...column.map(displayWidth));
  const used = width(0, names) + width(1, shown.map((k) => String(k.lines))) + report.targets.reduce((n, _, i) => n + width(2 + i, cells.map((c) => c[i]!)), 0) + 2 * (header.length - 1);
  const room = Math.max(16, TEXT_WIDTH - used);
  out.push(table(header, shown.map((k, i) => [names[i]!, String(k.lines), ...cells[i]!, truncateLeft(esc(`${k.file}:${k.line}`), room)])));
  out.push(...moreLine(t, report.kernels.length - shown.length, ''));

  const withFeatures = report.kernels.filter((k) => Object.keys(k.features).length);
  if (!withFeatures.length) return withUnresolved(out, report, t);
  if (!detail) {
    out.push(t('report.hazardsHidden', { count: withFeatures.length }));
    return withUnresolved(out, report, t);
  }
  out.push('', t('report.hazards', { count: withFeatures.length }));
  for (const k of withFeatures) {
    const facts = [t('report.kernelLines', { lines: k.lines }), ...(k.calleeCount ? [t('report.callees', { count: k.calleeCount })] : []), ...(k.calleeLines ? [t('report.calleeLines', { lines: k.calleeLines })] : []), ...(k.launchCount ? [t('report.launches', { count: k.launchCount })] : [])];
    out.push(`  ${esc(k.name)}  ${esc(`${k.file}:${k.line}`)}  ${facts.join(t('list.sep'))}`);
    out.push(`    ${t('report.features', { list: featureList(k) })}`);
    for (const tg of report.targets) {
      // Where the kernel is redesigned anyway, its rewrite hazards are one line (the Markdown/JSON report lists each).
      const redesigned = k.status[tg] === 'rewrite' ? (k.hazards[tg] ?? []).filter((h) => h.status === 'rewrite') : [];
      if (redesigned.length) out.push(`    ${statusCell(t, 'rewrite')} ${t('report.redesigned', { target: tg.toUpperCase(), features: redesigned.map((h) => h.feature).join(', ') })}`);
      for (const h of k.hazards[tg] ?? []) {
        if (redesigned.includes(h)) continue;
        const others = h.locations.slice(1, 3);
        const more = h.count > 1 && others.length ? ` (×${h.count}: ${others.join(', ')}${h.count > others.length + 1 ? ', …' : ''})` : h.count > 1 ? ` (×${h.count})` : '';
        out.push(`    ${statusCell(t, h.status)} ${esc(h.reason)}${esc(more)}`);
      }
    }
    if (k.ascendAlternatives.length) out.push(`    ${t('report.alternatives', { list: k.ascendAlternatives.map((a) => `${a.suggestion} (${a.kind})`).join('; ') })}`);
  }
  return withUnresolved(out, report, t);
}

function withUnresolved(out: string[], report: Report, t: Translate): string[] {
  if (report.unresolvedLaunches.count) {
    const ex = report.unresolvedLaunches.examples.slice(0, 3).map((u) => esc(`${u.kernel} at ${u.file}:${u.line}${u.reason ? ` (${u.reason})` : ''}`)).join(', ');
    out.push('', t('report.unresolved', { count: report.unresolvedLaunches.count, examples: ex }));
  }
  return out;
}


export function renderKernelsMarkdown(report: Report, t: Translate = translator('en')): string[] {
  const out: string[] = [];
  if (!report.kernels.length) return out;
  out.push('', `## ${t('md.kernels')}`, '', t('md.kernelsIntro'), '');
  out.push(
    mdTable(
      [t('col.kernel'), t('col.location'), t('col.lines'), ...report.targets, t('col.features')],
      report.kernels.map((k) => [code(k.name), md(`${k.file}:${k.line}`), String(k.lines), ...report.targets.map((tg) => cellFor(k, tg, t)), md(featureList(k))]),
    ),
  );
  const withHazards = report.kernels.filter((k) => report.targets.some((tg) => (k.hazards[tg] ?? []).length) || k.ascendAlternatives.length);
  if (withHazards.length) {
    out.push('', `### ${t('md.hazards')}`, '');
    for (const k of withHazards) {
      const callees = k.calleeCount ? [t('md.calleesList', { list: `${k.callees.slice(0, 5).map((c) => code(c.name)).join(', ')}${k.calleeCount > 5 ? ', …' : ''}` })] : [];
      out.push(`- **${code(k.name)}** (${[md(`${k.file}:${k.line}`), t('report.kernelLines', { lines: k.lines }), ...callees].join(t('list.sep'))})`);
      for (const tg of report.targets) {
        for (const h of k.hazards[tg] ?? []) {
          out.push(`  - ${t(`status.${h.status}`)}: ${md(h.reason)}${h.count > 1 ? ` — ×${h.count}: ${md(h.locations.join(', '))}${h.count > h.locations.length ? ', …' : ''}` : ''} (${t('md.source', { source: `\`${h.source}\`` })})`);
        }
      }
      if (k.ascendAlternatives.length) out.push(`  - ${t('report.alternatives', { list: md(alternatives(k)) })}`);
    }
  }
  if (report.unresolvedLaunches.count) {
    out.push('', t('report.unresolvedMd', { count: report.unresolvedLaunches.count }), '');
    // The reason column only when some launch has one (a macro, a launcher without calls, an unparsed <<<).
    const why = report.unresolvedLaunches.examples.some((u) => u.reason);
    out.push(mdTable([t('col.kernel'), t('col.location'), t('col.via'), ...(why ? [t('col.reason')] : [])], report.unresolvedLaunches.examples.map((u) => [code(u.kernel), md(`${u.file}:${u.line}`), u.via, ...(why ? [md(u.reason ?? '')] : [])])));
  }
  return out;
}
