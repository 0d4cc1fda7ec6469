// Where a CUDA kernel can go on Ascend instead of a hand rewrite, chosen by what the kernel does, not by its
// name: the name "gaMMa" (a layer-norm gradient) is no GEMM, and `kdequant_mm_int32_fp16` is an elementwise
// dequantisation, not a matmul. What a kernel does is read from its profile: its features (tensor cores,
// shared memory, warp intrinsics, atomics) and what it and its callees call (expf, fmaxf, rsqrtf, tanhf,
// __shfl_xor_sync), grouped into facts by rules/kernels/hazards.yaml `ascendAlternatives.facts`. An aclnn
// operator is offered when every one of its `needs` holds and none of its `unless` does; its optional
// `name` only chooses between operators the facts already fit (RmsNorm vs LayerNorm), it never adds one.
import type { AscendAlternative, KernelFeature, KernelProfile } from './model.js';
import type { AscendAlternativeRules } from './hazard-rules.js';

/** The facts a kernel shows: its feature names plus each call group some call of it belongs to. */
export function kernelFacts(p: KernelProfile, rules: Pick<AscendAlternativeRules, 'facts'>): Set<string> {
  const out = new Set<string>();
  for (const [f, s] of Object.entries(p.features)) if (s && s.count > (s.possible ?? 0)) out.add(f);
  const calls = new Set(p.calls ?? []);
  for (const [fact, names] of Object.entries(rules.facts)) if (names.some((n) => calls.has(n))) out.add(fact);
  return out;
}

/** `a|b` holds when one of a, b does. */
const holds = (facts: Set<string>, term: string) => term.split('|').some((t) => facts.has(t.trim()));

export function ascendAlternatives(name: string, p: KernelProfile, a: AscendAlternativeRules): { alternatives: AscendAlternative[]; noOperator?: string } {
  const out: AscendAlternative[] = [];
  const facts = kernelFacts(p, a);
  const has = (f: KernelFeature) => facts.has(f);
  const fitting = a.aclnn.operators.filter((o) => o.needs.every((t) => holds(facts, t)) && !o.unless.some((t) => holds(facts, t)));
  // Most specific first in the rules file; a name-narrowed entry wins only over entries with the same needs.
  const named = fitting.find((o) => o.name?.test(name));
  const op = named ?? fitting.find((o) => !o.name);
  if (op) out.push({ kind: 'aclnn', suggestion: op.operator, why: `${op.why} (shows ${op.needs.map((t) => t.split('|').filter((x) => facts.has(x.trim())).join('+')).join(', ')})${named ? ` (name "${name}" chooses ${op.operator})` : ''}`, source: a.aclnn.source });
  const gemmFeatures = a.catlass.features.filter(has);
  if (gemmFeatures.length) out.push({ kind: 'catlass', suggestion: 'CATLASS GEMM templates', why: `GEMM-like: uses ${gemmFeatures.join(', ')}`, source: a.catlass.source });
  const tritonBlock = a.tritonAscend.blockedBy.filter(has);
  if (!tritonBlock.length) {
    out.push({ kind: 'triton-ascend', suggestion: 'a Triton kernel for triton-ascend', why: 'no PTX, grid sync, device launches, textures or clusters; keep the grid within the AI-core count, num_warps/num_stages do not apply', source: a.tritonAscend.source });
  }
  const simtBlock = a.ascendCSimt.blockedBy.filter(has);
  if (!simtBlock.length) {
    out.push({ kind: 'ascend-c-simt', suggestion: 'Ascend C SIMT API (Ascend 950 only)', why: 'no PTX, tensor cores, textures, clusters or device launches: a near line-by-line SIMT port on 950', source: a.ascendCSimt.source });
  }
  if (op || gemmFeatures.length) return { alternatives: out };
  const shown = [...facts].sort();
  return { alternatives: out, noOperator: `no aclnn operator or CATLASS template fits what the kernel does (${shown.length ? shown.join(', ') : 'no recorded feature or known call'})` };
}
