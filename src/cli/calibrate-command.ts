// `cuport calibrate PORTS`: fits the effort constants to finished ports (src/estimate/calibrate.ts) and
// writes them as a .cuport.yaml `effort:` block; the fit's error per port goes to standard error.
//
// PORTS is YAML or JSON:  ports: [{ name?, report: before.json | tree: path/before, target: dcu, hours: 120 }]
// (paths relative to the ports file). A report must have been made with the current constants
// (rules/effort.yaml and the --config in force), so its breakdown means what the fit assumes.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { TARGETS, type Target } from '../model.js';
import { findConfig, loadConfig } from '../config/config.js';
import { loadRuleTable } from '../rules/compiled.js';
import { lineOf, parseYamlFile, RuleFileError } from '../rules/load.js';
import { loadContext, scan, type ScanContext } from '../scan/scan.js';
import type { Report } from '../report/build.js';
import { categoryParts, DEFAULT_PRIOR, fitPorts, renderEffortBlock, scaledConstants, type PortObservation } from '../estimate/calibrate.js';
import { displayPath, loadBaseEffortData, applyEffortOverrides } from '../estimate/overrides.js';
import { EXIT, UsageError } from './errors.js';
import { parsePositiveInt } from './options.js';
import { parseCommandArgs } from './parse-args.js';

interface PortEntry {
  name: string;
  target: Target;
  hours: number;
  report?: string;
  tree?: string;
}

/** Reads and checks the ports file; every mistake names its file, line and field. */
export function readPorts(file: string): PortEntry[] {
  const parsed = parseYamlFile(file);
  const fail = (path: (string | number)[], problem: string) =>
    new RuleFileError(file, lineOf(parsed, path.map(String)), path.join('.'), problem);
  const ports = (parsed.data as { ports?: unknown } | null)?.ports;
  if (!Array.isArray(ports) || !ports.length) throw fail(['ports'], 'must be a non-empty list of { report | tree, target, hours }');
  return ports.map((p: Record<string, unknown>, i) => {
    if (!p || typeof p !== 'object') throw fail(['ports', i], 'must be a mapping');
    for (const key of Object.keys(p)) if (!['name', 'report', 'tree', 'target', 'hours'].includes(key)) throw fail(['ports', i, key], `unknown field "${key}"`);
    if ((p.report === undefined) === (p.tree === undefined)) throw fail(['ports', i], 'give exactly one of report: (a cuport JSON report) or tree: (the code before the port)');
    const where = (p.report ?? p.tree) as unknown;
    const key = p.report !== undefined ? 'report' : 'tree';
    if (typeof where !== 'string' || !where) throw fail(['ports', i, key], 'must be a path');
    const path = resolve(dirname(file), where);
    if (!existsSync(path)) throw fail(['ports', i, key], `${where} not found`);
    if (!(TARGETS as readonly unknown[]).includes(p.target)) throw fail(['ports', i, 'target'], `must be one of ${TARGETS.join(', ')}`);
    if (typeof p.hours !== 'number' || !(p.hours > 0)) throw fail(['ports', i, 'hours'], 'must be the hours the port took, a number > 0');
    if (p.name !== undefined && typeof p.name !== 'string') throw fail(['ports', i, 'name'], 'must be a string');
    return { name: (p.name as string | undefined) ?? where, target: p.target as Target, hours: p.hours, [key]: path };
  });
}

/** The effort model without what says where it came from: what a report's numbers depend on. */
const constantsOf = (a: Report['assumptions']) => {
  const { calibration: _calibration, ...rest } = a;
  return JSON.parse(JSON.stringify(rest));
};

async function observe(port: PortEntry, context: ScanContext, rulesDir: string, jobs: number | undefined): Promise<PortObservation> {
  let report: Report;
  if (port.report) {
    try {
      report = JSON.parse(readFileSync(port.report, 'utf8')) as Report;
    } catch (e) {
      throw new UsageError(`${port.report}: not a JSON report (${(e as Error).message})`);
    }
    if (report?.schema !== 'cuport-report') throw new UsageError(`${port.report}: not a cuport JSON report (cuport scan --format json)`);
    if (!isDeepStrictEqual(constantsOf(report.assumptions), constantsOf(context.effort))) {
      throw new UsageError(`${port.report}: made with other effort constants than rules/effort.yaml and the config in force; rescan it, or give its tree:`);
    }
  } else {
    report = await scan({ paths: [port.tree!], targets: [port.target], rulesDir, ...(jobs !== undefined ? { jobs } : {}) }, context);
  }
  const summary = report.targetSummaries?.[port.target];
  if (!summary) throw new UsageError(`${port.report}: has no ${port.target} estimate (scan it with --target ${port.target})`);
  return { name: port.name, target: port.target, actual: port.hours, parts: categoryParts(summary.estimate.breakdown as unknown as Record<string, [number, number, number]>) };
}

export async function runCalibrate(args: string[], rulesDir: string): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    output: { type: 'string', short: 'o' },
    prior: { type: 'string' },
    jobs: { type: 'string', short: 'j' },
    quiet: { type: 'boolean', short: 'q' },
    config: { type: 'string' },
    'no-config': { type: 'boolean' },
  });
  if (positionals.length !== 1) throw new UsageError('calibrate needs one ports file: cuport calibrate PORTS.yaml (see README, Calibration)');
  const prior = values.prior === undefined ? DEFAULT_PRIOR : Number(values.prior);
  if (!Number.isFinite(prior) || prior < 0) throw new UsageError(`--prior must be a number >= 0 (got "${values.prior}")`);
  const jobs = parsePositiveInt(values.jobs, '--jobs');
  const portsFile = resolve(positionals[0]!);
  if (!existsSync(portsFile)) throw new UsageError(`no such ports file: ${positionals[0]}`);
  const ports = readPorts(portsFile);

  // The constants being calibrated: rules/effort.yaml with the config's own overrides, if any.
  const configFile = values['no-config'] ? undefined : findConfig(values.config);
  const table = loadRuleTable(rulesDir);
  const config = configFile ? loadConfig(configFile, rulesDir, table.sources) : undefined;
  const context = loadContext(rulesDir, config, table);
  const observations: PortObservation[] = [];
  for (const port of ports) observations.push(await observe(port, context, rulesDir, jobs));

  const fit = fitPorts(observations, prior);
  const current = applyEffortOverrides(loadBaseEffortData(rulesDir), config?.effort ?? []);
  const scaled = scaledConstants(current, fit, [...new Set(ports.map((p) => p.target))]);
  // The config's own overrides that the fit leaves alone are kept, so the block can replace its effort: block.
  const fitted = new Set(scaled.map((c) => c.path.join('.')));
  const kept = (config?.effort ?? []).filter((o) => !fitted.has(o.path.join('.'))).map(({ path, value }) => ({ path, value }));
  const constants = [...scaled, ...kept].sort((a, b) => (a.path.join('.') < b.path.join('.') ? -1 : 1));
  const block = renderEffortBlock(fit, constants, displayPath(portsFile));
  if (values.output) writeFileSync(values.output, block);
  else process.stdout.write(block);
  if (!values.quiet) {
    const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(0)} %`;
    process.stderr.write(`cuport: fitted ${fit.method === 'global' ? 'one global factor' : 'one factor per category'} from ${fit.ports.length} port(s): ` +
      `${Object.entries(fit.factors).map(([c, f]) => `${c} ×${f}`).join(', ')}\n`);
    for (const p of fit.ports) process.stderr.write(`  ${p.name} (${p.target}): actual ${p.actual} h; estimate ${p.before} h (${pct(p.errorBefore)}) → ${p.after} h (${pct(p.errorAfter)})\n`);
    if (fit.unmapped.length) process.stderr.write(`cuport: categories not calibrated (no constants known for them): ${fit.unmapped.join(', ')}\n`);
    if (values.output) process.stderr.write(`cuport: effort block written to ${values.output} (merge it into .cuport.yaml)\n`);
  }
  return EXIT.ok;
}
