// `cuport scan`: run the pipeline, render the chosen format, apply --fail-on.
import { availableParallelism } from 'node:os';
import { loadContext, scan } from '../scan/scan.js';
import { findConfig, loadConfig } from '../config/config.js';
import { loadRuleTable } from '../rules/compiled.js';
import { RuleFileError } from '../rules/load.js';
import { MAX_CONFIG_BYTES, readFileSafely } from '../discover/safe-open.js';
import { createHash } from 'node:crypto';
import type { Report } from '../report/build.js';
import { renderText } from '../report/text.js';
import { jsonChunks, renderJson } from '../report/json.js';
import { checkOutputPath, writeReportFile, writeStdout } from './output.js';
import { renderMarkdown } from '../report/markdown.js';
import { failingFindings } from '../gate/fail-on.js';
import { EXIT, UsageError } from './errors.js';
import { parseChoice, parsePositiveInt, parseStatus, parseTargetSelection } from './options.js';
import { parseCommandArgs } from './parse-args.js';
import { progressDisplay } from './progress.js';

export const FORMATS = ['text', 'json', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

export const RENDERERS: Record<Format, (r: Report) => string> = {
  text: renderText,
  json: renderJson,
  markdown: renderMarkdown,
};

/** More workers than cores only adds memory and contention: a larger --jobs is capped, with a note. */
function capJobs(jobs: number | undefined, quiet: boolean): number | undefined {
  const cores = availableParallelism();
  if (jobs === undefined || jobs <= cores) return jobs;
  if (!quiet) process.stderr.write(`cuport: --jobs ${jobs} capped at ${cores}, the cores available\n`);
  return cores;
}

/** The project configuration; its errors are titled as configuration errors, not rule-file errors. */
function loadConfigTitled(file: string, rulesDir: string, table: ReturnType<typeof loadRuleTable>) {
  try {
    return loadConfig(file, rulesDir, table.sources);
  } catch (e) {
    if (e instanceof RuleFileError) e.title = 'invalid configuration file';
    throw e;
  }
}

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
    force: { type: 'boolean' },
  });
  // .cuport.yaml (or --config FILE): project rules, overrides, calibration and default options.
  const configFile = values['no-config'] ? undefined : findConfig(values.config);
  const table = loadRuleTable(rulesDir);
  const config = configFile ? loadConfigTitled(configFile, rulesDir, table) : undefined;
  const { targets, products } = parseTargetSelection(values.target ?? config?.targets);
  const format = parseChoice(values.format, FORMATS, '--format', 'text');
  const jobs = capJobs(parsePositiveInt(values.jobs, '--jobs'), values.quiet ?? false);
  const failOn = parseStatus(values['fail-on'], '--fail-on');
  const maxFileBytes = parsePositiveInt(values['max-file-size'], '--max-file-size');
  if (values.output === '') throw new UsageError('--output needs a file name');
  const quiet = values.quiet ?? false;
  const paths = positionals.length ? positionals : ['.'];
  // Checked before the scan, not after an hour of it.
  const outputFile = values.output ? checkOutputPath(values.output, paths, values.force ?? false) : undefined;

  const display = progressDisplay(quiet);
  let report: Report;
  try {
    report = await scan({
      paths,
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

  // Which configuration shaped this report, in every format: a .cuport.yaml can exclude files or change verdicts.
  if (configFile) report = { ...report, config: { file: configFile, sha256: createHash('sha256').update(readFileSafely(configFile, { maxBytes: MAX_CONFIG_BYTES, followSymlinks: true })).digest('hex') } };
  // JSON in pieces: a report of 100,000 files is never one string.
  const chunks = format === 'json' ? jsonChunks(report) : [RENDERERS[format](report)];
  if (outputFile) {
    writeReportFile(outputFile, chunks);
    if (!quiet) process.stderr.write(`cuport: ${format} report written to ${values.output}\n`);
  } else {
    // A reader that closed the pipe (`| head -1`) is not an error: the exit code stays the scan's own.
    await writeStdout(chunks);
  }

  if (failOn) {
    const failing = failingFindings(report, failOn);
    if (failing.length) {
      if (!quiet) {
        process.stderr.write(`cuport: ${failing.length} finding(s) at or above "${failOn}" on ${report.targets.join(', ')}\n`);
      }
      return EXIT.findings;
    }
  }
  return EXIT.ok;
}
