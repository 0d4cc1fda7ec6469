// `cuport scan`: run the pipeline, render the chosen format, apply --fail-on.
import { writeFileSync } from 'node:fs';
import { loadContext, scan } from '../scan/scan.js';
import { findConfig, loadConfig } from '../config/config.js';
import { loadRuleTable } from '../rules/compiled.js';
import type { Report } from '../report/build.js';
import { renderText } from '../report/text.js';
import { renderJson } from '../report/json.js';
import { renderMarkdown } from '../report/markdown.js';
import { failingFindings } from '../gate/fail-on.js';
import { EXIT, UsageError } from './errors.js';
import { parseChoice, parsePositiveInt, parseStatus, parseTargetSelection } from './options.js';
import { parseCommandArgs } from './parse-args.js';
import { progressDisplay } from './progress.js';
import { cacheOption, gateOptions } from './gate-options.js';
import { writeBaseline } from './baseline-command.js';

export const FORMATS = ['text', 'json', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

export const RENDERERS: Record<Format, (r: Report) => string> = {
  text: renderText,
  json: renderJson,
  markdown: renderMarkdown,
};

export async function runScan(args: string[], rulesDir: string): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    target: { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string', short: 'o' },
    jobs: { type: 'string', short: 'j' },
    'fail-on': { type: 'string' },
    include: { type: 'string', multiple: true },
    exclude: { type: 'string', multiple: true },
    'no-gitignore': { type: 'boolean' },
    'follow-symlinks': { type: 'boolean' },
    'max-file-size': { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
    config: { type: 'string' },
    'no-config': { type: 'boolean' },
    baseline: { type: 'string' },
    'changed-since': { type: 'string' },
    cache: { type: 'string' },
    'no-cache': { type: 'boolean' },
    // Internal, set by `cuport baseline` (src/cli/baseline-command.ts): write the baseline instead of a report.
    'write-baseline': { type: 'string' },
  });
  // .cuport.yaml (or --config FILE): project rules, overrides, calibration and default options.
  const configFile = values['no-config'] ? undefined : findConfig(values.config);
  const table = loadRuleTable(rulesDir);
  const config = configFile ? loadConfig(configFile, rulesDir, table.sources) : undefined;
  const { targets, products } = parseTargetSelection(values.target ?? config?.targets);
  const format = parseChoice(values.format, FORMATS, '--format', 'text');
  const jobs = parsePositiveInt(values.jobs, '--jobs');
  const failOn = parseStatus(values['fail-on'], '--fail-on');
  const maxFileBytes = parsePositiveInt(values['max-file-size'], '--max-file-size');
  if (values.output === '') throw new UsageError('--output needs a file name');
  const quiet = values.quiet ?? false;
  const paths = positionals.length ? positionals : ['.'];
  const gate = gateOptions(values.baseline, values['changed-since'], paths);

  const display = progressDisplay(quiet);
  let report: Report;
  try {
    report = await scan({
      paths,
      gate,
      ...cacheOption(values.cache, values['no-cache'] ?? false, paths),
      targets,
      products,
      rulesDir,
      ...(jobs !== undefined ? { jobs } : {}),
      ...(maxFileBytes !== undefined ? { maxFileBytes } : {}),
      ...(values.include ?? config?.include ? { include: values.include ?? config!.include! } : {}),
      ...(values.exclude || config?.exclude ? { exclude: [...(config?.exclude ?? []), ...(values.exclude ?? [])] } : {}),
      useGitignore: !values['no-gitignore'],
      followSymlinks: values['follow-symlinks'] ?? false,
      onDiscovered: (n) => display.discovered(n),
      onProgress: (done, total) => display.progress(done, total),
    }, loadContext(rulesDir, config, table));
  } finally {
    display.stop();
  }

  if (values['write-baseline'] !== undefined) return writeBaseline(report, values['write-baseline'], quiet);

  const rendered = RENDERERS[format](report);
  if (values.output) {
    writeFileSync(values.output, rendered);
    if (!quiet) process.stderr.write(`cuport: ${format} report written to ${values.output}\n`);
  } else {
    process.stdout.write(rendered);
  }

  if (failOn) {
    const failing = failingFindings(report, failOn);
    const problems = report.gate?.suppressions.problems ?? [];
    if (problems.length) {
      // A suppression must say why: one without a reason (or malformed) fails the gate.
      if (!quiet) for (const p of problems) process.stderr.write(`cuport: ${p.file}:${p.line}: ${p.ruleId}: ${p.message}\n`);
      return EXIT.findings;
    }
    if (failing.length) {
      if (!quiet) {
        process.stderr.write(`cuport: ${failing.length} finding(s) at or above "${failOn}" on ${report.targets.join(', ')}\n`);
      }
      return EXIT.findings;
    }
  }
  return EXIT.ok;
}
