// What the gate accepts and what it looks at, applied between detection and the report:
// inline suppressions and the baseline mark findings as suppressed (they stay in the report, the gate
// skips them); pull-request mode keeps only the findings and kernels the change touches.
import type { FileResult, Finding, KernelInfo, Target } from '../model.js';
import type { KernelHazard } from '../kernels/model.js';
import { InlineSuppressions, type DirectiveNote, type DirectiveProblem } from './suppressions.js';
import { applyBaseline, type Baseline, type BaselineOutcome } from './baseline.js';
import { changeFilter, type ChangedLines } from './changed-lines.js';
import { parseLocation } from './items.js';

/** The report's `gate` section: present when a directive, --baseline or --changed-since applied. */
export interface GateSummary {
  suppressions: { inSource: number; unused: DirectiveNote[]; problems: DirectiveProblem[] };
  baseline?: BaselineOutcome;
  changedSince?: {
    ref: string;
    mergeBase: string;
    /** Files with added or changed lines (of any language). */
    changedFiles: number;
    /** Findings and kernels of the whole tree left out because the change does not touch them. */
    findingsOutside: number;
    kernelsOutside: number;
  };
}

export interface GateInput {
  baseline?: { file: string; baseline: Baseline };
  changed?: ChangedLines;
}

/** Applies inline suppressions, then the baseline, to the findings (in place). The directives are kept
 *  (`inline`) for the kernel hazards, profiled later: see suppressHazards. */
export function acceptFindings(findings: Finding[], results: readonly FileResult[], input: GateInput): { summary: GateSummary; inline: InlineSuppressions } {
  const inline = new InlineSuppressions(results);
  inline.suppressFindings(findings);
  const outcome = inline.outcome();
  const summary: GateSummary = { suppressions: { inSource: outcome.suppressed, unused: outcome.unused, problems: outcome.problems } };
  if (input.baseline) summary.baseline = applyBaseline(findings, input.baseline.baseline, input.baseline.file);
  return { summary, inline };
}

/** A kernel is accepted with its definition: a suppressed `__global__` finding suppresses the kernel's hazards. */
export function suppressKernels<K extends KernelInfo>(kernels: K[], findings: readonly Finding[]): K[] {
  const accepted = new Map<string, Finding['suppression']>();
  for (const f of findings) if (f.kind === 'kernel-definition' && f.suppression) accepted.set(`${f.file}\u0000${f.line}`, f.suppression);
  return kernels.map((k) => {
    const suppression = accepted.get(`${k.file}\u0000${k.line}`);
    return suppression ? { ...k, suppression } : k;
  });
}

/**
 * A hazard is accepted on its own line too: `// cuport-ignore kernel.warp-size -- reason` where the
 * 32-wide warp is assumed. Only when the directive covers every place of the hazard (a hazard whose
 * places are not all listed, count above the locations kept, is not accepted this way): a warp
 * assumption accepted at one line must not hide another. Updates the summary's counts in place.
 */
export function suppressHazards<K extends KernelInfo & { hazards: Partial<Record<Target, KernelHazard[]>> }>(
  kernels: K[],
  inline: InlineSuppressions,
  summary: GateSummary,
): K[] {
  let accepted = 0;
  const out = kernels.map((k) => {
    if (k.suppression) return k;
    const justifications = new Map<string, string | undefined>(); // feature → justification (one decision per kernel and feature)
    const justify = (h: KernelHazard) => {
      if (!justifications.has(h.feature)) justifications.set(h.feature, hazardJustification(h, inline));
      return justifications.get(h.feature);
    };
    let changed = false;
    const hazards: Partial<Record<Target, KernelHazard[]>> = {};
    for (const [target, list] of Object.entries(k.hazards) as [Target, KernelHazard[]][]) {
      hazards[target] = list.map((h) => {
        if (h.feature === 'cuda-api') return h; // restates findings, suppressed as findings
        const justification = justify(h);
        if (justification === undefined) return h;
        changed = true;
        return { ...h, suppression: { kind: 'inSource', justification } };
      });
    }
    accepted += [...justifications.values()].filter((j) => j !== undefined).length;
    return changed ? { ...k, hazards } : k;
  });
  const outcome = inline.outcome();
  summary.suppressions = { inSource: summary.suppressions.inSource + accepted, unused: outcome.unused, problems: outcome.problems };
  return out;
}

function hazardJustification(h: KernelHazard, inline: InlineSuppressions): string | undefined {
  const places = h.locations.map(parseLocation);
  if (!places.length || h.count > places.length || places.some((p) => !p)) return undefined;
  const ruleId = `kernel.${h.feature}`;
  if (!places.every((p) => inline.covers(p!.file, p!.line, ruleId))) return undefined;
  return places.map((p) => inline.cover(p!.file, p!.line, ruleId)!)[0];
}

/** Pull-request mode: findings on changed lines, kernels whose body (definition to closing brace) changed. */
export function restrictToChange<F extends Finding, K extends KernelInfo>(
  findings: F[],
  kernels: K[],
  changed: ChangedLines,
  /** The absolute path of a display path (from discovery). */
  pathOf: (display: string) => string | undefined,
): { findings: F[]; kernels: K[]; summary: NonNullable<GateSummary['changedSince']> } {
  const touches = changeFilter(changed);
  const inChange = (file: string, from: number, to: number) => {
    const path = pathOf(file);
    return path !== undefined && touches(path, from, to);
  };
  const keptFindings = findings.filter((f) => inChange(f.file, f.line, f.endLine));
  const keptKernels = kernels.filter((k) => inChange(k.file, k.line, k.endLine));
  return {
    findings: keptFindings,
    kernels: keptKernels,
    summary: {
      ref: changed.ref,
      mergeBase: changed.mergeBase,
      changedFiles: changed.lines.size,
      findingsOutside: findings.length - keptFindings.length,
      kernelsOutside: kernels.length - keptKernels.length,
    },
  };
}

/** Whether the summary has anything to say (no `gate` section otherwise, so plain scans are unchanged). */
export function gateHasContent(summary: GateSummary): boolean {
  const s = summary.suppressions;
  return Boolean(summary.baseline || summary.changedSince || s.inSource || s.unused.length || s.problems.length);
}
