// Shared by the build-file detectors: turning a token of the build-systems / python-dependencies rule
// files into a finding at a text offset. Build files have no grammar: every detector here is a pure
// function of the file text and the match table, and positions come from character offsets.
import type { FindingKind, RawFinding } from '../../model.js';
import type { MatchTable, RuleRef } from '../../rules/match-table.js';
import { own } from '../cpp-matcher.js';

/** Construct tokens the build detectors emit (documented in rules/build-systems.yaml and
 *  rules/python-dependencies.yaml). */
export const BUILD_TOKENS = {
  nvcc: 'build:nvcc',
  cudaArch: 'build:cuda-arch',
  nvccFlag: 'build:nvcc-flag',
  cudaLib: 'build:cuda-lib',
  toolkitPath: 'build:cuda-toolkit-path',
  cuSource: 'build:cu-source',
  nvidiaSmi: 'build:nvidia-smi',
  cmakeLanguage: 'cmake:cuda-language',
  cmakeFindCuda: 'cmake:find_package(CUDA)',
  cmakeFindCudaMacro: 'cmake:cuda_add_library',
  cmakeFindToolkit: 'cmake:find_package(CUDAToolkit)',
  cmakeVariable: 'cmake:cuda-variable',
  bazelRule: 'bazel:cuda-rule',
  bazelDep: 'bazel:cuda-dep',
  dockerBase: 'docker:cuda-base-image',
  wheelIndex: 'dep:cuda-wheel-index',
  wheelTag: 'dep:cuda-wheel-tag',
  nvidiaWheel: 'dep:nvidia-cuda-wheel',
} as const;

export type BuildToken = (typeof BUILD_TOKENS)[keyof typeof BUILD_TOKENS];

/** The rule for a build token (C/C++-language rule files) or a dependency token (Python ones). */
export function tokenRule(table: MatchTable, token: string): RuleRef | undefined {
  return own(table.cppNames, token) ?? own(table.pyNames, token);
}

/** A python-import rule for a module or one of its parents (`nvidia.dali.fn` matches `nvidia.dali`). */
export function moduleRule(table: MatchTable, module: string): RuleRef | undefined {
  const parts = module.split('.');
  for (let len = parts.length; len >= 1; len--) {
    const ref = own(table.pyImports, parts.slice(0, len).join('.'));
    if (ref) return ref;
  }
  return undefined;
}

/** Build words are findings once per token per line (`-arch=sm_80 -arch=sm_90` is one edit), within one reading
 *  scope: a run of words, a CMake command, a Python file. */
export class OncePerLine {
  private readonly seen = new Set<string>();

  /** True the first time `token` is met on `line`; with `name`, the first time that name is met under it there. */
  first(token: string, line: number, name?: string): boolean {
    const key = name === undefined ? `${token}\u0000${line}` : `${token}\u0000${line}\u0000${name}`;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }
}

/** Tokens counted once per name rather than once per line: each library and each source is its own edit. */
const ONCE_PER_NAME = new Set<string>([BUILD_TOKENS.cudaLib, BUILD_TOKENS.cuSource]);

/** 1-based line/column of character offsets in one text. */
export class Positions {
  private readonly lineStarts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  at(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo]! + 1 };
  }
}

/** Collects findings for one file; a (rule, name, offset) is reported once. */
export class FindingSink {
  readonly findings: RawFinding[] = [];
  private readonly seen = new Set<string>();
  private readonly positions: Positions;

  constructor(
    readonly table: MatchTable,
    text: string,
  ) {
    this.positions = new Positions(text);
  }

  /** 1-based line of an offset. */
  lineOf(offset: number): number {
    return this.positions.at(offset).line;
  }

  /** Reports `name` at [start, end) under a build/dependency token; silently skipped if the table lacks it. */
  token(token: string, name: string, start: number, end: number, detail?: string, scope?: string): void {
    this.ref(tokenRule(this.table, token), name, start, end, detail, scope);
  }

  /** Like token(), but once per token per line of `once` (libraries and sources once per name). */
  tokenOncePerLine(once: OncePerLine, token: string, name: string, start: number, end: number, detail?: string): void {
    if (once.first(token, this.lineOf(start), ONCE_PER_NAME.has(token) ? name : undefined)) this.token(token, name, start, end, detail);
  }

  ref(ref: RuleRef | undefined, name: string, start: number, end: number, detail?: string, scope?: string): void {
    if (!ref) return;
    const key = `${ref[0]}\u0000${name}\u0000${start}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const from = this.positions.at(start);
    const to = this.positions.at(end);
    const kind: FindingKind = ref[1];
    this.findings.push({
      ruleId: ref[0], name, kind,
      line: from.line, column: from.column, endLine: to.line, endColumn: to.column,
      ...(scope ? { scope } : {}),
      ...(detail ? { detail } : {}),
    });
  }
}
