// Files the prefilter kept from the kernel profiler (src/scan/prefilter.ts) are profiled after the scan when
// what the profiler would have recorded there could matter to the cross-file link (src/kernels/link.ts):
// - a call in host code matters only when its callee is a launcher (a function or macro that launches its
//   kernel argument), and launchers are only ever found in profiled files: a deferred file whose text
//   names one is profiled;
// - a file-level function alias (`auto op = &kernel_impl;`) matters only when a device function refers
//   to its name, or another alias targets it: a deferred file declaring such a name is profiled.
// Repeated until nothing changes (a newly profiled file can bring aliases of its own). The result is then
// what a scan without the prefilter gives.
import type { FileResult } from '../model.js';
import type { FileScanner, FileTask } from './scan-file.js';

/** `reader` reads a file's text as the scanner does; `rescan` scans files with the prefilter off, where the
 *  first scan ran (worker threads: same stack depth, same errors). Returns the indices of the files rescanned:
 *  a rescanned result is what a scan without the prefilter gives for that file alone, so the cache may keep it. */
export async function resolveDeferredProfiles(
  results: FileResult[],
  tasks: FileTask[],
  reader: () => Pick<FileScanner, 'textOf'>,
  rescan: (tasks: FileTask[]) => Promise<FileResult[]>,
): Promise<number[]> {
  const rescanned: number[] = [];
  const done = new Set<number>();
  for (;;) {
    const launchers = new Set<string>();
    const referenced = new Set<string>();
    for (const r of results) {
      if (!r.kernelScan || r.profileDeferred) continue;
      for (const l of r.kernelScan.launchers) launchers.add(l.name);
      for (const fn of r.kernelScan.functions) for (const name of fn.refs) referenced.add(name);
      for (const a of r.kernelScan.valueAliases ?? []) for (const t of a.targets) referenced.add(t);
    }
    const names = launchers.size ? new RegExp(`(?<![A-Za-z0-9_])(?:${[...launchers].sort().map(escape).join('|')})(?![A-Za-z0-9_])`) : undefined;
    let scanner: Pick<FileScanner, 'textOf'> | undefined;
    const again: number[] = [];
    results.forEach((r, i) => {
      if (!r.profileDeferred || done.has(i)) return;
      const aliased = r.profileDeferred.fileScopeValues.some((n) => referenced.has(n));
      const text = !aliased && names ? (scanner ??= reader()).textOf(tasks[i]!) : undefined;
      if (aliased || (text !== undefined && names!.test(text))) again.push(i);
    });
    if (!again.length) return rescanned;
    const fresh = await rescan(again.map((i) => tasks[i]!));
    again.forEach((i, k) => {
      done.add(i);
      results[i] = fresh[k]!;
      rescanned.push(i);
    });
  }
}

function escape(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
