// Links what the per-file profiler found across the whole scan (in the main thread, after all files):
// launch sites and launch macros/launcher functions to the __global__ kernels they launch, kernels to
// the __device__ functions they call (transitively), cudaFuncSetAttribute calls to their kernels, and
// named warp-size constants (`#define WARP_SIZE 32` in a header) to their uses. A kernel defined in a
// header and launched from another file is found the same way as one launched next to it.
import { posix } from 'node:path';
import { own } from '../detect/cpp-matcher.js';
import { dispatchAliases, shownInstantiations, typeFeature, typesIn } from './instantiations.js';
import { sharedMemory } from './shared-memory.js';
import { traitsElementTypes, type LocatedTraits, type TraitsLookup } from './traits.js';
import type { FileResult } from '../model.js';
import type {
  DispatchMacro, InstantiationEvidence,
  DeviceFunction, Evidence, FeatureSummary, FileKernelScan, KernelFeature, KernelProfile, LaunchSite, TypeAlias, UnresolvedLaunch, ValueAlias, WarpSizeConstant,
} from './model.js';

/** Evidence kept per feature per kernel (the count says how many there are in all). */
export const MAX_EVIDENCE = 5;
/** Instantiation evidence kept per kernel. */
const MAX_INSTANTIATIONS = 20;
/** Device functions followed from one kernel: a bound for huge header libraries. */
const MAX_CALLEES = 400;

interface LauncherDef {
  file: string;
  kernelArg: number;
  kind: 'macro' | 'function';
  line: number;
  pattern?: string;
  templateArgs?: string;
  /** Whether any call to it was seen. */
  used: boolean;
}

interface Located {
  file: string;
  fn: DeviceFunction;
}

export interface LinkedKernels {
  /** Profiles by `file:line:name` of the kernel definition (kernelKey). */
  profiles: Map<string, KernelProfile>;
  unresolved: UnresolvedLaunch[];
}

/** A kernel's identity: where it is defined and its name. The line alone is not one: the kernels a body
 *  macro defines (`DEFINE_PAIR(relu)` → relu_fwd, relu_bwd) are all placed at the line of its use, as are
 *  two kernels written on one line. (Overloads of one name on one line still share a profile.) */
export const kernelKey = (file: string, line: number, name: string) => `${file}:${line}:${name}`;
const keyOf = (k: Located) => kernelKey(k.file, k.fn.line, k.fn.name);

/** 48 KB: the dynamic shared memory a kernel gets without opting in (cudaFuncAttributeMaxDynamicSharedMemorySize). */
const DEFAULT_DYNAMIC_SHARED = 48 * 1024;
const OPT_IN_ATTRIBUTE = /MaxDynamicSharedMemorySize|MAX_DYNAMIC_SHARED_SIZE_BYTES/;

/** `visible`: the files' include graph (includeGraph), when the caller has it already. */
export function linkKernels(files: { file: string; scan: FileKernelScan }[], visible?: (file: string) => Set<string>): LinkedKernels {
  const sorted = [...files].sort((a, b) => cmp(a.file, b.file));
  const globals = new Map<string, Located[]>();
  const devices = new Map<string, Located[]>();
  const warpConstants = new Map<string, (WarpSizeConstant & { file: string })[]>();
  const valueAliases = new Map<string, (ValueAlias & { file: string })[]>();
  const launchers = new Map<string, LauncherDef[]>();
  const dispatchMacros = new Map<string, DispatchMacro[]>();
  const typeAliases = new Map<string, (TypeAlias & { file: string })[]>();
  const traitsStructs = new Map<string, LocatedTraits[]>();
  for (const { file, scan } of sorted) {
    for (const a of scan.typeAliases ?? []) push(typeAliases, a.name, { ...a, file });
    for (const t of scan.traitsStructs ?? []) push(traitsStructs, t.name, { ...t, file });
    for (const d of scan.dispatchMacros ?? []) push(dispatchMacros, d.name, d);
    for (const fn of scan.functions) push(fn.kind === 'global' ? globals : devices, fn.name.split('::').pop()!, { file, fn });
    for (const c of scan.warpSizeConstants) push(warpConstants, c.name, { ...c, file });
    for (const a of scan.valueAliases ?? []) push(valueAliases, a.name, { ...a, file });
    for (const l of scan.launchers) push(launchers, l.name, { file, kernelArg: l.kernelArg, kind: l.kind, line: l.line, pattern: l.pattern, templateArgs: l.templateArgs, used: false });
  }

  visible ??= includeGraph(sorted);
  /** Definitions a file can see: its own and its (transitive) includes'; failing that, its folder's. */
  const nearestUncached = <T extends { file: string }>(candidates: T[], file: string): T[] => {
    const seen = visible(file);
    const inScope = candidates.filter((c) => c.file === file || seen.has(c.file));
    if (inScope.length) return closest(inScope, file, fileOf, true);
    const dir = posix.dirname(file);
    return closest(candidates.filter((c) => posix.dirname(c.file) === dir), file, fileOf, true);
  };
  // One answer per (definition list, file): every kernel reaching a callee in one file asks the same
  // question again (a cached rescan of cutlass asked it ~10x per pair). Keyed by the list itself, which
  // is final once the loop above has filled the maps (nothing is pushed to them after it). Callers only
  // read what is returned (closest() already hands back the list itself when it holds one definition).
  const nearestMemo = new Map<object[], Map<string, object[]>>();
  const nearest = <T extends { file: string }>(candidates: T[] | undefined, file: string): T[] => {
    if (!candidates?.length) return [];
    let byFile = nearestMemo.get(candidates);
    if (!byFile) nearestMemo.set(candidates, (byFile = new Map()));
    let found = byFile.get(file) as T[] | undefined;
    if (!found) byFile.set(file, (found = nearestUncached(candidates, file)));
    return found;
  };

  /** The element type an alias visible from `file` stands for; none when the definitions it sees differ. */
  const aliasIn = (file: string) => (name: string): string | undefined => {
    const types = new Set(nearest(typeAliases.get(name.split('::').pop()!), file).map((a) => a.type));
    return types.size === 1 ? [...types][0] : undefined;
  };

  const traits: TraitsLookup = { structs: (name, file) => nearest(traitsStructs.get(name), file), alias: (name, file) => aliasIn(file)(name) };
  /** `k<MyTraits>` where k names `Traits::Element`: the type MyTraits gives it (./traits.ts). */
  const throughTraits = (k: Located, templateArgs: string, file: string, at: { file: string; line: number; column: number }, how: string) => {
    for (const { type, member } of traitsElementTypes(k.fn, templateArgs, file, traits)) {
      instantiated(k, type, at, `${how} through ${member}`, `${k.fn.name}${templateArgs}`);
    }
  };

  const profiles = new Map<string, KernelProfile>();
  const profileOf = (k: Located): KernelProfile => {
    const key = keyOf(k);
    let p = profiles.get(key);
    if (!p) profiles.set(key, (p = { externC: k.fn.externC, callees: [], launches: [], features: {} }));
    return p;
  };
  const extra = new Map<string, Evidence[]>(); // launch-site and attribute evidence per kernel key
  const addExtra = (k: Located, e: Evidence) => push(extra, keyOf(k), e);
  for (const list of globals.values()) for (const k of list) profileOf(k);

  const unresolved: UnresolvedLaunch[] = [];
  const launchSite = (file: string, site: LaunchSite, names: string[], via: LaunchSite['via'], macro?: string, launcher?: { file: string; line: number }) => {
    const targets = names.flatMap((n) => nearest(globals.get(n), file));
    if (!targets.length) return false;
    for (const k of unique(targets)) {
      profileOf(k).launches.push({
        file, line: site.line, via, ...(macro ? { macro } : {}), ...(site.config ? { config: site.config } : {}), ...(launcher ? { launcher } : {}),
      });
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
    if (site.templateArgs) {
      argList(k, site.templateArgs);
      for (const type of typesIn(site.templateArgs, aliasIn(file))) instantiated(k, type, at, 'launch template arguments', `${k.fn.name}${site.templateArgs}`);
      throughTraits(k, site.templateArgs, file, at, 'launch template arguments');
      // k<scalar_t><<<...>>> inside AT_DISPATCH_FLOATING_TYPES(...): every type the dispatch takes.
      for (const d of site.dispatch ?? []) {
        for (const { alias, types } of dispatchAliases(d, dispatchMacros)) {
          if (!new RegExp(`(^|[^\\w])${alias.replace(/[^\w]/g, '')}([^\\w]|$)`).test(site.templateArgs)) continue;
          for (const type of types) instantiated(k, type, { ...at, line: d.line }, d.macro, `${d.macro}(${d.args.join(', ')}, …) → ${k.fn.name}${site.templateArgs}`);
        }
      }
    }
  };
  const instantiations = new Map<string, InstantiationEvidence[]>();
  /** The template argument lists a kernel is seen with (explicit instantiations, launches): shared memory per instantiation. */
  const argLists = new Map<string, string[]>();
  const argList = (k: Located, args: string) => {
    if (!k.fn.templateParams) return;
    const key = keyOf(k);
    argLists.set(key, [...(argLists.get(key) ?? []), args]);
  };
  /** A type the kernel is instantiated with: recorded, and evidence of the feature it makes (double → fp64). */
  const instantiated = (k: Located, type: string, at: { file: string; line: number; column: number }, via: string, text: string) => {
    const key = keyOf(k);
    const list = instantiations.get(key) ?? [];
    if (list.some((x) => x.type === type && x.file === at.file && x.line === at.line && x.via === via)) return;
    list.push({ type, file: at.file, line: at.line, via });
    instantiations.set(key, list);
    const feature = typeFeature(type);
    if (feature) addExtra(k, { feature, ...at, text, detail: `instantiated with ${type} (${via})` });
  };

  for (const { file, scan } of sorted) {
    for (const site of scan.launches) {
      const names = site.kernel.split('|').filter(Boolean);
      if (!launchSite(file, site, names, site.via, site.macro)) {
        // A launch of a launcher's own parameter is resolved at the launcher's call sites below.
        const isParam = scan.launchers.some((l) => l.kind === 'function' && l.line === site.line);
        const reason = site.unparsed ? 'not parsed as a launch (syntax error around it)' : site.macro ? `launched in macro ${site.macro}` : undefined;
        if (!isParam) unresolved.push({ kernel: names[0] ?? '(unknown)', file, line: site.line, via: site.via, ...(reason ? { reason } : {}) });
      }
    }
    for (const call of scan.macroCalls) {
      const defs = launchers.get(call.callee) ?? [];
      const seen = new Set<string>();
      const reported = new Set<string>();
      for (const l of defs) {
        // #ifdef branches may define one launcher twice: each distinct way of launching counts once (a
        // launch with other template arguments is another: `name##_kernel<float>`, `name##_kernel<double>`).
        const way = `${l.kernelArg}:${l.pattern ?? ''}`;
        const key = `${way}:${l.templateArgs ?? ''}`;
        l.used = true;
        if (seen.has(key)) continue;
        seen.add(key);
        const written = (call.args[l.kernelArg] ?? '').split('|').filter(Boolean);
        const names = l.pattern ? written.map((n) => l.pattern!.replace('{}', n)) : written;
        const site: LaunchSite = {
          kernel: names.join('|'), ...(l.templateArgs ? { templateArgs: l.templateArgs } : {}), via: 'macro', line: call.line, column: call.column, fromDevice: false,
        };
        const via = l.kind === 'macro' ? 'macro' : '<<<>>>';
        const at = { file: l.file, line: l.line };
        // A launcher called with a kernel we cannot name (a function pointer from elsewhere): count it.
        if (!launchSite(file, site, names, via, call.callee, at) && !reported.has(way)) {
          reported.add(way);
          const kernel = names[0] || `(argument ${l.kernelArg + 1} of ${call.callee})`;
          unresolved.push({ kernel, file, line: call.line, via, reason: `kernel passed to ${l.kind === 'macro' ? 'macro' : 'launcher'} ${call.callee}`, launcher: at });
        }
      }
    }
    for (const inst of scan.instantiations ?? []) {
      const how = inst.macro ? `explicit instantiation through ${inst.macro}` : 'explicit instantiation';
      for (const k of nearest(globals.get(inst.kernel), file)) {
        argList(k, inst.templateArgs);
        for (const type of typesIn(inst.templateArgs, aliasIn(file))) instantiated(k, type, { file, line: inst.line, column: 1 }, how, `${inst.kernel}${inst.templateArgs}`);
        throughTraits(k, inst.templateArgs, file, { file, line: inst.line, column: 1 }, how);
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
      const callees = reachable(k, devices, valueAliases, nearest);
      profile.callees = callees.map((c) => ({ name: c.fn.name, file: c.file, line: c.fn.line, lines: c.fn.lines, ...(c.possible ? { possible: true } : {}) }));
      // What the kernel and its callees call (math functions, warp intrinsics): read by ascend-alternatives.ts
      // to tell what the kernel does (exp + max + a reduction is softmax-like). Possible callees count too:
      // overloads such as rsqrt_(float)/rsqrt_(double) do the same work, and this only suggests, never costs.
      profile.calls = [...new Set([...k.fn.calls, ...callees.flatMap((c) => c.fn.calls)])].sort();
      const evidence: Evidence[] = [];
      const dependent: Evidence[] = [];
      const fromFunction = (owner: Reached, via?: string) => {
        const at = owner.file === k.file ? {} : { file: owner.file };
        const mark = (e: Evidence): Evidence => ({ ...e, ...at, ...(via ? { via } : {}), ...(owner.possible?.(e.feature) ? { possible: true } : {}) });
        for (const e of owner.fn.features) evidence.push(mark(e));
        for (const e of owner.fn.warpDependent ?? []) dependent.push(mark(e));
        for (const use of owner.fn.warpSizeNames) {
          // The definition the using file sees (its own, its includes', its folder's): a file that
          // defines WARP_SIZE as 64 does not take another file's 32.
          const defs = nearest(warpConstants.get(use.name), owner.file);
          const c = defs.find((d) => d.is32 !== false);
          if (!c) continue;
          evidence.push(mark({
            feature: 'warp-size-assumption', line: use.line, column: use.column, text: use.text,
            detail: `${use.name} is 32 (${c.file}:${c.line})`,
          }));
        }
      };
      fromFunction(k);
      for (const c of callees) fromFunction(c, c.fn.name);
      // `x & 31`, `tid / 32`, `0xffffffff` on other operands assume 32 lanes only where the kernel does
      // warp-level work: a warp intrinsic or a certain warp-size assumption in it or its callees.
      if (evidence.some((e) => !e.possible && (e.feature === 'warp-intrinsic' || e.feature === 'warp-size-assumption'))) evidence.push(...dependent);
      evidence.push(...(extra.get(keyOf(k)) ?? []));
      profile.features = summarize(evidence);
      // Bytes from the whole evidence list (summarize keeps only the first few places per feature).
      const lists = argLists.get(keyOf(k));
      const smem = sharedMemory(evidence, profile.launches, lists && k.fn.templateParams ? { params: k.fn.templateParams, argLists: lists } : undefined);
      if (smem) profile.sharedMemory = smem;
      const types = instantiations.get(keyOf(k));
      if (types) profile.instantiations = shownInstantiations(types.sort((a, b) => cmp(a.type, b.type) || cmp(a.file, b.file) || a.line - b.line || cmp(a.via, b.via)), MAX_INSTANTIATIONS);
      profile.launches.sort((a, b) => cmp(a.file, b.file) || a.line - b.line);
      profile.launches = profile.launches.filter((l, i, all) => i === 0 || all[i - 1]!.file !== l.file || all[i - 1]!.line !== l.line);
    }
  }
  // A launcher whose calls were not found (called where no kernel can be named, or from a file that does
  // not see it as a launcher): its `<<<` is still a launch site, reported rather than lost.
  for (const [name, defs] of launchers) {
    for (const l of defs) {
      if (l.used) continue;
      unresolved.push({
        kernel: `(argument ${l.kernelArg + 1} of ${name})`, file: l.file, line: l.line, via: l.kind === 'macro' ? 'macro' : '<<<>>>',
        reason: `${l.kind === 'macro' ? 'launcher macro' : 'launcher function'} ${name}: no call passing a kernel found`,
      });
    }
  }
  unresolved.sort((a, b) => cmp(a.file, b.file) || a.line - b.line || cmp(a.kernel, b.kernel));
  return { profiles, unresolved };
}

/** Groups evidence by feature: the count and the first few places, own body first. */
function summarize(evidence: Evidence[]): Partial<Record<KernelFeature, FeatureSummary>> {
  const out: Partial<Record<KernelFeature, FeatureSummary>> = {};
  const seen = new Set<string>();
  // Certain evidence first (stable otherwise): the evidence kept per feature is what hazards are read from.
  for (const e of [...evidence.filter((x) => !x.possible), ...evidence.filter((x) => x.possible)]) {
    // One place per line and kind: three `0xffffffff` on one line are one finding, not three.
    const key = `${e.feature}:${e.file ?? ''}:${e.line}:${e.detail ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const s = (out[e.feature] ??= { count: 0, evidence: [] });
    s.count++;
    if (e.possible) s.possible = (s.possible ?? 0) + 1;
    if (s.evidence.length < MAX_EVIDENCE) s.evidence.push(e);
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => cmp(a, b)));
}

interface Reached extends Located {
  /** For a callee reached only through an ambiguous overload set (or below one): whether a feature of it
   *  is only possible. A feature every overload of the set has is certain whichever one is picked. */
  possible?: (feature: KernelFeature) => boolean;
}

/** __device__ functions reachable from a kernel: through calls by name (nearest definition, then the
 *  overloads whose arity and obvious argument types fit) and through names used as values (function
 *  pointers, `return c ? f : g`, trait members such as `traits<T>::vec_dot_mma`, followed through aliases). */
function reachable(
  kernel: Located,
  devices: Map<string, Located[]>,
  aliases: Map<string, (ValueAlias & { file: string })[]>,
  nearest: <T extends { file: string }>(c: T[] | undefined, file: string) => T[],
): Reached[] {
  const reached = new Map<DeviceFunction, Reached>();
  const queue: Reached[] = [kernel];
  /** `possible` absent: certain. A certain path wins over an ambiguous one (and is explored again). */
  const visit = (d: Located, possible: Reached['possible']) => {
    if (d.fn === kernel.fn) return;
    const before = reached.get(d.fn);
    if (before && (!before.possible || possible)) return;
    const r: Reached = possible ? { ...d, possible } : { ...d };
    reached.set(d.fn, r);
    queue.push(r);
  };
  const always = () => true;
  while (queue.length && reached.size < MAX_CALLEES) {
    const cur = queue.shift()!;
    for (const name of cur.fn.calls) {
      const fitting = overloadsFor(nearest(devices.get(name), cur.file), cur.fn.callTypes ? own(cur.fn.callTypes, name) : undefined);
      // Several non-template definitions fit one call: the compiler picks one of them, we cannot tell which.
      const ambiguous = fitting.length > 1 && !fitting.every((f) => f.fn.template);
      let possible: Reached['possible'] = cur.possible ? always : undefined;
      if (!possible && ambiguous) {
        const sets = fitting.map((f) => new Set(f.fn.features.map((e) => e.feature)));
        possible = (feature) => !sets.every((x) => x.has(feature));
      }
      for (const d of fitting) visit(d, possible);
    }
    for (const name of cur.fn.refs ?? []) {
      for (const d of functionsNamed(name, cur.file, devices, aliases, nearest)) visit(d, cur.possible ? always : undefined);
    }
  }
  return [...reached.values()].sort((a, b) => cmp(a.file, b.file) || a.fn.line - b.fn.line);
}

/** Device functions a name used as a value stands for: a function itself, or an alias of function names
 *  (followed transitively, each alias in the scope of the file that defines it). */
function functionsNamed(
  name: string, file: string, devices: Map<string, Located[]>, aliases: Map<string, (ValueAlias & { file: string })[]>,
  nearest: <T extends { file: string }>(c: T[] | undefined, file: string) => T[],
): Located[] {
  const out: Located[] = [];
  const seen = new Set<string>();
  const queue: [string, string][] = [[name, file]];
  while (queue.length) {
    const [n, from] = queue.shift()!;
    if (seen.has(n)) continue;
    seen.add(n);
    out.push(...nearest(devices.get(n), from));
    for (const a of nearest(aliases.get(n), from)) for (const t of a.targets) queue.push([t, a.file]);
  }
  return out;
}

/** Of the definitions a call may reach, those whose parameter count takes one of the call's argument
 *  counts, then those whose obvious parameter types match the obvious argument types best. When nothing
 *  fits (a macro, a default we could not read), all candidates stay. */
function overloadsFor(candidates: Located[], calls: string[][] | undefined): Located[] {
  if (candidates.length <= 1 || !calls?.length) return candidates;
  const takes = (fn: DeviceFunction, n: number) => !fn.arity || (n >= fn.arity[0] && (fn.arity[1] < 0 || n <= fn.arity[1]));
  const byArity = candidates.filter((c) => calls.some((args) => takes(c.fn, args.length)));
  if (byArity.length <= 1) return byArity.length ? byArity : candidates;
  // Score each candidate by its best call: exact obvious-type matches, minus mismatches.
  const score = (fn: DeviceFunction) => Math.max(...calls.filter((args) => takes(fn, args.length)).map((args) => args.reduce((n, t, i) => {
    const p = fn.paramTypes?.[i] ?? '';
    return !t || !p ? n : t === p ? n + 1 : n - 1;
  }, 0)));
  const scored = byArity.map((c) => ({ c, score: score(c.fn) }));
  const best = Math.max(...scored.map((s) => s.score));
  return scored.filter((s) => s.score === best).map((s) => s.c);
}

/** Resolves #include paths to scanned files: per file, per path as written there, the files it may mean
 *  (none for a header outside the tree). */
export function includeTargets(files: { file: string; scan: FileKernelScan }[]): Map<string, Map<string, string[]>> {
  const byBase = new Map<string, string[]>();
  for (const { file } of files) push(byBase, posix.basename(file), file);
  // What a path means depends only on the including file's folder (closest() compares folders): the files
  // of one folder including the same headers resolve each once (cutlass: ~100,000 #includes, ~25,000 distinct).
  const meaning = new Map<string, string[] | undefined>();
  const resolve = (dir: string, inc: string, file: string): string[] | undefined => {
    const key = `${dir}\u0000${inc}`;
    if (meaning.has(key)) return meaning.get(key);
    const same = posix.normalize(posix.join(dir, inc));
    const suffix = inc.replace(/^(\.\.?\/)+/, '');
    const candidates = (byBase.get(posix.basename(inc)) ?? []).filter((f) => f === same || f === suffix || f.endsWith(`/${suffix}`));
    // The include next to the file wins; else the candidate in the nearest folder.
    const found = !candidates.length ? undefined : candidates.includes(same) ? [same] : closest(candidates, file, (path) => path, false);
    meaning.set(key, found);
    return found;
  };
  const out = new Map<string, Map<string, string[]>>();
  for (const { file, scan } of files) {
    const targets = new Map<string, string[]>();
    const dir = posix.dirname(file);
    for (const inc of scan.includes) {
      const found = resolve(dir, inc, file);
      if (found) targets.set(inc, found);
    }
    out.set(file, targets);
  }
  return out;
}

/** Gives each file the set of scanned files it includes, transitively. */
export function includeGraph(files: { file: string; scan: FileKernelScan }[], resolved = includeTargets(files)): (file: string) => Set<string> {
  const direct = new Map<string, string[]>();
  for (const [file, targets] of resolved) direct.set(file, [...targets.values()].flat());
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

const fileOf = (c: { file: string }) => c.file;

/** Of several candidates (definitions with one name, files an #include may mean), those closest to `file`:
 *  the file itself when `sameFileFirst`, then those sharing the deepest common folder. */
function closest<T>(candidates: T[], file: string, pathOf: (c: T) => string, sameFileFirst: boolean): T[] {
  if (candidates.length <= 1) return candidates;
  let best = -1;
  let out: T[] = [];
  for (const c of candidates) {
    const path = pathOf(c);
    const score = sameFileFirst && path === file ? Number.MAX_SAFE_INTEGER : commonDepth(folderSegments(path), folderSegments(file));
    if (score > best) {
      best = score;
      out = [c];
    } else if (score === best) out.push(c);
  }
  return out;
}

/** How many leading folders two folder-segment lists share. */
function commonDepth(x: string[], y: string[]): number {
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n;
}

/** The segments of a file's folder (`a/b/c.h` → [a, b]), split once per path: closest() compares the same
 *  few paths for every name a file resolves. A pure function of the string, so the memo cannot go stale;
 *  it holds one entry per distinct path seen (the scanned files). */
const segments = new Map<string, string[]>();
function folderSegments(path: string): string[] {
  let s = segments.get(path);
  if (!s) segments.set(path, (s = posix.dirname(path).split('/')));
  return s;
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

/** The files with a kernel scan, in the results' order: what the link and the include graph read. */
export function kernelScans(results: readonly FileResult[]): { file: string; scan: FileKernelScan }[] {
  return results.flatMap((r) => (r.kernelScan && !r.skipped ? [{ file: r.file, scan: r.kernelScan }] : []));
}
