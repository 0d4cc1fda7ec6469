// The kernel section of the text and Markdown reports: kernels heaviest first with status and likely
// hours per target, then each kernel's features, hazards with file:line and reasons, and for Ascend the
// alternatives to a hand rewrite. The JSON report carries all of it (Report.kernels).
import type { ProfiledKernel } from '../kernels/hazards.js';
import type { Report } from './build.js';
import { fmt, mdTable, table } from './format.js';
import { escapeMarkdown as md, escapeTerminal as esc, markdownCode as code } from './escape.js';

const TEXT_KERNELS_SHOWN = 25;
const TEXT_DETAILS_SHOWN = 10;

const cellFor = (k: ProfiledKernel, t: keyof ProfiledKernel['status']) => `${k.status[t]} ${fmt(k.hours[t]?.[1] ?? 0)} h`;

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
  return k.ascendAlternatives.map((a) => `${a.suggestion} [${a.kind}: ${a.why}]`).join('; ');
}

export function renderKernelsText(report: Report): string[] {
  const out: string[] = [];
  if (!report.kernels.length) return out;
  out.push('', 'Kernels, heaviest first (status and likely hours per target, hazards included)');
  const shown = report.kernels.slice(0, TEXT_KERNELS_SHOWN);
  out.push(
    table(
      ['kernel', 'location', 'lines', ...report.targets],
      shown.map((k) => [esc(k.name), esc(`${k.file}:${k.line}`), String(k.lines), ...report.targets.map((t) => cellFor(k, t))]),
    ),
  );
  if (report.kernels.length > shown.length) out.push(`… ${report.kernels.length - shown.length} more kernels (all of them in --format json or markdown).`);

  const detailed = report.kernels.filter((k) => Object.keys(k.features).length).slice(0, TEXT_DETAILS_SHOWN);
  if (detailed.length) {
    out.push('', `Kernel hazards (the ${detailed.length} heaviest kernels with device features)`);
    for (const k of detailed) {
      out.push(`  ${esc(k.name)}  ${esc(`${k.file}:${k.line}`)}  ${k.lines} lines${k.calleeCount ? `, ${k.calleeCount} device callee(s)` : ''}${k.launchCount ? `, ${k.launchCount} launch site(s)` : ''}`);
      out.push(`    features: ${featureList(k)}`);
      for (const t of report.targets) {
        // Where the kernel is redesigned anyway, its rewrite hazards are one line (the Markdown/JSON report lists each).
        const redesigned = k.status[t] === 'rewrite' ? (k.hazards[t] ?? []).filter((h) => h.status === 'rewrite') : [];
        if (redesigned.length) out.push(`    ${'rewrite'.padEnd(11)} ${t.toUpperCase()}: redesigned; it uses ${redesigned.map((h) => h.feature).join(', ')}`);
        for (const h of k.hazards[t] ?? []) {
          if (redesigned.includes(h)) continue;
          const more = h.count > 1 ? ` (×${h.count}: ${h.locations.slice(1, 3).join(', ')}${h.count > 3 ? ', …' : ''})` : '';
          out.push(`    ${h.status.padEnd(11)} ${esc(h.reason)}${esc(more)}`);
        }
      }
      if (k.ascendAlternatives.length) out.push(`    Ascend alternatives: ${k.ascendAlternatives.map((a) => `${a.suggestion} (${a.kind})`).join('; ')}`);
    }
  }
  if (report.unresolvedLaunches.count) {
    const ex = report.unresolvedLaunches.examples.slice(0, 5).map((u) => esc(`${u.kernel} at ${u.file}:${u.line}${u.reason ? ` (${u.reason})` : ''}`)).join(', ');
    out.push('', `Launches not tied to a kernel definition: ${report.unresolvedLaunches.count} (function pointers, template parameters, kernels outside the scan), e.g. ${ex}`);
  }
  return out;
}

export function renderKernelsMarkdown(report: Report): string[] {
  const out: string[] = [];
  if (!report.kernels.length) return out;
  out.push('', '## Kernels', '', 'Heaviest first; each cell is the status and the likely hours on the target, hazards included.', '');
  out.push(
    mdTable(
      ['kernel', 'location', 'lines', ...report.targets, 'features'],
      report.kernels.map((k) => [code(k.name), md(`${k.file}:${k.line}`), String(k.lines), ...report.targets.map((t) => cellFor(k, t)), md(featureList(k))]),
    ),
  );
  const withHazards = report.kernels.filter((k) => report.targets.some((t) => (k.hazards[t] ?? []).length) || k.ascendAlternatives.length);
  if (withHazards.length) {
    out.push('', '### Kernel hazards', '');
    for (const k of withHazards) {
      out.push(`- **${code(k.name)}** (${md(`${k.file}:${k.line}`)}, ${k.lines} lines${k.calleeCount ? `, callees: ${k.callees.slice(0, 5).map((c) => code(c.name)).join(', ')}${k.calleeCount > 5 ? ', …' : ''}` : ''})`);
      for (const t of report.targets) {
        for (const h of k.hazards[t] ?? []) {
          out.push(`  - ${h.status}: ${md(h.reason)}${h.count > 1 ? ` — ×${h.count}: ${md(h.locations.join(', '))}${h.count > h.locations.length ? ', …' : ''}` : ''} (source \`${h.source}\`)`);
        }
      }
      if (k.ascendAlternatives.length) out.push(`  - Ascend alternatives: ${alternatives(k)}`);
    }
  }
  if (report.unresolvedLaunches.count) {
    out.push('', `Launches not tied to a kernel definition: ${report.unresolvedLaunches.count}.`, '');
    // The reason column only when some launch has one (a macro, a launcher without calls, an unparsed <<<).
    const why = report.unresolvedLaunches.examples.some((u) => u.reason);
    out.push(mdTable(['kernel', 'location', 'via', ...(why ? ['reason'] : [])], report.unresolvedLaunches.examples.map((u) => [code(u.kernel), md(`${u.file}:${u.line}`), u.via, ...(why ? [md(u.reason ?? '')] : [])])));
  }
  return out;
}
