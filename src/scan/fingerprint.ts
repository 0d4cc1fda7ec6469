// Fingerprints that identify a finding without its line number, so that a baseline entry or a SARIF
// result survives lines being inserted above it. Shared by the baseline, SARIF and GitLab outputs.
//
// A fingerprint hashes: the file's display path, the rule id, the name, the enclosing function, the
// finding's own line text with white space folded, and the occurrence index of that same combination in
// the file (the second identical `cudaFree(p);` line in one function is a different finding from the first).
import { createHash } from 'node:crypto';
import type { RawFinding } from '../model.js';

/** White space folded, so re-indenting a line keeps its fingerprint. */
export const normalizeLineText = (line: string): string => line.replace(/\s+/g, ' ').trim();

/** Sets `fingerprint` on every finding of one file, in place. `text` is the file's decoded source. */
export function addFingerprints(file: string, findings: RawFinding[], text: string): void {
  if (findings.length === 0) return;
  const lines = text.split(/\r\n|\r|\n/);
  const seen = new Map<string, number>();
  // Occurrence indices must not depend on the detectors' emission order: number findings in source order.
  const ordered = findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => a.finding.line - b.finding.line || a.finding.column - b.finding.column || a.index - b.index);
  for (const { finding } of ordered) {
    const lineText = normalizeLineText(lines[finding.line - 1] ?? '');
    const key = [file, finding.ruleId, finding.name, finding.scope ?? '', lineText].join('\u0000');
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    finding.fingerprint = createHash('sha256').update(`${key}\u0000${occurrence}`).digest('hex').slice(0, 32);
  }
}
