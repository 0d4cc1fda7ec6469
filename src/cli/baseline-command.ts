// `cuport baseline [paths] [-o FILE] [scan options]`: scans like `cuport scan` and writes the findings
// (those not suppressed in source) as a baseline file, sorted and without timestamps.
import { writeFileSync } from 'node:fs';
import type { Report } from '../report/build.js';
import { baselineOf, renderBaseline } from '../gate/baseline.js';
import { EXIT, UsageError } from './errors.js';

export const DEFAULT_BASELINE_FILE = '.cuport-baseline.json';

export async function runBaseline(args: string[], runScan: (args: string[]) => Promise<number>): Promise<number> {
  const rest: string[] = [];
  let output = DEFAULT_BASELINE_FILE;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-o' || arg === '--output') {
      output = args[++i] ?? '';
      if (!output) throw new UsageError(`${arg} needs a file name`);
    } else if (arg.startsWith('--output=')) {
      output = arg.slice('--output='.length);
    } else if (arg === '--format' || arg === '--fail-on' || arg === '--baseline' || arg === '--changed-since') {
      throw new UsageError(`cuport baseline does not take ${arg}`);
    } else {
      rest.push(arg);
    }
  }
  return runScan([...rest, '--write-baseline', output]);
}

export function writeBaseline(report: Report, file: string, quiet: boolean): number {
  if (!file) throw new UsageError('--output needs a file name');
  const baseline = baselineOf(report.findings);
  writeFileSync(file, renderBaseline(baseline));
  if (!quiet) process.stderr.write(`cuport: baseline of ${baseline.entries.length} finding(s) written to ${file}\n`);
  return EXIT.ok;
}
