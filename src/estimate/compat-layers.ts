// Compatibility layers (rules/compat/layers.yaml): vendor software that makes CUDA-named code run
// unchanged on a target (torch_npu's transfer_to_npu on CANN, torchada on MUSA). A report prices the port
// with and without the layer: the findings a layer covers cost verification only when it is used.
import { join } from 'node:path';
import { STATUSES, TARGETS, type Status, type Target } from '../model.js';
import { lineOf, parseYamlFile, RuleFileError } from '../rules/load.js';

export interface CompatLayer {
  name: string;
  /** A key of rules/sources.yaml. */
  source: string;
  ref: string;
  /** Dotted rule-id prefixes the layer maps. */
  rules: string[];
  /** Verdict sources whose renames are the layer's own tables. */
  verdictSources: string[];
  /** The verdicts it can map; anything else stays to be ported by hand. */
  statuses: Status[];
  /** What the layer leaves, in words, for the report. */
  leaves: string;
}

export type CompatLayers = Partial<Record<Target, CompatLayer>>;

export function loadCompatLayers(rulesDir: string, sourceKeys: ReadonlySet<string>, file = join(rulesDir, 'compat', 'layers.yaml')): CompatLayers {
  const parsed = parseYamlFile(file);
  const data = parsed.data as { version?: unknown; layers?: Record<string, Record<string, unknown>> };
  const fail = (path: string[], problem: string) => new RuleFileError(file, lineOf(parsed, path), path.join('.'), problem);
  if (data?.version !== 1) throw fail(['version'], 'must be 1');
  const out: CompatLayers = {};
  for (const [target, layer] of Object.entries(data.layers ?? {})) {
    const at = (key: string) => ['layers', target, key];
    if (!(TARGETS as readonly string[]).includes(target)) throw fail(['layers', target], `unknown target "${target}"`);
    const text = (key: string) => {
      if (typeof layer[key] !== 'string' || !layer[key]) throw fail(at(key), 'must be a non-empty string');
      return layer[key] as string;
    };
    const list = (key: string) => {
      const v = layer[key] ?? [];
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw fail(at(key), 'must be a list of strings');
      return v as string[];
    };
    const source = text('source');
    if (!sourceKeys.has(source)) throw fail(at('source'), `unknown source "${source}" (not in rules/sources.yaml)`);
    const statuses = list('statuses');
    for (const s of statuses) if (!(STATUSES as readonly string[]).includes(s)) throw fail(at('statuses'), `unknown status "${s}"`);
    out[target as Target] = { name: text('name'), source, ref: text('ref'), rules: list('rules'), verdictSources: list('verdictSources'), statuses: statuses as Status[], leaves: text('leaves') };
  }
  return out;
}

/** Whether a layer covers a finding: a rule it maps (or a rename from its own tables) with a verdict it can map. */
export function layerCovers(layer: CompatLayer, ruleId: string, status: Status, verdictSource: string | undefined): boolean {
  if (!layer.statuses.includes(status)) return false;
  const byRule = layer.rules.some((p) => ruleId === p || ruleId.startsWith(`${p}.`));
  return byRule || (verdictSource !== undefined && layer.verdictSources.includes(verdictSource));
}
