// Shared by the build-file detectors: turning a token of the build-systems / python-dependencies rule
// files into a finding at a text offset. Build files have no grammar: every detector here is a pure
// function of the file text and the match table, and positions come from character offsets.
import type { FindingKind, RawFinding } from '../../model.js';
import type { MatchTable, RuleRef } from '../../rules/match-table.js';

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

function own(map: Record<string, RuleRef>, key: string): RuleRef | undefined {
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}

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
