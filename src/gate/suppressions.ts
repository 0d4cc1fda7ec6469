// Applies inline `cuport-ignore` directives (read per file by src/detect/suppressions.ts) to findings:
// a covered finding whose rule matches gets `suppression: { kind: 'inSource', justification }`.
// A directive without a reason suppresses nothing and is reported; so is a directive that matched nothing.
import type { FileResult, Finding } from '../model.js';
import type { SuppressionDirective } from '../detect/suppressions.js';

export interface DirectiveNote {
  file: string;
  line: number;
  /** The directive as written. */
  directive: string;
}

export interface DirectiveProblem extends DirectiveNote {
  /** Rule id of the problem (`cuport.suppression-without-reason`, ...), for SARIF and the gate. */
  ruleId: string;
  message: string;
}

export interface SuppressionOutcome {
  /** Findings suppressed by a directive. */
  suppressed: number;
  /** Directives (with a reason) that suppressed no finding. */
  unused: DirectiveNote[];
  /** Directives that cannot apply: no reason, no rule, an end without a start, a start without an end. */
  problems: DirectiveProblem[];
}

export const SUPPRESSION_WITHOUT_REASON = 'cuport.suppression-without-reason';
export const MALFORMED_SUPPRESSION = 'cuport.malformed-suppression';

/** Whether a directive's rule pattern selects a rule id: the id itself, `FAMILY.*` for ids starting with
 *  `FAMILY.`, or `*` for every rule. */
export function ruleMatches(pattern: string, ruleId: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return ruleId.startsWith(pattern.slice(0, -1));
  return pattern === ruleId;
}

interface Range {
  from: number;
  to: number;
  directive: SuppressionDirective;
  used: boolean;
}

/** The line ranges a file's directives cover, with the problems found on the way. */
function rangesOf(file: string, directives: SuppressionDirective[], problems: DirectiveProblem[]): Range[] {
  const ranges: Range[] = [];
  const open: SuppressionDirective[] = [];
  const problem = (d: SuppressionDirective, ruleId: string, message: string) =>
    problems.push({ file, line: d.line, directive: d.text, ruleId, message });
  const lastLine = Number.MAX_SAFE_INTEGER;
  for (const d of directives) {
    if (d.form === 'end') {
      const start = open.pop();
      if (!start) problem(d, MALFORMED_SUPPRESSION, 'cuport-ignore-end without a matching cuport-ignore-start');
      else if (usable(start)) ranges.push({ from: start.line + 1, to: d.line - 1, directive: start, used: false });
      continue;
    }
    if (!d.rules.length) {
      problem(d, MALFORMED_SUPPRESSION, 'suppression names no rule (give rule ids, FAMILY.* or *)');
      if (d.form === 'start') open.push({ ...d, rules: [] });
      continue;
    }
    if (!d.reason) problem(d, SUPPRESSION_WITHOUT_REASON, 'suppression without a reason (add " -- why" after the rules); it suppresses nothing');
    if (d.form === 'start') open.push(d);
    else if (usable(d)) ranges.push({ from: d.covers, to: d.covers, directive: d, used: false });
  }
  for (const start of open) {
    problem(start, MALFORMED_SUPPRESSION, 'cuport-ignore-start without a cuport-ignore-end (it covers the rest of the file)');
    if (usable(start)) ranges.push({ from: start.line + 1, to: lastLine, directive: start, used: false });
  }
  return ranges;
}

const usable = (d: SuppressionDirective) => d.rules.length > 0 && d.reason !== undefined;

/** A scan's inline directives, applied to findings and then to kernel hazards; a directive is unused
 *  when it covered neither. */
export class InlineSuppressions {
  private readonly problems: DirectiveProblem[] = [];
  private readonly rangesByFile = new Map<string, Range[]>();
  suppressed = 0;

  constructor(results: readonly FileResult[]) {
    for (const r of results) {
      if (r.suppressions?.length) this.rangesByFile.set(r.file, rangesOf(r.file, r.suppressions, this.problems));
    }
  }

  /** Whether a directive covers `line` of `file` for `ruleId` (without marking it used). */
  covers(file: string, line: number, ruleId: string): boolean {
    return this.rangeFor(file, line, ruleId) !== undefined;
  }

  /** The justification of the directive covering `line` of `file` for `ruleId` (marking it used), if any. */
  cover(file: string, line: number, ruleId: string): string | undefined {
    const range = this.rangeFor(file, line, ruleId);
    if (!range) return undefined;
    range.used = true;
    return range.directive.reason!;
  }

  private rangeFor(file: string, line: number, ruleId: string): Range | undefined {
    return this.rangesByFile.get(file)?.find((g) => line >= g.from && line <= g.to && g.directive.rules.some((p) => ruleMatches(p, ruleId)));
  }

  /** Marks suppressed findings in place. */
  suppressFindings(findings: Finding[]): void {
    for (const f of findings) {
      if (f.suppression) continue;
      const justification = this.cover(f.file, f.line, f.ruleId);
      if (justification === undefined) continue;
      f.suppression = { kind: 'inSource', justification };
      this.suppressed++;
    }
  }

  /** What was suppressed, and which directives were unused or malformed (so far). */
  outcome(): SuppressionOutcome {
    const unused: DirectiveNote[] = [];
    for (const [file, ranges] of this.rangesByFile) {
      for (const g of ranges) if (!g.used) unused.push({ file, line: g.directive.line, directive: g.directive.text });
    }
    const byPlace = (a: DirectiveNote, b: DirectiveNote) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line);
    return { suppressed: this.suppressed, unused: unused.sort(byPlace), problems: [...this.problems].sort(byPlace) };
  }
}

/** Marks suppressed findings in place and says which directives were unused or malformed. */
export function applySuppressions(findings: Finding[], results: readonly FileResult[]): SuppressionOutcome {
  const inline = new InlineSuppressions(results);
  inline.suppressFindings(findings);
  return inline.outcome();
}
