// Which sources a project's CMake build compiles for which backend. A project that already builds for a
// target (`if(BUILD_CUDA) … elseif(BUILD_HIP) …` listing the sources each backend compiles) has decided two
// things a port estimate must not charge again:
// - the sources it compiles in the target's branch are on the target's path already (verification only);
// - the sources it compiles only in the CUDA branch, or only when a CUDA compute capability is selected
//   (`if(75 IN_LIST CUDA_ARCHS)`: an sm75/sm80 fast path beside a portable kernel), are optional: left out of
//   the minimal port, kept in the full one.
// Headers follow their includers: one reached from a target-built source is compiled for the target; one
// reached only from optional sources is optional too.
// Sources are read from the commands that compile them (add_library, target_sources, …), with variables
// (`set`, `list(APPEND …)`) expanded and the if/elseif/else branches each mention sits in. Anything this
// reading cannot follow (generator expressions, file(GLOB), functions) simply selects nothing.
import { posix } from 'node:path';
import { TARGETS, type Target } from '../model.js';
import { parseCMake, type CMakeCommand } from '../detect/build/cmake.js';
import { lineIndex } from '../parse/line-index.js';

/** A branch condition, as written, and what it selects. */
interface Branch {
  command: 'if' | 'elseif' | 'else';
  text: string;
  /** Where the branch opens: `CMakeLists.txt:244`. */
  at: string;
  negated: boolean;
  /** What the condition names, worked out once from its text (branchFacts). */
  targets: Target[];
  cuda: boolean;
  arch: boolean;
}

export interface BuildSelection {
  /** Files compiled in a branch for the target (and headers they include). */
  targetBuilt: Partial<Record<Target, Set<string>>>;
  /** Per target, files its build leaves out or compiles only for a CUDA architecture: a short label (the
   *  branch, as the minimal port lists it beside optional features) and the whole reason. */
  optional: Partial<Record<Target, Map<string, { label: string; why: string }>>>;
  /** Per target, the branches that build it (`CMakeLists.txt:262 elseif(BUILD_HIP)`), sorted. */
  builtBy: Partial<Record<Target, string[]>>;
}

/** Words (the parts of a condition split at `_` and punctuation, any case) that name each backend: whole
 *  words only, so `BUILD_INPUT` is no NPU and `relationship` no HIP. */
const TARGET_WORDS: Record<Target, ReadonlySet<string>> = {
  dcu: new Set(['hip', 'rocm', 'dcu', 'dtk', 'hipcc']),
  musa: new Set(['musa', 'mcc']),
  cann: new Set(['npu', 'ascend', 'cann']),
  birensupa: new Set(['supa', 'biren']),
};
const CUDA_WORDS: ReadonlySet<string> = new Set(['cuda', 'nvcc', 'cudacxx', 'cudatoolkit']);
const wordsOf = (text: string) => new Set(text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean));
const names = (words: Set<string>, set: ReadonlySet<string>) => [...words].some((w) => set.has(w));
/** A compute-capability test: `75 IN_LIST _cc_all`, `_cc GREATER_EQUAL 80`, `CUDA_ARCH`, `sm_80`. */
const ARCH_WORDS = /\b(\d{2,3}\s+IN_LIST|GREATER(_EQUAL)?\s+\d{2,3}|\w*(CAPABILIT|CUDA_ARCH|_cc_|_cc\b|\bcc_)\w*|sm_?\d{2,3}|\w*SM\d{2,3}\w*)/;
const SOURCE_FILE = /\.(cu|cuh|c|cc|cpp|cxx|hip|h|hh|hpp|hxx|inl)$/i;
/** Commands that compile the sources they are given. */
const COMPILING = /^(add_library|add_executable|cuda_add_library|cuda_add_executable|hip_add_library|hip_add_executable|musa_add_library|musa_add_executable|target_sources|pybind11_add_module|python_add_library|nanobind_add_module|set_source_files_properties)$/i;

function branch(command: Branch['command'], text: string, at: string, negated: boolean): Branch {
  const words = wordsOf(text);
  const targets = TARGETS.filter((t) => names(words, TARGET_WORDS[t]));
  return { command, text, at, negated, targets, cuda: names(words, CUDA_WORDS) && !targets.length, arch: ARCH_WORDS.test(text) };
}

/** A mention the target's build compiles, in a project with a branch for the target: every branch it sits in
 *  names the target or is neutral (neither CUDA-only, another backend, nor a CUDA architecture), and none is a
 *  negation of the target (`if(NOT BUILD_HIP)`). */
function inTargetBuild(stack: Branch[], t: Target): boolean {
  return stack.every((b) => {
    if (b.negated) return !b.targets.includes(t);
    return b.targets.includes(t) || (!b.cuda && !b.arch && !b.targets.length);
  });
}

export type CMakeSourceMention = { file: string; stack: Branch[] };
type Mention = CMakeSourceMention;

/** The source mentions of one CMake file, each with the stack of branches it sits in. */
export function cmakeSourceMentions(text: string, cmakeFile: string): Mention[] {
  const dir = posix.dirname(cmakeFile);
  const vars = new Map<string, Mention[]>();
  const stack: Branch[][] = []; // per open if(): the branches taken so far, the last one current
  const uses: Mention[] = [];
  const lineOf = lineIndex(text);
  const current = () => stack.map((bs) => bs[bs.length - 1]!);
  const expand = (arg: string, here: Branch[]): Mention[] => {
    const whole = /^\$\{(\w+)\}$/.exec(arg);
    if (whole) return (vars.get(whole[1]!) ?? []).map((m) => ({ file: m.file, stack: [...m.stack, ...here] }));
    const rel = arg.startsWith('${CMAKE_CURRENT_SOURCE_DIR}/') ? arg.slice(28) : arg;
    if (rel.includes('$') || !SOURCE_FILE.test(rel)) return [];
    return [{ file: posix.normalize(dir === '.' ? rel : posix.join(dir, rel)), stack: here }];
  };
  for (const c of parseCMake(text) as CMakeCommand[]) {
    const name = c.name.toLowerCase();
    const condText = () => c.args.map((a) => a.text).join(' ');
    const at = () => `${cmakeFile}:${lineOf(c.start)}`;
    if (name === 'if') stack.push([branch('if', condText(), at(), /^\s*NOT\b/.test(condText()))]);
    else if (name === 'elseif' && stack.length) stack[stack.length - 1]!.push(branch('elseif', condText(), at(), /^\s*NOT\b/.test(condText())));
    else if (name === 'else' && stack.length) {
      // The else branch is the negation of every branch before it.
      const before = stack[stack.length - 1]!;
      before.push(branch('else', before.map((b) => b.text).join(' OR '), at(), true));
    } else if (name === 'endif') stack.pop();
    else if (name === 'set' && c.args[0]) {
      const here = current();
      vars.set(c.args[0].text, c.args.slice(1).flatMap((a) => expand(a.text, here)));
    } else if (name === 'list' && c.args[0]?.text.toUpperCase() === 'APPEND' && c.args[1]) {
      const here = current();
      const v = c.args[1].text;
      vars.set(v, [...(vars.get(v) ?? []), ...c.args.slice(2).flatMap((a) => expand(a.text, here))]);
    } else if (COMPILING.test(name)) {
      const here = current();
      for (const a of c.args) uses.push(...expand(a.text, here));
    }
  }
  return uses;
}

/** What the build files select, over the scanned files (paths relative to the scan base). */
export function buildSelection(sourceMentions: CMakeSourceMention[], scanned: ReadonlySet<string>, includesOf: (file: string) => Set<string>): BuildSelection {
  const mentions = new Map<string, Branch[][]>();
  const hasBranch = new Set<Target>();
  for (const m of sourceMentions) {
    if (!scanned.has(m.file)) continue;
    const list = mentions.get(m.file) ?? [];
    list.push(m.stack);
    mentions.set(m.file, list);
    for (const b of m.stack) if (!b.negated) for (const t of b.targets) hasBranch.add(t);
  }
  const selection: BuildSelection = { targetBuilt: {}, optional: {}, builtBy: {} };
  const byFile = [...mentions].sort(([a], [b]) => (a < b ? -1 : 1));
  const roots = [...scanned].sort().filter((file) => mentions.has(file) || SOURCE_ROOT.test(file));
  // A target the build has no branch for gets the same answer as any other such target (only CUDA
  // architecture tests make its files optional): worked out once (the header walk is most of the time:
  // every source's transitive includes, ~50 ms a target on cutlass).
  let withoutBranch: ReturnType<typeof selectFor> | undefined;
  for (const t of TARGETS) {
    const { built, optional, builtBy } = hasBranch.has(t) ? selectFor(t, true, byFile, roots, mentions, includesOf) : (withoutBranch ??= selectFor(t, false, byFile, roots, mentions, includesOf));
    // Copies: each target owns its sets, as when each was worked out on its own.
    if (built.size) selection.targetBuilt[t] = new Set(built);
    if (optional.size) selection.optional[t] = new Map(optional);
    if (builtBy.size) selection.builtBy[t] = [...builtBy].sort();
  }
  return selection;
}

/** One target's built and optional files (`branched`: the build has a branch for it). Without a branch
 *  nothing in it depends on the target. */
function selectFor(
  t: Target, branched: boolean, byFile: [string, Branch[][]][], roots: string[], mentions: ReadonlyMap<string, Branch[][]>, includesOf: (file: string) => Set<string>,
) {
  const built = new Set<string>();
  const optional = new Map<string, { label: string; why: string }>();
  const builtBy = new Set<string>();
  for (const [file, stacks] of byFile) {
    const forTarget = branched ? stacks.filter((s) => inTargetBuild(s, t)) : [];
    if (forTarget.length) {
      built.add(file);
      for (const s of forTarget) for (const b of s) if (!b.negated && b.targets.includes(t)) builtBy.add(`${b.at} ${b.command}(${b.text})`);
      continue;
    }
    // Each mention is CUDA-only (beside a branch for this target) or needs a CUDA architecture: optional.
    const reasons = stacks.map((s) => {
      const arch = s.find((b) => !b.negated && b.arch);
      if (arch) return { label: `${arch.at} ${arch.command}(${arch.text})`, why: `built only when ${arch.text} (${arch.at})` };
      const cuda = branched ? s.find((b) => !b.negated && b.cuda) : undefined;
      return cuda ? { label: `${cuda.at} ${cuda.command}(${cuda.text})`, why: `built only for CUDA (${cuda.at}), not in the project's own ${t} build` } : undefined;
    });
    if (reasons.every((r) => r !== undefined)) optional.set(file, reasons[0]!);
  }
  // Headers follow their includers.
  const reached = new Map<string, { built: boolean; optional: { label: string; why: string } | undefined; other: boolean }>();
  for (const file of roots) {
    const isBuilt = built.has(file);
    const opt = optional.get(file);
    for (const h of includesOf(file)) {
      if (mentions.has(h)) continue;
      const r = reached.get(h) ?? { built: false, optional: undefined, other: false };
      if (isBuilt) r.built = true;
      else if (opt) r.optional ??= opt;
      else r.other = true;
      reached.set(h, r);
    }
  }
  for (const [h, r] of reached) {
    if (r.built) built.add(h);
    else if (r.optional && !r.other) optional.set(h, { label: r.optional.label, why: `included only by sources ${r.optional.why}` });
  }
  return { built, optional, builtBy };
}

/** Translation units: a header is judged by the sources that include it, never by other headers alone. */
const SOURCE_ROOT = /\.(cu|c|cc|cpp|cxx|hip)$/i;
