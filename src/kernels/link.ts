// Links what the per-file profiler found across the whole scan (in the main thread, after all files):
// launch sites and launch macros/launcher functions to the __global__ kernels they launch, kernels to
// the __device__ functions they call (transitively), cudaFuncSetAttribute calls to their kernels, and
// named warp-size constants (`#define WARP_SIZE 32` in a header) to their uses. A kernel defined in a
// header and launched from another file is found the same way as one launched next to it.
import { posix } from 'node:path';
import type {
  DeviceFunction, Evidence, FeatureSummary, FileKernelScan, KernelFeature, KernelProfile, LaunchSite, UnresolvedLaunch, WarpSizeConstant,
} from './model.js';

/** Evidence kept per feature per kernel (the count says how many there are in all). */
export const MAX_EVIDENCE = 5;
/** Device functions followed from one kernel: a bound for huge header libraries. */
const MAX_CALLEES = 400;

interface Located {
  file: string;
  fn: DeviceFunction;
}

export interface LinkedKernels {
  /** Profiles by `file:line` of the kernel definition. */
  profiles: Map<string, KernelProfile>;
  unresolved: UnresolvedLaunch[];
}

export const kernelKey = (file: string, line: number) => `${file}:${line}`;

/** 48 KB: the dynamic shared memory a kernel gets without opting in (cudaFuncAttributeMaxDynamicSharedMemorySize). */
const DEFAULT_DYNAMIC_SHARED = 48 * 1024;
const OPT_IN_ATTRIBUTE = /MaxDynamicSharedMemorySize|MAX_DYNAMIC_SHARED_SIZE_BYTES/;

export function linkKernels(files: { file: string; scan: FileKernelScan }[]): LinkedKernels {
  const sorted = [...files].sort((a, b) => cmp(a.file, b.file));
  const globals = new Map<string, Located[]>();
  const devices = new Map<string, Located[]>();
  const warpConstants = new Map<string, WarpSizeConstant & { file: string }>();
  const launchers = new Map<string, { file: string; kernelArg: number; kind: 'macro' | 'function' }[]>();
  for (const { file, scan } of sorted) {
    for (const fn of scan.functions) push(fn.kind === 'global' ? globals : devices, fn.name.split('::').pop()!, { file, fn });
    for (const c of scan.warpSizeConstants) if (!warpConstants.has(c.name)) warpConstants.set(c.name, { ...c, file });
    for (const l of scan.launchers) {
      const list = launchers.get(l.name) ?? [];
      if (!list.some((x) => x.kernelArg === l.kernelArg)) list.push({ file, kernelArg: l.kernelArg, kind: l.kind });
      launchers.set(l.name, list);
    }
  }

  const visible = includeGraph(sorted);
  /** Definitions a file can see: its own and its (transitive) includes'; failing that, its folder's. */
  const nearest = (candidates: Located[] | undefined, file: string): Located[] => {
    if (!candidates?.length) return [];
    const seen = visible(file);
    const inScope = candidates.filter((c) => c.file === file || seen.has(c.file));
    if (inScope.length) return closest(inScope, file);
    const dir = posix.dirname(file);
    return closest(candidates.filter((c) => posix.dirname(c.file) === dir), file);
  };

  const profiles = new Map<string, KernelProfile>();
  const profileOf = (k: Located): KernelProfile => {
    const key = kernelKey(k.file, k.fn.line);
    let p = profiles.get(key);
    if (!p) profiles.set(key, (p = { externC: k.fn.externC, callees: [], launches: [], features: {} }));
    return p;
  };
  const extra = new Map<string, Evidence[]>(); // launch-site and attribute evidence per kernel key
  const addExtra = (k: Located, e: Evidence) => {
    const key = kernelKey(k.file, k.fn.line);
    const list = extra.get(key) ?? [];
    list.push(e);
    extra.set(key, list);
  };
  for (const list of globals.values()) for (const k of list) profileOf(k);

  const unresolved: UnresolvedLaunch[] = [];
  const launchSite = (file: string, site: LaunchSite, names: string[], via: LaunchSite['via'], macro?: string) => {
    const targets = names.flatMap((n) => nearest(globals.get(n), file));
    if (!targets.length) return false;
    for (const k of unique(targets)) {
      profileOf(k).launches.push({ file, line: site.line, via, ...(macro ? { macro } : {}), ...(site.config ? { config: site.config } : {}) });
      launchEvidence(file, site, k);
    }
    return true;
  };
  const launchEvidence = (file: string, site: LaunchSite, k: Located) => {
    const at = { file, line: site.line, column: site.column };
    const shared = site.config?.sharedMem?.trim();
    if (shared && !/^(0|0u|0U|NULL|nullptr)$/.test(shared)) {
      addExtra(k, { feature: 'shared-dynamic', ...at, text: `<<<…, ${shared}, …>>>`, detail: `dynamic shared memory ${shared} bytes at launch` });
    }
    if (site.via === 'cudaLaunchCooperativeKernel' || site.via === 'cuLaunchCooperativeKernel') {
      addExtra(k, { feature: 'grid-sync', ...at, text: site.via, detail: 'launched as a cooperative kernel' });
    }
    if (site.templateArgs && /\bdouble\b/.test(site.templateArgs)) {
      addExtra(k, { feature: 'fp64', ...at, text: `${k.fn.name}${site.templateArgs}`, detail: 'instantiated with double' });
    }
  };

  for (const { file, scan } of sorted) {
    for (const site of scan.launches) {
      const names = site.kernel.split('|').filter(Boolean);
      if (!launchSite(file, site, names, site.via, site.macro)) {
        // A launch of a launcher's own parameter is resolved at the launcher's call sites below.
        const isParam = scan.launchers.some((l) => l.kind === 'function' && l.line === site.line);
        if (!isParam) unresolved.push({ kernel: names[0] ?? '(unknown)', file, line: site.line, via: site.via });
      }
    }
    for (const call of scan.macroCalls) {
      for (const l of launchers.get(call.callee) ?? []) {
        const names = (call.args[l.kernelArg] ?? '').split('|').filter(Boolean);
        const site: LaunchSite = { kernel: names.join('|'), via: 'macro', line: call.line, column: call.column, fromDevice: false };
        launchSite(file, site, names, l.kind === 'macro' ? 'macro' : '<<<>>>', call.callee);
      }
    }
    for (const a of scan.attributes) {
      if (!OPT_IN_ATTRIBUTE.test(a.attribute)) continue;
      const bytes = /^\d+$/.test(a.value) ? Number(a.value) : undefined;
      if (bytes !== undefined && bytes <= DEFAULT_DYNAMIC_SHARED) continue;
      for (const k of nearest(globals.get(a.kernel), file)) {
        addExtra(k, {
          feature: 'shared-opt-in', file, line: a.line, column: a.column, text: `cudaFuncSetAttribute(${a.kernel}, …, ${a.value})`,
          detail: bytes !== undefined ? `${bytes} bytes (above 48 KB)` : `${a.value} (size set at run time)`,
        });
      }
    }
  }

  for (const list of globals.values()) {
    for (const k of list) {
      const profile = profileOf(k);
      const callees = reachable(k, devices, nearest);
      profile.callees = callees.map((c) => ({ name: c.fn.name, file: c.file, line: c.fn.line, lines: c.fn.lines }));
      const evidence: Evidence[] = [];
      const fromFunction = (owner: Located, via?: string) => {
        const at = owner.file === k.file ? {} : { file: owner.file };
        for (const e of owner.fn.features) evidence.push({ ...e, ...at, ...(via ? { via } : {}) });
        for (const use of owner.fn.warpSizeNames) {
          const c = warpConstants.get(use.name);
          if (!c) continue;
          evidence.push({
            feature: 'warp-size-assumption', line: use.line, column: use.column, text: use.text, ...at, ...(via ? { via } : {}),
            detail: `${use.name} is 32 (${c.file}:${c.line})`,
          });
        }
      };
      fromFunction(k);
      for (const c of callees) fromFunction(c, c.fn.name);
      evidence.push(...(extra.get(kernelKey(k.file, k.fn.line)) ?? []));
      profile.features = summarize(evidence);
      profile.launches.sort((a, b) => cmp(a.file, b.file) || a.line - b.line);
      profile.launches = profile.launches.filter((l, i, all) => i === 0 || all[i - 1]!.file !== l.file || all[i - 1]!.line !== l.line);
    }
  }
  unresolved.sort((a, b) => cmp(a.file, b.file) || a.line - b.line);
  return { profiles, unresolved };
}

/** Groups evidence by feature: the count and the first few places, own body first. */
function summarize(evidence: Evidence[]): Partial<Record<KernelFeature, FeatureSummary>> {
  const out: Partial<Record<KernelFeature, FeatureSummary>> = {};
  const seen = new Set<string>();
  for (const e of evidence) {
    const key = `${e.feature}:${e.file ?? ''}:${e.line}:${e.column}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const s = (out[e.feature] ??= { count: 0, evidence: [] });
    s.count++;
    if (s.evidence.length < MAX_EVIDENCE) s.evidence.push(e);
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => cmp(a, b)));
}

/** __device__ functions reachable from a kernel through calls by name (nearest definition wins). */
function reachable(kernel: Located, devices: Map<string, Located[]>, nearest: (c: Located[] | undefined, file: string) => Located[]): Located[] {
  const out: Located[] = [];
  const visited = new Set<DeviceFunction>([kernel.fn]);
  const queue: Located[] = [kernel];
  while (queue.length && out.length < MAX_CALLEES) {
    const cur = queue.shift()!;
    for (const name of cur.fn.calls) {
      for (const d of nearest(devices.get(name), cur.file)) {
        if (visited.has(d.fn)) continue;
        visited.add(d.fn);
        out.push(d);
        queue.push(d);
      }
    }
  }
  return out.sort((a, b) => cmp(a.file, b.file) || a.fn.line - b.fn.line);
}

/** Resolves #include paths to scanned files and gives each file the set of files it includes, transitively. */
function includeGraph(files: { file: string; scan: FileKernelScan }[]): (file: string) => Set<string> {
  const byBase = new Map<string, string[]>();
  for (const { file } of files) push(byBase, posix.basename(file), file);
  const direct = new Map<string, string[]>();
  for (const { file, scan } of files) {
    const targets: string[] = [];
    for (const inc of scan.includes) {
      const same = posix.normalize(posix.join(posix.dirname(file), inc));
      const suffix = inc.replace(/^(\.\.?\/)+/, '');
      const candidates = (byBase.get(posix.basename(inc)) ?? []).filter((f) => f === same || f === suffix || f.endsWith(`/${suffix}`));
      if (!candidates.length) continue;
      // The include next to the file wins; else the candidate in the nearest folder.
      targets.push(...(candidates.includes(same) ? [same] : closestPaths(candidates, file)));
    }
    direct.set(file, targets);
  }
  const cache = new Map<string, Set<string>>();
  return (file) => {
    let seen = cache.get(file);
    if (seen) return seen;
    seen = new Set<string>();
    const queue = [...(direct.get(file) ?? [])];
    while (queue.length) {
      const next = queue.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(...(direct.get(next) ?? []));
    }
    cache.set(file, seen);
    return seen;
  };
}

function closestPaths(paths: string[], file: string): string[] {
  let best = -1;
  let out: string[] = [];
  for (const p of paths) {
    const score = commonDepth(posix.dirname(p), posix.dirname(file));
    if (score > best) {
      best = score;
      out = [p];
    } else if (score === best) out.push(p);
  }
  return out;
}

/** Of several definitions with one name, those closest to `file` (same file, then deepest common folder). */
function closest(candidates: Located[], file: string): Located[] {
  if (candidates.length <= 1) return candidates;
  let best = -1;
  let out: Located[] = [];
  for (const c of candidates) {
    const score = c.file === file ? Number.MAX_SAFE_INTEGER : commonDepth(posix.dirname(c.file), posix.dirname(file));
    if (score > best) {
      best = score;
      out = [c];
    } else if (score === best) out.push(c);
  }
  return out;
}

function commonDepth(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function unique(list: Located[]): Located[] {
  return [...new Set(list)];
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
