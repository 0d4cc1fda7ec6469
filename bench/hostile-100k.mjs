// Bench: a synthetic tree of N files (default 100,000; 10 CUDA findings each) scanned to JSON through the
// built CLI, with wall time and the child's peak RSS. Not a test: timings depend on the machine's load.
// Usage: npm run build && node bench/hostile-100k.mjs [files=100000] [workdir=$TMPDIR]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const files = Number(process.argv[2] ?? 100_000);
const root = mkdtempSync(join(process.argv[3] ?? tmpdir(), 'cuport-100k-'));
const cli = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const body = `#include <cuda_runtime.h>
void f(float* d, size_t n) {
  cudaMalloc(&d, n); cudaMemcpy(d, d, n, cudaMemcpyDeviceToDevice); cudaMemset(d, 0, n);
  cudaDeviceSynchronize(); cudaFree(d); cudaGetLastError(); cudaStreamCreate(0); cudaEventCreate(0);
}
`;
const perDir = 1000;
for (let i = 0; i < files; i++) {
  const dir = join(root, `d${Math.floor(i / perDir)}`);
  if (i % perDir === 0) mkdirSync(dir);
  writeFileSync(join(dir, `f${i}.cu`), body);
}
const out = join(root, '..', `${root.split('/').pop()}.json`);
const started = process.hrtime.bigint();
const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, cli, 'scan', root, '--format', 'json', '--no-config', '-q', '-o', out], { encoding: 'utf8' });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const peakKb = Number(r.stderr.trim().split('\n').pop());
console.log(JSON.stringify({ files, exit: r.status, seconds: Number(seconds.toFixed(1)), peakRssMB: Math.round(peakKb / 1024), reportMB: r.status === 0 ? Number((statSync(out).size / 1e6).toFixed(1)) : null, stderr: r.status ? r.stderr.slice(0, 500) : undefined }));
rmSync(root, { recursive: true, force: true });
rmSync(out, { force: true });
