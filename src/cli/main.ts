#!/usr/bin/env -S node --max-semi-space-size=8
// The flag (V8's young generation at 8 MB a semi-space, not 16: ~30 MB less peak RSS on a big scan, no
// measurable CPU cost; bench/README.md) can only be given at start: the heap of a running isolate keeps its
// size whatever v8.setFlagsFromString says later. `node dist/cli/main.js` runs without it.
// cuport command line: parses arguments, dispatches to a command, maps errors to exit codes
// (0 clean, 1 findings at or above --fail-on, 2 usage or tool error).
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
// Commands are imported when run (a scan never loads the calibrator, the rule lister or the explainer).
import { UsageError, EXIT } from './errors.js';
import { RuleFileError } from '../rules/load.js';
import { TOOL_VERSION } from '../report/build.js';

export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_RULES_DIR = join(PACKAGE_ROOT, 'rules');

const HELP = `cuport ${TOOL_VERSION}: what it takes to move a CUDA codebase to MUSA, CANN, BIRENSUPA and DCU

Usage:
  cuport scan [paths...] [options]   scan files and folders (default: .) and print a migration report
  cuport baseline [paths...] [-o FILE] [scan options]
                                     record today's findings as accepted (default .cuport-baseline.json)
  cuport explain NAME [--format text|json] [--target LIST]
                                     status and equivalent of one CUDA name on each target, with sources
  cuport rules [--target LIST] [--status S] [--confidence C] [--library L] [--kind K]
               [--language cpp|python] [--stats] [--format text|json]
                                     list and filter the rule table; --stats counts verdicts per target
  cuport rules --validate FILE...    check rule files against the schema and the source list
  cuport calibrate PORTS [--output FILE] [--prior W] [--config FILE | --no-config]
                                     fit the effort constants to finished ports (PORTS: a YAML/JSON list of
                                     { report | tree, target, hours }) and print them as a .cuport.yaml effort: block
  cuport --help | --version

Scan options:
  --target LIST        targets to report, comma-separated: musa,cann,birensupa,dcu (default: all four);
                       TARGET:PRODUCT picks product-specific verdicts: cann:a2|a3|950, musa:s80|s3000|s4000|s5000
  --format FORMAT      text (default), json, markdown, csv, html, sarif, github (annotations),
                       gitlab (Code Quality), summary (PR comment, under 60,000 characters)
  --output FILE        write the report to FILE instead of standard output
  --lang LANG          language of the human formats: en (default), zh-CN
  --detail             text and Markdown list everything (default: the top of each list, text under ~150 lines)
  --link-template URL  HTML links to the code, e.g. https://github.com/o/r/blob/COMMIT/{path}#L{line}
  --jobs N             parser worker threads (default: number of cores); output is identical for any N
  --fail-on STATUS     exit 1 if any finding on a selected target has STATUS or worse;
                       order: native < rename < adapt < unknown < rewrite < unsupported;
                       counts findings and kernel hazards, not suppressed ones, and lists what failed
  --max-hours T=N      exit 1 if the likely hours on target T exceed N (repeatable: musa=40,dcu=80)
  --include GLOB       only scan files matching GLOB (repeatable; relative to the scanned folder)
  --exclude GLOB       skip files matching GLOB (repeatable)
  --no-gitignore       also scan files that .gitignore files exclude
  --follow-symlinks    follow symbolic links (default: symlinks are skipped)
  --max-file-size N    skip files larger than N bytes (default: 4194304)
  --max-file-nodes N   skip (too-complex) a file whose syntax tree has more than N nodes (default: 2000000)
  --max-file-findings N  skip (too-complex) a file with more than N findings (default: 20000)
  --max-file-seconds S   skip (too-complex) a file whose detection takes over S seconds (default: 60;
                       a safety net: time is not deterministic, the two budgets above are)
  --quiet              no spinner or progress, no summary line on standard error
  --config FILE        project configuration (default: .cuport.yaml in the working directory, if any)
  --no-config          ignore .cuport.yaml (the safe default in CI for trees you do not trust)
  --team N             show elapsed weeks for a team of N (default 1; people.team in .cuport.yaml)
  --hours-per-week H   hours in a person-week (default 40; people.hoursPerWeek in .cuport.yaml)
  --baseline FILE      findings listed in FILE (from cuport baseline) are accepted: kept in the report,
                       marked suppressed, not gated
  --changed-since REF  pull-request mode: scan everything for context, report and gate only findings on
                       lines changed since the merge-base of REF and HEAD (and kernels whose body changed)
  --cache DIR          reuse per-file results from DIR (default: $XDG_CACHE_HOME/cuport or ~/.cache/cuport)
  --no-cache           scan every file afresh
  --force              allow --output to write inside a scanned folder

Exit codes: 0 no finding at or above --fail-on, 1 findings at or above --fail-on, 2 usage or tool error
(a report that cannot be written included). A reader closing the pipe early (| head) keeps the scan's code.
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(HELP);
      return command ? EXIT.ok : EXIT.usage;
    }
    if (command === '--version' || command === '-v') {
      process.stdout.write(`${TOOL_VERSION}\n`);
      return EXIT.ok;
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(HELP);
      return EXIT.ok;
    }
    if (command === 'scan') return await (await import('./scan-command.js')).runScan(rest, DEFAULT_RULES_DIR);
    if (command === 'baseline') {
      const [{ runBaseline }, { runScan }] = await Promise.all([import('./baseline-command.js'), import('./scan-command.js')]);
      return await runBaseline(rest, (args) => runScan(args, DEFAULT_RULES_DIR));
    }
    if (command === 'explain') return await (await import('./explain-command.js')).runExplain(rest, DEFAULT_RULES_DIR);
    if (command === 'rules') return await (await import('./rules-command.js')).runRules(rest, DEFAULT_RULES_DIR);
    if (command === 'calibrate') return await (await import('./calibrate-command.js')).runCalibrate(rest, DEFAULT_RULES_DIR);
    throw new UsageError(`unknown command "${command}" (try cuport --help)`);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`cuport: ${e.message}\n`);
      return EXIT.usage;
    }
    if (e instanceof RuleFileError) {
      process.stderr.write(`cuport: ${e.title}: ${e.message}\n`);
      return EXIT.error;
    }
    process.stderr.write(`cuport: ${(e as Error).message}\n`);
    return EXIT.error;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`cuport: ${(e as Error).stack ?? e}\n`);
    process.exitCode = EXIT.error;
  },
);
