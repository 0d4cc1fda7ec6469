// What the gate accepts and what it looks at, applied between detection and the report:
// inline suppressions and the baseline mark findings as suppressed (they stay in the report, the gate
// skips them); pull-request mode keeps only the findings and kernels the change touches.
import type { FileResult, Finding, KernelInfo } from '../model.js';
import { applySuppressions, type DirectiveNote, type DirectiveProblem } from './suppressions.js';
import { applyBaseline, type Baseline, type BaselineOutcome } from './baseline.js';
import { changeFilter, type ChangedLines } from './changed-lines.js';

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

/** Applies inline suppressions, then the baseline, to the findings (in place). */
export function acceptFindings(findings: Finding[], results: readonly FileResult[], input: GateInput): GateSummary {
  const inline = applySuppressions(findings, results);
  const summary: GateSummary = { suppressions: { inSource: inline.suppressed, unused: inline.unused, problems: inline.problems } };
  if (input.baseline) summary.baseline = applyBaseline(findings, input.baseline.baseline, input.baseline.file);
  return summary;
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
