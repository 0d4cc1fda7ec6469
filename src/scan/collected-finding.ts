// The report phase's copy of a finding: one object per finding, with its repeated strings held once.
//
// Why not `{ file, ...f }`: each file's findings arrive from a worker (its JSON text parsed) or from the
// cache (JSON.parse) as fresh objects with fresh strings, so CUTLASS's 92,000 `library-call` kinds were 92,000
// strings, and a spread copy keeps all but its first property in a separate array. With the classified
// copy of each (`{ ...f, status }`) beside it, that was ~50 MB of the report phase's ~120 MB live heap
// (heap snapshot of the bench corpus, bench/README.md). A class gives every finding its fields in the
// object itself, and the pool (src/scan/value-pool.ts) keeps one string and one guard list per value.
//
// The fields are assigned in the order the detectors create them, present ones only, so the JSON report
// (whose key order is this creation order) is byte for byte what the spread gave.
import type { Finding, FindingKind, RawFinding } from '../model.js';
import type { ValuePool } from './value-pool.js';

class CollectedFinding implements Finding {
  declare file: string;
  declare ruleId: string;
  declare name: string;
  declare kind: FindingKind;
  declare line: number;
  declare column: number;
  declare endLine: number;
  declare endColumn: number;
  declare scope?: string;
  declare guards?: string[];
  declare inMacro?: boolean;
  declare deviceCode?: boolean;
  declare detail?: string;
  declare fingerprint?: string;

  constructor(file: string, f: RawFinding, pool: ValuePool) {
    this.file = file;
    this.ruleId = pool.string(f.ruleId);
    this.name = pool.string(f.name);
    this.kind = pool.string(f.kind);
    this.line = f.line;
    this.column = f.column;
    this.endLine = f.endLine;
    this.endColumn = f.endColumn;
    if (f.scope !== undefined) this.scope = pool.string(f.scope);
    if (f.guards !== undefined) this.guards = pool.list(f.guards);
    if (f.inMacro !== undefined) this.inMacro = f.inMacro;
    if (f.deviceCode !== undefined) this.deviceCode = f.deviceCode;
    if (f.detail !== undefined) this.detail = pool.string(f.detail);
    if (f.fingerprint !== undefined) this.fingerprint = f.fingerprint;
  }
}

/** Every field of a RawFinding, which the constructor above copies: the compiler fails here when a field is
 *  added to RawFinding and not listed (and a test checks that each listed field is copied), so no field is
 *  dropped silently. */
export const COPIED_FIELDS: Record<keyof RawFinding, true> = {
  ruleId: true, name: true, kind: true, line: true, column: true, endLine: true, endColumn: true,
  scope: true, guards: true, inMacro: true, deviceCode: true, detail: true, fingerprint: true,
};

/** A file's finding as the report phase keeps it (fields as `{ file, ...f }` would have them). */
export function collectedFinding(file: string, f: RawFinding, pool: ValuePool): Finding {
  return new CollectedFinding(file, f, pool);
}

