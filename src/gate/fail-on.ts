// The CI gate: which findings reach the --fail-on threshold on any selected target.
import { STATUSES, type Status } from '../model.js';
import type { Report } from '../report/build.js';
import type { ClassifiedFinding } from '../classify/classify.js';

export function atOrAbove(status: Status, threshold: Status): boolean {
  return STATUSES.indexOf(status) >= STATUSES.indexOf(threshold);
}

export function failingFindings(report: Report, threshold: Status): ClassifiedFinding[] {
  // Suppressed findings (a cuport-ignore comment with a reason, a baseline entry) are accepted.
  return report.findings.filter((f) => !f.suppression && report.targets.some((t) => atOrAbove(f.status[t]!, threshold)));
}
