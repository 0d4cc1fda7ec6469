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

export function resolveDeferredProfiles(results: FileResult[], tasks: FileTask[], fullScanner: () => FileScanner): number {
  let rescanned = 0;
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
    let scanner: FileScanner | undefined;
    const again: number[] = [];
    results.forEach((r, i) => {
      if (!r.profileDeferred || done.has(i)) return;
      const aliased = r.profileDeferred.fileScopeValues.some((n) => referenced.has(n));
      const text = !aliased && names ? (scanner ??= fullScanner()).textOf(tasks[i]!) : undefined;
      if (aliased || (text !== undefined && names!.test(text))) again.push(i);
    });
    if (!again.length) return rescanned;
    scanner ??= fullScanner();
    for (const i of again) {
      done.add(i);
      results[i] = scanner.scan(tasks[i]!);
      rescanned++;
    }
  }
}

function escape(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
