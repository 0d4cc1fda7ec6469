// GitLab Code Quality report (a JSON array; fields as GitLab documents them: description, check_name,
// fingerprint, severity, location.path, location.lines.begin).
// severity from the worst status on the selected targets:
//   unsupported → blocker · rewrite → critical · unknown, adapt → major · rename → minor · native → info
import type { Status } from '../model.js';
import type { Report } from './build.js';
import { gateItems, verdictList } from '../gate/items.js';

export const GITLAB_SEVERITY: Record<Status, 'info' | 'minor' | 'major' | 'critical' | 'blocker'> = {
  unsupported: 'blocker', rewrite: 'critical', unknown: 'major', adapt: 'major', rename: 'minor', native: 'info',
};

export function renderGitlab(report: Report): string {
  const issues = gateItems(report).filter((i) => !i.suppression).map((i) => ({
    description: `${i.kind === 'kernel' ? `kernel ${i.name}` : i.name}: ${verdictList(i, report.targets)}`,
    check_name: i.ruleKey,
    fingerprint: i.fingerprint,
    severity: GITLAB_SEVERITY[i.worst],
    location: { path: i.file, lines: { begin: i.line } },
  }));
  return JSON.stringify(issues, null, 2) + '\n';
}
