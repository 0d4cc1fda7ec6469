// A spinner with live file counts, shown only on an interactive terminal: nothing decorative in CI,
// in pipes or with --quiet.
import type { Ora } from 'ora';

export interface ProgressDisplay {
  discovered(files: number): void;
  progress(done: number, total: number): void;
  stop(): void;
}

const SILENT: ProgressDisplay = { discovered() {}, progress() {}, stop() {} };

/** Whether to draw: a real terminal that reports a width (some CI wrappers and `script` report 0
 *  columns, on which a spinner redraws endlessly), not CI, not --quiet. */
export function spinnerWanted(quiet: boolean, stream: { isTTY?: boolean; columns?: number } = process.stderr, env = process.env): boolean {
  return !quiet && Boolean(stream.isTTY) && (stream.columns ?? 0) > 0 && !env.CI;
}

/** NO_COLOR (any value) turns colour off; FORCE_COLOR (not "0") turns it on; else colour on a terminal. */
export function colorWanted(env = process.env, isTTY = Boolean(process.stderr.isTTY)): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY;
}

/** ora (and its terminal-width dependencies) is imported only when a spinner is drawn. */
export async function progressDisplay(quiet: boolean): Promise<ProgressDisplay> {
  if (!spinnerWanted(quiet)) return SILENT;
  const { default: ora } = await import('ora');
  const spinner: Ora = ora({ text: 'Finding files…', stream: process.stderr, ...(colorWanted() ? {} : { color: false as const }) }).start();
  let last = 0;
  return {
    discovered(files) {
      spinner.text = `Found ${files} files to scan`;
    },
    progress(done, total) {
      const now = Date.now();
      if (done !== total && now - last < 80) return; // redraw at most ~12 times a second
      last = now;
      spinner.text = `Scanning ${done}/${total} files`;
    },
    stop() {
      spinner.stop();
    },
  };
}
