// A spinner with live file counts, shown only on an interactive terminal: nothing decorative in CI,
// in pipes or with --quiet.
import ora, { type Ora } from 'ora';

export interface ProgressDisplay {
  discovered(files: number): void;
  progress(done: number, total: number): void;
  stop(): void;
}

const SILENT: ProgressDisplay = { discovered() {}, progress() {}, stop() {} };

export function progressDisplay(quiet: boolean): ProgressDisplay {
  if (quiet || !process.stderr.isTTY || process.env.CI) return SILENT;
  const spinner: Ora = ora({ text: 'Finding files…', stream: process.stderr }).start();
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
