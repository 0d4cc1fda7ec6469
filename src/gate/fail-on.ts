// The CI gate: which findings reach the --fail-on threshold on any selected target.
import { STATUSES, type Status } from '../model.js';
import type { Report } from '../report/build.js';
import type { ClassifiedFinding } from '../classify/classify.js';

export function atOrAbove(status: Status, threshold: Status): boolean {
  return STATUSES.indexOf(status) >= STATUSES.indexOf(threshold);
}

export function failingFindings(report: Report, threshold: Status): ClassifiedFinding[] {
  return report.findings.filter((f) => report.targets.some((t) => atOrAbove(f.status[t]!, threshold)));
}
