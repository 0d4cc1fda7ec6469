// The shared data model: what flows between discovery, detection, classification, estimation and reports.
import type { FileKernelScan } from './kernels/model.js';
import type { SuppressionDirective } from './detect/suppressions.js';

export const TARGETS = ['musa', 'cann', 'birensupa', 'dcu'] as const;
export type Target = (typeof TARGETS)[number];

export const TARGET_LABELS: Record<Target, string> = {
  musa: 'MUSA (Moore Threads)',
  cann: 'CANN (Huawei Ascend)',
  birensupa: 'BIRENSUPA (Biren)',
  dcu: 'DCU (Hygon DTK/HIP)',
};

/** Ordered from least to most porting work; `--fail-on X` fails on X and everything after it. */
export const STATUSES = ['native', 'rename', 'adapt', 'unknown', 'rewrite', 'unsupported'] as const;
export type Status = (typeof STATUSES)[number];

export type Confidence = 'confirmed' | 'inferred';

export const FINDING_KINDS = [
  'header', 'runtime-call', 'driver-call', 'library-call', 'type', 'constant', 'macro',
  'kernel-definition', 'device-function', 'kernel-launch', 'device-intrinsic', 'inline-ptx',
  'python-api', 'device-string', 'distributed-backend', 'extension-build', 'python-import', 'build-system',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** Languages read with a tree-sitter grammar. */
import type { CMakeSourceMention } from './scope/build-selection.js';
import type { MacroDefinition } from './detect/macro-table.js';

export type ParsedLanguage = 'cuda' | 'cpp' | 'python';
/** Build and dependency files, read by small tokenizers in src/detect/build/ (no grammar). */
export const BUILD_LANGUAGES = ['cmake', 'make', 'bazel', 'dockerfile', 'pip-requirements', 'pyproject', 'setup-cfg', 'conda-env'] as const;
export type BuildLanguage = (typeof BUILD_LANGUAGES)[number];
export type Language = ParsedLanguage | BuildLanguage;

/** Products a target's verdict can depend on (`--target cann:950`). The base mapping applies when
 *  none is chosen: for CANN that is Atlas A2/A3, the products most deployed today. */
export const PRODUCTS: Record<Target, readonly string[]> = {
  musa: ['s80', 's3000', 's4000', 's5000'],
  cann: ['a2', 'a3', '950'],
  birensupa: [],
  dcu: [],
};

/** Why a product name is not valid for a target, or undefined when it is. */
export function unknownProduct(target: Target, product: string): string | undefined {
  if (PRODUCTS[target].includes(product)) return undefined;
  return `unknown ${target} product "${product}" (known: ${PRODUCTS[target].join(', ') || 'none'})`;
}

export interface ProductMapping {
  status: Status;
  name?: string;
  note?: string;
  confidence?: Confidence;
  source?: string;
  ref?: string;
}

export interface Mapping {
  status: Status;
  name?: string;
  note?: string;
  confidence: Confidence;
  source: string;
  ref?: string;
  /** Target-side versions (e.g. the ROCm release that added the HIP name). */
  versions?: Partial<Record<'added' | 'deprecated' | 'changed' | 'removed' | 'experimental', string>>;
  /** Overrides for particular products of the target. */
  products?: Record<string, ProductMapping>;
}

export interface Rule {
  id: string;
  cuda: string;
  aliases?: string[];
  kind: FindingKind;
  summary: string;
  family: string;
  library: string;
  language: 'cpp' | 'python';
  /** CUDA versions that added, deprecated, changed or removed the name. */
  versions?: Partial<Record<'cudaAdded' | 'cudaDeprecated' | 'cudaChanged' | 'cudaRemoved', string>>;
  targets: Record<Target, Mapping>;
}

export interface SourceInfo {
  title: string;
  url: string;
  /** The official repository this source mirrors: what is read here can only be an inferred verdict. */
  mirrorOf?: string;
  /** The official repository this source is a fork of: likewise inferred only. */
  forkOf?: string;
}

/** What a detector saw, before classification. Positions are 1-based lines and columns. */
export interface RawFinding {
  /** Rule id, or `unrecognized` for a CUDA-looking name the table does not know. */
  ruleId: string;
  /** The name as it appears (resolved to its qualified form for Python). */
  name: string;
  kind: FindingKind;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Enclosing function or kernel, if any. */
  scope?: string;
  /** Preprocessor guards the finding sits under, outermost first (e.g. `#if CUDART_VERSION >= 11020`). */
  guards?: string[];
  /** True when the finding comes from the body of a #define. */
  inMacro?: boolean;
  /** True when the finding sits in device code (a __global__ or __device__ function). */
  deviceCode?: boolean;
  /** Extra facts for some kinds: PTX opcodes, kernel name launched, ... */
  detail?: string;
  /** Stable identity without the line number (src/scan/fingerprint.ts): baselines, SARIF, GitLab. */
  fingerprint?: string;
}

export interface Finding extends RawFinding {
  file: string;
  /** Set when the finding is accepted: an inline `cuport-ignore` comment (SARIF kind `inSource`) or a
   *  baseline entry (`external`). Suppressed findings stay in machine formats but are not gated. */
  suppression?: { kind: 'inSource' | 'external'; justification: string };
}

export interface KernelInfo {
  name: string;
  file: string;
  line: number;
  endLine: number;
  lines: number;
  template: boolean;
  /** The macro the kernel is declared through (`DEVICE_FUNCTION`-style qualifiers or a head macro
   *  `DEFINE_K(name, ...)`), when it is. */
  macro?: string;
  /** Set in the report when the kernel's `__global__` definition finding is suppressed (src/gate/accept.ts):
   *  the kernel's hazards are then accepted too. */
  suppression?: Finding['suppression'];
}

/** Why a file was not scanned. `symlink`: a symbolic link not followed (or a second path to a folder already
 *  scanned); `special-file`: a FIFO, socket or device; `too-complex`: a per-file work budget was exceeded
 *  (the message gives the figure); `too-deep`: nesting beyond the detector's recursion limit. */
export type SkipReason =
  | 'unreadable' | 'binary' | 'too-large' | 'not-utf8' | 'parse-failed'
  | 'symlink' | 'special-file' | 'too-complex' | 'too-deep';

export interface SkippedFile {
  file: string;
  reason: SkipReason;
  message: string;
  /** `too-complex`: which per-file work budget was exceeded, the figure reached and the limit (src/scan/budget.ts). */
  budget?: { name: 'nodes' | 'findings' | 'time'; value: number; limit: number };
}

export interface FileResult {
  file: string;
  language: Language;
  lines: number;
  bytes: number;
  /** Number of ERROR/MISSING nodes in the syntax tree (the file was still scanned). */
  parseErrors: number;
  findings: RawFinding[];
  kernels: KernelInfo[];
  /** Names this file defines (functions, macros, types) that look like CUDA names; used to drop
   *  `unrecognized` findings for a project's own helpers such as `cudaCheck`. */
  definedNames: string[];
  /** CMake files: the sources their compiling commands name, with the branches each sits in (src/scope/
   *  build-selection.ts), read here once so the report does not read and parse the file again. */
  cmakeSources?: CMakeSourceMention[];
  /** C/C++/CUDA files with device code or launches: the kernel profiler's findings (src/kernels). */
  kernelScan?: FileKernelScan;
  /** The kernel profiler did not run (no device code, launch or warp-size name: src/scan/prefilter.ts); its
   *  includes are in kernelScan. Names declared with a value outside functions, to tell whether the file
   *  must be profiled after all (src/scan/deferred-profile.ts). Never reported. */
  profileDeferred?: { fileScopeValues: string[] };
  /** C/C++ files: the #defines the files including this one import (qualifier, head and instantiation
   *  macro candidates: src/detect/macro-table.ts exportedDefinitions). Never reported. */
  macroDefinitions?: MacroDefinition[];
  /** `cuport-ignore` directives read from the file's comments (src/detect/suppressions.ts). */
  suppressions?: SuppressionDirective[];
  /** C/C++ files: runs of lines under preprocessor conditionals, with their guards (src/detect/line-guards.ts);
   *  read for kernel hazards, which are not findings and carry no guards of their own. */
  guardRuns?: { from: number; to: number; guards: string[] }[];
  /** `#define cudaX otherX` lines (src/scope/scope.ts shimRenames), for finding shim headers (src/scope/
   *  scoping.ts); absent when none. Never reported. */
  shimRenames?: [from: string, to: string][];
  /** Files with findings: a hash of the decoded text, to find identical copies (src/scope/scoping.ts). */
  contentHash?: string;
  skipped?: SkippedFile;
  /** The encoding the file was decoded from when it is not UTF-8 (`gb18030`, `windows-1252`, `utf-16le`). */
  encoding?: string;
}
