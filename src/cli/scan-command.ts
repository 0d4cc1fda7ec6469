// `cuport scan`: run the pipeline, render the chosen format, apply --fail-on.
import { memlog } from '../scan/memlog.js';
import { availableParallelism } from 'node:os';
import { loadContext, scan } from '../scan/scan.js';
import { findConfig, loadConfig } from '../config/config.js';
import { loadRuleTable } from '../rules/compiled.js';
import { RuleFileError } from '../rules/load.js';
import { MAX_CONFIG_BYTES, readFileSafely } from '../discover/safe-open.js';
import { createHash } from 'node:crypto';
import type { Report } from '../report/build.js';
import type { HtmlOptions } from '../report/html/render.js';
import { checkOutputPath, writeReportFile, writeStdout } from './output.js';
import { LANGUAGES } from '../i18n/messages.js';
import { renderExplanation } from './explain-command.js';
import { projectRules } from '../config/config.js';
import { describeFailures, failingItems, overBudget, parseMaxHours } from '../gate/fail-on.js';
import { EXIT, UsageError } from './errors.js';
import { parseChoice, parseLinkTemplate, parsePeople, parsePositiveInt, parseStatus, parseTargetSelection } from './options.js';
import { parseCommandArgs } from './parse-args.js';
import { progressDisplay } from './progress.js';
import { cacheOption, gateOptions } from './gate-options.js';
import { writeBaseline } from './baseline-command.js';
import type { WorkBudgets } from '../scan/budget.js';

export const FORMATS = ['text', 'json', 'markdown', 'csv', 'html', 'sarif', 'github', 'gitlab', 'summary'] as const;
export type Format = (typeof FORMATS)[number];

/** Formats that are a pure function of the report (the human ones also read the language and the link
 *  template); sarif also needs the rule table (see runScan). */
type Renderer = (r: Report, options: HtmlOptions) => string;
/** Each format's renderer, imported only when that format is asked for: start-up loads one reporter, not nine. */
export const RENDERERS: Record<Exclude<Format, 'sarif'>, () => Promise<Renderer>> = {
  text: async () => (await import('../report/text.js')).renderText,
  json: async () => (await import('../report/json.js')).renderJson,
  markdown: async () => (await import('../report/markdown.js')).renderMarkdown,
  csv: async () => (await import('../report/csv.js')).renderCsv,
  html: async () => (await import('../report/html/render.js')).renderHtml,
  github: async () => (await import('../report/github.js')).renderGithub,
  gitlab: async () => (await import('../report/gitlab.js')).renderGitlab,
  summary: async () => (await import('../report/summary.js')).renderSummary,
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
    'max-hours': { type: 'string', multiple: true },
    include: { type: 'string', multiple: true },
    exclude: { type: 'string', multiple: true },
    'no-gitignore': { type: 'boolean' },
    'follow-symlinks': { type: 'boolean' },
    'max-file-size': { type: 'string' },
    'max-file-nodes': { type: 'string' },
    'max-file-findings': { type: 'string' },
    'max-file-seconds': { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
    config: { type: 'string' },
    'no-config': { type: 'boolean' },
    team: { type: 'string' },
    'hours-per-week': { type: 'string' },
    lang: { type: 'string' },
    'link-template': { type: 'string' },
    detail: { type: 'boolean' },
    baseline: { type: 'string' },
    'changed-since': { type: 'string' },
    cache: { type: 'string' },
    'no-cache': { type: 'boolean' },
    // Internal, set by `cuport baseline` (src/cli/baseline-command.ts): write the baseline instead of a report.
    'write-baseline': { type: 'string' },
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
  const maxHours = parseMaxHours(values['max-hours'], targets);
  const maxFileBytes = parsePositiveInt(values['max-file-size'], '--max-file-size');
  const budgets = parseBudgets(values['max-file-nodes'], values['max-file-findings'], values['max-file-seconds']);
  if (values.output === '') throw new UsageError('--output needs a file name');
  const quiet = values.quiet ?? false;
  const people = parsePeople(values.team, values['hours-per-week'], config?.people);
  const lang = parseChoice(values.lang, LANGUAGES, '--lang', 'en');
  const linkTemplate = parseLinkTemplate(values['link-template']);
  const paths = positionals.length ? positionals : ['.'];
  const gate = gateOptions(values.baseline, values['changed-since'], paths);
  // Checked before the scan, not after an hour of it.
  const outputFile = values.output ? checkOutputPath(values.output, paths, values.force ?? false) : undefined;

  const display = await progressDisplay(quiet);
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
      ...(budgets ? { budgets } : {}),
      ...(values.include ?? config?.include ? { include: values.include ?? config!.include! } : {}),
      ...(values.exclude || config?.exclude ? { exclude: [...(config?.exclude ?? []), ...(values.exclude ?? [])] } : {}),
      useGitignore: !values['no-gitignore'],
      followSymlinks: values['follow-symlinks'] ?? false,
      ...(people ? { people } : {}),
      onDiscovered: (n) => display.discovered(n),
      onProgress: (done, total) => display.progress(done, total),
    }, loadContext(rulesDir, config, table));
  } finally {
    display.stop();
  }

  if (values['write-baseline'] !== undefined) return writeBaseline(report, values['write-baseline'], quiet);

  // Which configuration shaped this report, in every format: a .cuport.yaml can exclude files or change verdicts.
  if (configFile) report = { ...report, config: { file: configFile, sha256: createHash('sha256').update(readFileSafely(configFile, { maxBytes: MAX_CONFIG_BYTES, followSymlinks: true })).digest('hex') } };
  // JSON in pieces: a report of 100,000 files is never one string.
  const chunks = format === 'json' ? (await import('../report/json.js')).jsonChunks(report)
    : [format === 'sarif' ? await sarifOf(report) : (await RENDERERS[format]())(report, { lang, detail: values.detail ?? false, ...(linkTemplate ? { linkTemplate } : {}) })];
  if (outputFile) {
    await writeReportFile(outputFile, chunks);
    if (!quiet) process.stderr.write(`cuport: ${format} report written to ${values.output}\n`);
  } else {
    // A reader that closed the pipe (`| head -1`) is not an error: the exit code stays the scan's own.
    await writeStdout(chunks);
  }
  memlog('report written');

  let code: number = EXIT.ok;
  if (failOn) {
    const failing = failingItems(report, failOn);
    const problems = report.gate?.suppressions.problems ?? [];
    if (problems.length) {
      // A suppression must say why: one without a reason (or malformed) fails the gate.
      if (!quiet) for (const p of problems) process.stderr.write(`cuport: ${p.file}:${p.line}: ${p.ruleId}: ${p.message}\n`);
      code = EXIT.findings;
    }
    if (failing.length) {
      if (!quiet) {
        process.stderr.write(`cuport: ${failing.length} item(s) (findings and kernel hazards) at or above "${failOn}" on ${report.targets.join(', ')}:\n${describeFailures(report, failOn, failing)}\n`);
      }
      code = EXIT.findings;
    }
  }
  const over = overBudget(report, maxHours);
  if (over.length) {
    if (!quiet) process.stderr.write(`cuport: estimate over --max-hours:\n${over.join('\n')}\n`);
    code = EXIT.findings;
  }
  return code;

  async function sarifOf(r: Report): Promise<string> {
    const { rules, sources } = projectRules(table, rulesDir, { config: values.config, noConfig: values['no-config'] });
    const { renderSarif } = await import('../report/sarif.js');
    return renderSarif(r, {
      rules: new Map(rules.map((rule) => [rule.id, rule])),
      sources,
      explain: (rule) => renderExplanation(rule, r.targets, sources, r.products),
    });
  }
}

/** --max-file-nodes, --max-file-findings, --max-file-seconds: flags only, never .cuport.yaml, because the
 *  configuration may come with the (untrusted) tree, and a budget is what protects the scan from it. */
function parseBudgets(nodes: string | undefined, findings: string | undefined, seconds: string | undefined): Partial<WorkBudgets> | undefined {
  const budgets: Partial<WorkBudgets> = {};
  const maxNodes = parsePositiveInt(nodes, '--max-file-nodes');
  const maxFindings = parsePositiveInt(findings, '--max-file-findings');
  const maxSeconds = parsePositiveInt(seconds, '--max-file-seconds');
  if (maxNodes !== undefined) budgets.maxNodes = maxNodes;
  if (maxFindings !== undefined) budgets.maxFindings = maxFindings;
  if (maxSeconds !== undefined) budgets.maxDetectMillis = maxSeconds * 1000;
  return Object.keys(budgets).length ? budgets : undefined;
}
