// The byte-level prefilter: one regular-expression pass over a C/C++/CUDA file's text that says whether
// the detector or the kernel profiler could find anything in it. A file that fails is still parsed (its
// parse errors are reported) but not walked: walking is most of a scan's cost, and a third of a CUDA
// project's bytes are plain C++ with no CUDA token at all.
//
// Sound by construction: every trigger is derived from what produces a finding, never a hand list of
// "CUDA-looking" words.
// - Rule names: a C/C++ rule matches a name only when the name's text is the rule's name (identifiers,
//   macro-body tokens) or, for a qualified rule (`at::cuda::getCurrentCUDAStream`), when every segment is
//   written in the file (aliases and `using namespace` are resolved from the file's own text): any one
//   segment is a trigger, the longest is taken. Include rules match the path as written.
// - `unrecognized` patterns (rules/unrecognized.yaml) are regular expressions anchored on a whole name:
//   the pattern without its anchors matches inside the text wherever it matches a name. A qualified
//   pattern (`^(at|c10|torch)::cuda::`) is split at `::` and one piece kept, as above.
// - Construct tokens (rules/cuda-constructs.yaml) are emitted by the detector on syntax, not on their
//   rule names: CONSTRUCT_TRIGGERS says which source text each one needs (tests/prefilter.test.ts fails
//   on a construct rule without an entry).
// - The kernel profiler records kernels, launches and warp-size constants only where the text has
//   `__global__`/`__device__`, `<<<`, a launch or attribute API, or a warp-size name (PROFILER_TRIGGERS).
//   What it records elsewhere (includes, calls that might pass a kernel to a launcher, file-level function
//   aliases) is recovered exactly: includes by a cheap cursor walk (src/kernels/includes-walk.ts), the
//   rest by profiling the file again after the scan when it names a launcher or a device function's
//   callee (src/scan/deferred-profile.ts).
// A line continuation (backslash-newline) can splice a name out of two lines: such a file always passes.
// CUPORT_PREFILTER=0 in the environment turns the prefilter off (every file is walked), to compare.
import { LIBRARY_QUALIFIER_MACROS } from '../detect/macro-table.js';
import type { MatchTable } from '../rules/match-table.js';
import { ATTRIBUTE_APIS } from '../kernels/profile.js';
import { LAUNCH_APIS } from '../kernels/launch-read.js';
import { detectorTriggers, escape } from './prefilter-triggers.js';


/** The profiler's own triggers beyond the detector's (src/kernels/profile.ts). WARP_SIZE_NAME's spellings
 *  (WARP_SIZE, kWarpSize, warp_size, WARP_SZ, ...) all contain "warp" in some case. Library qualifier
 *  macros (CUTLASS_DEVICE, C10_HOST_DEVICE, ...) declare device code without `__device__` in the file. */
const PROFILER_WORDS = ['__global__', '__device__', '<<<', ...LIBRARY_QUALIFIER_MACROS];
const WARP_WORD = '[Ww][Aa][Rr][Pp]';

export interface Prefilter {
  /** Whether the detector could report anything (a finding, a kernel, a defined CUDA-looking name). */
  detector(text: string): boolean;
  /** Whether the kernel profiler could record a device function, launch, attribute or warp-size constant. */
  profiler(text: string): boolean;
}

const PASS_ALL: Prefilter = { detector: () => true, profiler: () => true };

export function prefilterDisabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CUPORT_PREFILTER === '0';
}

/** The prefilter for a match table; everything passes when it is disabled or a trigger cannot be derived. */
export function buildPrefilter(table: MatchTable, disabled = prefilterDisabled()): Prefilter {
  if (disabled) return PASS_ALL;
  // The build stores the built-in table's triggers with it (src/rules/compiled.ts); a table built at run time
  // (a .cuport.yaml adding rules) has none, and they are derived here.
  const detectorSources = table.detectorTriggers !== undefined ? table.detectorTriggers : detectorTriggers(table);
  if (!detectorSources) return PASS_ALL;
  const detector = new RegExp(detectorSources.join('|'));
  const profiler = new RegExp([...PROFILER_WORDS.map(escape), ...[...Object.keys(LAUNCH_APIS), ...ATTRIBUTE_APIS].map(escape), WARP_WORD].join('|'));
  const spliced = (text: string) => text.includes('\\\n') || text.includes('\\\r');
  return {
    detector: (text) => spliced(text) || detector.test(text),
    profiler: (text) => spliced(text) || profiler.test(text),
  };
}
