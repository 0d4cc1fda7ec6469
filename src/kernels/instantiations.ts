// Which element types a kernel runs with, from what instantiates it: explicit instantiations, the template
// arguments at its launch sites, and the dispatch macro around a launch (ATen's AT_DISPATCH_* or a
// project's DISPATCH_* read from its #define) when a template argument is the dispatch's type alias.
// A kernel whose body never says `double` is still fp64 when it is instantiated with double.
import type { DispatchCall, DispatchMacro, KernelFeature } from './model.js';

/** AT_DISPATCH_* families and the types each dispatches to (alias `scalar_t`), as in PyTorch's
 *  aten/src/ATen/Dispatch.h (pytorch/pytorch@95e9a6aa73c54b7ae2aba1d89f28f2b884beee40): the _AND* forms
 *  add the ScalarTypes given as arguments, which are read from the call. */
const ATEN_FAMILIES: [RegExp, string[]][] = [
  [/^AT_DISPATCH_FLOATING_AND_COMPLEX_TYPES/, ['double', 'float', 'complex<double>', 'complex<float>']],
  [/^AT_DISPATCH_FLOATING_TYPES_AND_HALF/, ['double', 'float', 'half']],
  [/^AT_DISPATCH_FLOATING_TYPES/, ['double', 'float']],
  [/^AT_DISPATCH_REDUCED_FLOATING_TYPES/, ['half', 'bfloat16']],
  [/^AT_DISPATCH_ALL_TYPES_AND_COMPLEX/, ['uint8_t', 'int8_t', 'int16_t', 'int32_t', 'int64_t', 'double', 'float', 'complex<double>', 'complex<float>']],
  [/^AT_DISPATCH_ALL_TYPES/, ['uint8_t', 'int8_t', 'int16_t', 'int32_t', 'int64_t', 'double', 'float']],
  [/^AT_DISPATCH_INTEGRAL_TYPES/, ['uint8_t', 'int8_t', 'int16_t', 'int32_t', 'int64_t']],
  [/^AT_DISPATCH_COMPLEX_TYPES/, ['complex<double>', 'complex<float>']],
];

const SCALAR_TYPES: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, {
  Double: 'double', Float: 'float', Half: 'half', BFloat16: 'bfloat16', ComplexDouble: 'complex<double>', ComplexFloat: 'complex<float>',
  Long: 'int64_t', Int: 'int32_t', Short: 'int16_t', Char: 'int8_t', Byte: 'uint8_t', Bool: 'bool',
  Float8_e4m3fn: 'fp8', Float8_e5m2: 'fp8', Float8_e4m3fnuz: 'fp8', Float8_e5m2fnuz: 'fp8',
});

/** A type as written → its normalized name, or undefined when it is no element type we know. */
export function elementType(written: string): string | undefined {
  const t = written.replace(/\b(const|volatile)\b/g, '').replace(/\s+/g, '');
  const scalar = /^(?:(?:at|c10)::)?(?:ScalarType::|k)([A-Z]\w*)$/.exec(t);
  if (scalar) return SCALAR_TYPES[scalar[1]!];
  if (t === 'double' || t === 'float' || t === 'bool') return t;
  if (/^(std::|c10::|thrust::|cuda::std::)?complex<double>$/.test(t)) return 'complex<double>';
  if (/^(std::|c10::|thrust::|cuda::std::)?complex<float>$/.test(t)) return 'complex<float>';
  if (/^(half|__half|at::Half|c10::Half|cutlass::half_t|sycl::half)$/.test(t)) return 'half';
  if (/^(__nv_bfloat16|nv_bfloat16|__hip_bfloat16|hip_bfloat16|at::BFloat16|c10::BFloat16|cutlass::bfloat16_t)$/.test(t)) return 'bfloat16';
  if (/^(__nv_fp8_e4m3|__nv_fp8_e5m2|(at|c10)::Float8_e[45]m[23]\w*|cutlass::float_e[45]m[23]_t)$/.test(t)) return 'fp8';
  if (/^(u?int(8|16|32|64)_t|int|unsigned|long|int64_t)$/.test(t)) return t;
  return undefined;
}

/** The top-level comma-separated parts of a template argument or parameter list (`<T, foo<a, b>, 4>`). */
export function templateListParts(templateArgs: string): string[] {
  const inner = templateArgs.trim().replace(/^</, '').replace(/>$/, '');
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let k = 0; k < inner.length; k++) {
    const c = inner[k];
    if (c === '<' || c === '(' || c === '[') depth++;
    else if (c === '>' || c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      out.push(inner.slice(start, k));
      start = k + 1;
    }
  }
  out.push(inner.slice(start));
  return out.map((p) => p.trim()).filter(Boolean);
}

/** The parameter names of a `template <...>` list, in order (`typename T, int N = 4, class... Ts` → T, N, Ts). */
export function templateParamNames(list: string): string[] {
  return templateListParts(list).map((p) => {
    const head = p.split('=')[0]!.trim();
    const m = /([A-Za-z_]\w*)\s*$/.exec(head);
    // `typename` alone (an unnamed parameter) names nothing.
    return m && !/^(typename|class|int|bool|unsigned|size_t|auto)$/.test(m[1]!) ? m[1]! : '';
  });
}

/** Element types written directly in template arguments (`<double, 128>` → double). */
export function typesIn(templateArgs: string, alias?: (name: string) => string | undefined): string[] {
  // A name that is no element type may be an alias of one (`bnb_bfloat16`), where the caller can see it.
  return templateListParts(templateArgs).flatMap((p) => elementType(p) ?? (alias && /^[A-Za-z_][\w:]*$/.test(p) ? alias(p) : undefined) ?? []);
}

/** For one dispatch call around a launch: each type alias it defines and the types the alias takes. */
export function dispatchAliases(call: DispatchCall, project: Map<string, DispatchMacro[]>): { alias: string; types: string[] }[] {
  const family = ATEN_FAMILIES.find(([re]) => re.test(call.macro));
  if (family) {
    const extra = call.args.flatMap((a) => elementType(a) ?? []);
    return [{ alias: 'scalar_t', types: [...new Set([...family[1], ...extra])] }];
  }
  const out = new Map<string, Set<string>>();
  for (const def of project.get(call.macro) ?? []) {
    for (const { alias, type } of def.aliases) {
      const name = alias.replace(/[A-Za-z_]\w*/g, (w) => {
        const k = def.params.indexOf(w);
        return k >= 0 && call.args[k] !== undefined ? call.args[k]!.trim() : w;
      }).replace(/\s*##\s*/g, '');
      const t = elementType(type);
      if (!t) continue;
      const set = out.get(name) ?? new Set<string>();
      set.add(t);
      out.set(name, set);
    }
  }
  return [...out].map(([alias, types]) => ({ alias, types: [...types] }));
}

/** The feature an element type makes (double → fp64), if any. */
export function typeFeature(type: string): KernelFeature | undefined {
  if (type === 'double' || type === 'complex<double>') return 'fp64';
  if (type === 'half') return 'fp16';
  if (type === 'bfloat16') return 'bf16';
  if (type === 'fp8') return 'fp8';
  return undefined;
}

/** At most `max` of a kernel's instantiation evidence, every type it runs with among them (the first of
 *  each type, then the second, ...), in the order given: cutting the sorted list at `max` showed only the
 *  first types of a kernel instantiated 66 times (bitsandbytes' kQuantizeBlockwise: bfloat16 only). */
export function shownInstantiations<T extends { type: string }>(sorted: readonly T[], max: number): T[] {
  if (sorted.length <= max) return [...sorted];
  const byType = new Map<string, T[]>();
  for (const e of sorted) byType.set(e.type, [...(byType.get(e.type) ?? []), e]);
  const kept = new Set<T>();
  for (let round = 0; kept.size < max; round++) {
    for (const list of byType.values()) {
      if (round < list.length && kept.size < max) kept.add(list[round]!);
    }
  }
  return sorted.filter((e) => kept.has(e));
}
