// The gate's lines in the text report: suppressions, baseline and pull-request mode (src/gate/accept.ts).
import type { Report } from './build.js';
import { translator, type Translate } from '../i18n/messages.js';

/** Suppression problems and unused directives shown by default (--detail: all). */
const MAX_DIRECTIVES_SHOWN = 5;

export function renderGateText(report: Report, t: Translate = translator('en'), detail = false): string[] {
  const gate = report.gate;
  if (!gate) return [];
  const out: string[] = [''];
  if (gate.changedSince) {
    const c = gate.changedSince;
    out.push(t('report.prMode', { ref: c.ref, base: c.mergeBase.slice(0, 12), files: c.changedFiles, findings: c.findingsOutside, kernels: c.kernelsOutside }));
  }
  const s = gate.suppressions;
  const parts = [t('report.suppressedInSource', { count: s.inSource })];
  if (gate.baseline) parts.push(t('report.baselined', { count: gate.baseline.baselined, stale: gate.baseline.stale, file: gate.baseline.file }));
  parts.push(t('report.unusedSuppressions', { count: s.unused.length }), t('report.suppressionProblems', { count: s.problems.length }));
  out.push(t('report.accepted', { parts: parts.join(t('report.partSep')) }));
  const limit = detail ? Infinity : MAX_DIRECTIVES_SHOWN;
  for (const p of s.problems.slice(0, limit)) out.push(`  ${p.file}:${p.line}: ${p.ruleId}: ${p.message}`);
  for (const u of s.unused.slice(0, limit)) out.push(`  ${u.file}:${u.line}: ${t('report.unused', { directive: u.directive })}`);
  const hidden = Math.max(0, s.problems.length - limit) + Math.max(0, s.unused.length - limit);
  if (hidden) out.push(`  ${t('report.gateMore', { count: hidden })}`);
  return out;
}
