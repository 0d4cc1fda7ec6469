// A kernel's shared memory against each target's per-block limit, where a public source states one
// (rules/kernels/hazards.yaml `sharedMemoryLimits`, per target and product). Where none does the report
// says so instead of guessing; a kernel whose computable bytes exceed a stated limit gets a
// `shared-memory-limit` hazard (adapt: the tiling is redone to fit). Bytes that cannot be computed
// (`unsized` arrays, a non-constant dynamic size) can only make the use larger, so an excess is certain and
// a fit is not: `fits` is then left out.
import { TARGETS, unknownProduct, type Status, type Target } from '../model.js';
import type { KernelHazard } from './model.js';
import type { SharedMemory } from './shared-memory.js';

export interface SharedMemoryLimit {
  bytes: number;
  /** Which bytes the limit bounds: static __shared__ arrays only, or those plus the dynamic size. */
  counts: 'static' | 'static+dynamic';
  confidence: 'confirmed' | 'inferred';
  source: string;
  ref: string;
}

export interface TargetLimits {
  /** Why the question does not arise on the target's base products (CANN A2/A3: no SIMT). */
  none?: string;
  /** The base limit (no product chosen). */
  limit?: SharedMemoryLimit;
  products: Record<string, SharedMemoryLimit>;
}

export type SharedMemoryLimits = Partial<Record<Target, TargetLimits>>;

/** What the report says of one kernel on one target. */
export type SharedMemoryFit =
  | (SharedMemoryLimit & { product?: string; usedBytes: number; instantiation?: string; exceeds: boolean; fits?: true })
  | { noLimit: string };

/** The loader's field readers (src/kernels/hazard-rules.ts), so that this section's mistakes read like the
 *  rest of the file's: `fail(path, problem)` is the file:line:field error. */
export interface SectionReaders {
  fail: (path: string[], problem: string) => Error;
  object: (value: unknown, path: string[]) => Record<string, unknown>;
  text: (value: unknown, path: string[]) => string;
  source: (value: unknown, path: string[]) => string;
}

/** Parses the YAML section `sharedMemoryLimits` (absent: no limits). */
export function parseSharedMemoryLimits(raw: unknown, { fail, object, text, source }: SectionReaders): SharedMemoryLimits {
  const out: SharedMemoryLimits = {};
  if (raw === undefined) return out;
  const limit = (v: unknown, path: string[]): SharedMemoryLimit => {
    const o = object(v, path);
    for (const k of Object.keys(o)) if (!['bytes', 'counts', 'confidence', 'source', 'ref'].includes(k)) throw fail([...path, k], 'unknown field');
    if (!Number.isInteger(o.bytes) || (o.bytes as number) <= 0) throw fail([...path, 'bytes'], 'must be a positive integer');
    if (o.counts !== 'static' && o.counts !== 'static+dynamic') throw fail([...path, 'counts'], 'must be static or static+dynamic');
    if (o.confidence !== 'confirmed' && o.confidence !== 'inferred') throw fail([...path, 'confidence'], 'must be confirmed or inferred');
    return { bytes: o.bytes as number, counts: o.counts, confidence: o.confidence, source: source(o.source, [...path, 'source']), ref: text(o.ref, [...path, 'ref']) };
  };
  for (const [target, value] of Object.entries(object(raw, ['sharedMemoryLimits']))) {
    const path = ['sharedMemoryLimits', target];
    if (!(TARGETS as readonly string[]).includes(target)) throw fail(path, `unknown target (one of ${TARGETS.join(', ')})`);
    const entry: TargetLimits = { products: {} };
    for (const [k, v] of Object.entries(object(value, path))) {
      if (k === 'none') entry.none = text(v, [...path, k]);
      else if (k === 'limit') entry.limit = limit(v, [...path, k]);
      else if (k === 'products') {
        for (const [product, pv] of Object.entries(object(v, [...path, k]))) {
          const bad = unknownProduct(target as Target, product);
          if (bad) throw fail([...path, k, product], bad);
          entry.products[product] = limit(pv, [...path, k, product]);
        }
      } else throw fail([...path, k], 'unknown field');
    }
    out[target as Target] = entry;
  }
  return out;
}

/** The kernel's shared memory against the target's limit for the chosen product (or the base one). */
export function sharedMemoryFit(target: Target, product: string | undefined, smem: SharedMemory | undefined, limits: SharedMemoryLimits): SharedMemoryFit | undefined {
  if (!smem) return undefined;
  const entry = limits[target];
  const limit = (product ? entry?.products[product] : undefined) ?? entry?.limit;
  if (!limit) {
    if (entry?.none && !(product && entry.products[product])) return { noLimit: entry.none };
    const recorded = Object.keys(entry?.products ?? {});
    const hint = !product && recorded.length ? ` (recorded for ${recorded.join(', ')}: choose one with --target ${target}:PRODUCT)` : '';
    return { noLimit: `no public source states a per-block shared memory limit for ${target}${product ? ` ${product}` : ''}${hint}` };
  }
  // A template kernel sized per instantiation is judged by its largest known instantiation.
  const worst = (smem.instantiations ?? []).reduce<{ templateArgs: string; staticBytes: number } | undefined>((a, i) => (!a || i.staticBytes > a.staticBytes ? i : a), undefined);
  const staticBytes = worst ? Math.max(worst.staticBytes, smem.staticBytes) : smem.staticBytes;
  const usedBytes = staticBytes + (limit.counts === 'static+dynamic' ? smem.dynamicBytes ?? 0 : 0);
  const exceeds = usedBytes > limit.bytes;
  // Arrays of unknown size add bytes the sum does not hold: a fit is only certain when every array was sized
  // (directly, or per instantiation, which lists only argument lists under which every array evaluates).
  const certainFit = !exceeds && (smem.unsized === 0 || worst !== undefined);
  return { ...limit, ...(product ? { product } : {}), usedBytes, ...(worst ? { instantiation: worst.templateArgs } : {}), exceeds, ...(certainFit ? { fits: true as const } : {}) };
}

/** The hazard of a kernel over its target's limit, or none. */
export function sharedMemoryHazard(target: Target, fit: SharedMemoryFit | undefined, where: string): KernelHazard | undefined {
  if (!fit || 'noLimit' in fit || !fit.exceeds) return undefined;
  const status: Status = 'adapt';
  const what = fit.counts === 'static' ? 'static shared memory' : 'shared memory (static + dynamic)';
  return {
    feature: 'shared-memory-limit',
    status,
    reason: `${target.toUpperCase()}${fit.product ? ` ${fit.product}` : ''}: the kernel at ${where} uses ${fit.usedBytes} bytes of ${what}, over the ${fit.bytes}-byte per-block limit${fit.confidence === 'inferred' ? ' (inferred)' : ''}; the tiling is redone to fit`,
    locations: [where],
    count: 1,
    source: fit.source,
  };
}
