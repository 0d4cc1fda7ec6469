// Compatibility layers (rules/compat/layers.yaml): the port priced with and without transfer_to_npu /
// torchada, what each covers and leaves, and the loader's checks.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { layerCovers, loadCompatLayers } from '../src/estimate/compat-layers.js';
import { loadSources } from '../src/rules/load.js';
import { scan } from '../src/scan/scan.js';
import { RULES_DIR, tempTree } from './helpers.js';

const sources = new Set(Object.keys(loadSources(RULES_DIR)));

const tree = (files: Record<string, string>) => tempTree(files, 'cuport-compat-');

describe('compatibility layers', () => {
  it('load with sourced layers for CANN and MUSA only, each naming what it leaves', () => {
    const layers = loadCompatLayers(RULES_DIR, sources);
    expect(Object.keys(layers).sort()).toEqual(['cann', 'musa']);
    for (const l of Object.values(layers)) {
      expect(sources).toContain(l!.source);
      expect(l!.leaves.length).toBeGreaterThan(20);
    }
    const cann = layers.cann!;
    expect(layerCovers(cann, 'torch.cuda.synchronize', 'rename', undefined)).toBe(true);
    expect(layerCovers(cann, 'torch.cuda.synchronize', 'unknown', undefined)).toBe(false); // no mapping to run
    expect(layerCovers(cann, 'torch.cudax', 'rename', undefined)).toBe(false); // a prefix is a dotted prefix
    expect(layerCovers(cann, 'cudart.cudaMalloc', 'rename', undefined)).toBe(false);
    expect(layerCovers(layers.musa!, 'cudart.cudaMalloc', 'rename', 'musa-torchada')).toBe(true); // torchada's own table
  });

  it('prices a PyTorch script with the layer: the calls it maps run unchanged, the rest is still ported', async () => {
    const dir = tree({
      'train.py': 'import torch\nx = torch.zeros(4).cuda()\ntorch.cuda.synchronize()\ndev = torch.device("cuda")\nprint(torch.backends.cudnn.version())\n',
    });
    const report = await scan({ paths: [dir], targets: ['cann', 'dcu'], rulesDir: RULES_DIR, jobs: 0 });
    const cann = report.targetSummaries.cann!;
    expect(cann.compatLayer).not.toBeNull();
    expect(cann.compatLayer!.name).toBe('torch_npu transfer_to_npu');
    expect(cann.compatLayer!.covered).toBeGreaterThanOrEqual(3);
    expect(cann.compatLayer!.covered).toBeLessThan(cann.compatLayer!.of); // torch.backends.cudnn is left
    expect(cann.compatLayer!.total[1]).toBeLessThan(cann.estimate.total[1]);
    expect(report.targetSummaries.dcu!.compatLayer).toBeNull(); // ROCm PyTorch: torch.cuda is native already
  });

  it('rejects a layer citing an unknown source or status, with file, line and field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cuport-compat-'));
    mkdirSync(join(dir, 'compat'));
    const text = readFileSync(join(RULES_DIR, 'compat', 'layers.yaml'), 'utf8');
    writeFileSync(join(dir, 'compat', 'layers.yaml'), text.replace('source: cann-torch_npu', 'source: nowhere'));
    const line = text.split('\n').findIndex((l) => l.includes('source: cann-torch_npu')) + 1;
    expect(() => loadCompatLayers(dir, sources)).toThrow(new RegExp(`layers\\.yaml:${line}.*layers\\.cann\\.source.*unknown source "nowhere"`));
    writeFileSync(join(dir, 'compat', 'layers.yaml'), text.replace('statuses: [native, rename]', 'statuses: [native, renamed]'));
    expect(() => loadCompatLayers(dir, sources)).toThrow(/unknown status "renamed"/);
  });
});
