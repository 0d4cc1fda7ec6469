// The gate's lines in the text report: suppressions, baseline and pull-request mode (src/gate/accept.ts).
import type { Report } from './build.js';

const MAX_DIRECTIVES_SHOWN = 10;

export function renderGateText(report: Report): string[] {
  const gate = report.gate;
  if (!gate) return [];
  const out: string[] = [''];
  if (gate.changedSince) {
    const c = gate.changedSince;
    out.push(`Pull-request mode: changes since ${c.ref} (merge-base ${c.mergeBase.slice(0, 12)}), ${c.changedFiles} changed file(s); ` +
      `${c.findingsOutside} finding(s) and ${c.kernelsOutside} kernel(s) on unchanged lines not shown.`);
  }
  const s = gate.suppressions;
  const parts = [`${s.inSource} suppressed in source`];
  if (gate.baseline) parts.push(`${gate.baseline.baselined} baselined, ${gate.baseline.stale} stale baseline entries (${gate.baseline.file})`);
  parts.push(`${s.unused.length} unused suppression(s)`, `${s.problems.length} suppression problem(s)`);
  out.push(`Accepted: ${parts.join('; ')}. Accepted findings are not gated; they still count in the hours.`);
  for (const p of s.problems.slice(0, MAX_DIRECTIVES_SHOWN)) out.push(`  ${p.file}:${p.line}: ${p.ruleId}: ${p.message}`);
  for (const u of s.unused.slice(0, MAX_DIRECTIVES_SHOWN)) out.push(`  ${u.file}:${u.line}: unused: ${u.directive}`);
  const hidden = Math.max(0, s.problems.length - MAX_DIRECTIVES_SHOWN) + Math.max(0, s.unused.length - MAX_DIRECTIVES_SHOWN);
  if (hidden) out.push(`  … ${hidden} more (see --format json, "gate")`);
  return out;
}
