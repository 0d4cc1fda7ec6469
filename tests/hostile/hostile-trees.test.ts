// Hostile trees built at test time, scanned end to end through the built CLI. Each case checks the exit
// code, the skip reason, that files scanned + skipped = files present, and that nothing outside the tree
// was opened: every open is logged (open-log.mjs, through traced.ts), and a sentinel file outside holds a
// CUDA name that must not reach the report.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTraced } from './traced.js';

const SENTINEL = 'cudaSentinelOutsideTheTree';

/** The CLI on `root`: nothing may be opened outside it (nor outside cuport's own files). */
function run(args: string[], root: string) {
  const r = runTraced(args, [root]);
  expect(r.outside).toEqual([]);
  return r;
}

function fresh(files: Record<string, string | Buffer> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'cuport-hostile-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const outside = fresh({ 'secret.cu': `void s() { ${SENTINEL}(); }\n`, 'secret.gitignore': '*.cu\n' });

interface JsonReport {
  summary: { filesScanned: number; filesSkipped: number };
  files: { file: string; encoding?: string }[];
  skipped: { file: string; reason: string; message: string }[];
  findings: { file: string; name: string; line: number }[];
}

function scanJson(root: string, extra: string[] = [], tree = root) {
  const r = run(['scan', root, '--format', 'json', '--no-config', ...extra], tree);
  expect(r.signal).toBeNull();
  expect(r.stdout).not.toContain(SENTINEL);
  return { ...r, report: r.code === 0 ? (JSON.parse(r.stdout) as JsonReport) : undefined };
}

const reasons = (report: JsonReport) => report.skipped.map((s) => `${s.file}:${s.reason}`);
const scannedPlusSkipped = (report: JsonReport) => report.summary.filesScanned + report.summary.filesSkipped;

const servers: Server[] = [];
afterAll(() => servers.forEach((s) => s.close()));

describe('hostile trees', () => {
  it('a FIFO named like a source and a FIFO .gitignore never block the scan', () => {
    const root = fresh({ 'a.cu': 'void f() { cudaMalloc(0, 0); }\n' });
    execFileSync('mkfifo', [join(root, 'pipe.cu'), join(root, '.gitignore')]);
    const { code, report } = scanJson(root);
    expect(code).toBe(0);
    expect(reasons(report!)).toEqual(['.gitignore:special-file', 'pipe.cu:special-file']);
    expect(report!.summary.filesScanned).toBe(1);
    expect(scannedPlusSkipped(report!)).toBe(3);
    expect(report!.findings.map((f) => f.name)).toEqual(['cudaMalloc']);
  });

  it('a unix socket is skipped as a special file', async () => {
    const root = fresh({ 'a.cu': 'int x;\n' });
    const server = createServer();
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(join(root, 'sock.cu'), resolve));
    const { code, report } = scanJson(root);
    expect(code).toBe(0);
    expect(reasons(report!)).toEqual(['sock.cu:special-file']);
    expect(scannedPlusSkipped(report!)).toBe(2);
  });

  it('symlinks to /dev/zero and to a file outside the tree are skipped, not read', () => {
    const root = fresh({ 'a.cu': 'int x;\n' });
    symlinkSync('/dev/zero', join(root, 'zero.cu'));
    symlinkSync(join(outside, 'secret.cu'), join(root, 'secret.cu'));
    symlinkSync(join(outside, 'secret.gitignore'), join(root, '.gitignore'));
    const { code, report } = scanJson(root);
    expect(code).toBe(0);
    // The .gitignore link is refused (its "*.cu" would otherwise hide a.cu).
    expect(reasons(report!)).toEqual(['.gitignore:symlink', 'secret.cu:symlink', 'zero.cu:symlink']);
    expect(report!.summary.filesScanned).toBe(1);
    expect(scannedPlusSkipped(report!)).toBe(4); // a.cu, secret.cu, zero.cu and the .gitignore cuport refused to open
  });

  it('under --follow-symlinks a /dev/zero link is a special file and loops end by device+inode', () => {
    const root = fresh({ 'a/k.cu': 'void f() { cudaFree(0); }\n' });
    symlinkSync('..', join(root, 'a', 'up'));
    symlinkSync('.', join(root, 'a', 'self'));
    symlinkSync('/dev/zero', join(root, 'zero.cu'));
    const { code, report } = scanJson(root, ['--follow-symlinks']);
    expect(code).toBe(0);
    expect(report!.files.map((f) => f.file)).toEqual(['a/k.cu']);
    expect(report!.findings.map((f) => `${f.file}:${f.name}`)).toEqual(['a/k.cu:cudaFree']);
    expect(reasons(report!)).toEqual(['a/self:symlink', 'a/up:symlink', 'zero.cu:special-file']);
    expect(scannedPlusSkipped(report!)).toBe(4);
  });

  it('the open log is not vacuous: under --follow-symlinks a link out of the tree is read, and the log shows it', () => {
    const root = fresh({ 'a.cu': 'int x;\n' });
    symlinkSync(join(outside, 'secret.cu'), join(root, 'secret.cu'));
    const r = runTraced(['scan', root, '--format', 'json', '--no-config', '--no-cache', '--follow-symlinks'], [root]);
    expect(r.code).toBe(0);
    expect(r.outside).toEqual([realpathSync(join(outside, 'secret.cu'))]);
    expect(r.stdout).toContain(SENTINEL);
  });

  it('a symlink, FIFO or device named on the command line is an error, not "Scanned 0 files"', () => {
    const root = fresh({ 'real.cu': 'int x;\n' });
    symlinkSync(join(root, 'real.cu'), join(root, 'link.cu'));
    execFileSync('mkfifo', [join(root, 'pipe.cu')]);
    for (const [path, message] of [[join(root, 'link.cu'), /symbolic link/], [join(root, 'pipe.cu'), /FIFO/], ['/dev/null', /character device/]] as const) {
      const r = run(['scan', path, '--no-config'], root);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });

  it('two non-UTF-8 (GBK) file names stay two entries, shown escaped', () => {
    const root = fresh();
    // 中文.cu and 测试.cu in GBK: not valid UTF-8.
    for (const name of [[0xd6, 0xd0, 0xce, 0xc4], [0xb2, 0xe2, 0xca, 0xd4]]) {
      writeFileSync(Buffer.concat([Buffer.from(root + '/'), Buffer.from(name), Buffer.from('.cu')]), 'void f() { cudaMalloc(0, 0); }\n');
    }
    const { code, report } = scanJson(root);
    expect(code).toBe(0);
    expect(report!.files.map((f) => f.file)).toEqual(['\\xB2\\xE2\\xCA\\xD4.cu', '\\xD6\\xD0\\xCE\\xC4.cu']);
    expect(report!.findings).toHaveLength(2);
    expect(report!.skipped).toEqual([]);
    expect(scannedPlusSkipped(report!)).toBe(2);
  });

  it('GBK, cp1252 and UTF-16 sources are decoded and scanned, with the encoding noted; CR-only lines are counted', () => {
    const call = 'void f() { cudaMalloc(0, 0); }';
    const root = fresh({
      'gbk.cu': Buffer.concat([Buffer.from('// '), Buffer.from([0xd6, 0xd0, 0xce, 0xc4, 0xd7, 0xa2, 0xca, 0xcd]), Buffer.from(`\n${call}\n`)]),
      'cp1252.cu': Buffer.concat([Buffer.from('const char* s = "caf'), Buffer.from([0xe9]), Buffer.from(`";\n${call}\n`)]),
      'utf16.cu': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`// x\n${call}\n`, 'utf16le')]),
      'cr.cu': `// one\r// two\r${call}\r`,
      'bin.cu': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1]),
    });
    const { code, report } = scanJson(root);
    expect(code).toBe(0);
    expect(Object.fromEntries(report!.files.map((f) => [f.file, f.encoding ?? 'utf-8']))).toEqual({
      'cp1252.cu': 'windows-1252', 'cr.cu': 'utf-8', 'gbk.cu': 'gb18030', 'utf16.cu': 'utf-16le',
    });
    expect(report!.findings.map((f) => `${f.file}:${f.name}@${f.line}`)).toEqual([
      'cp1252.cu:cudaMalloc@2', 'cr.cu:cudaMalloc@3', 'gbk.cu:cudaMalloc@2', 'utf16.cu:cudaMalloc@2',
    ]);
    expect(reasons(report!)).toEqual(['bin.cu:binary']);
    expect(scannedPlusSkipped(report!)).toBe(5);
  });

  it('in a git work tree, tracked files are scanned whatever .gitignore says; a subfolder scan honours the root .gitignore', () => {
    const root = fresh({ '.gitignore': '*.cuh\n', 'src/tracked.cuh': 'void f() { cudaFree(0); }\n', 'src/a.cu': 'int x;\n' });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: root, stdio: 'ignore' });
    git('init', '-q');
    git('add', '-f', '.gitignore', 'src/tracked.cuh', 'src/a.cu');
    writeFileSync(join(root, 'src', 'untracked.cuh'), 'void g() { cudaMalloc(0, 0); }\n');
    const whole = scanJson(root).report!;
    expect(whole.files.map((f) => f.file)).toEqual(['src/a.cu', 'src/tracked.cuh']);
    // Present: the two sources git tracks; untracked.cuh is excluded by .gitignore, not lost.
    expect(scannedPlusSkipped(whole)).toBe(2);
    // The subfolder's scan reads the work tree's .gitignore and .git/index: its tree is the work tree.
    const sub = scanJson(join(root, 'src'), [], root).report!;
    expect(sub.files.map((f) => f.file)).toEqual(['a.cu', 'tracked.cuh']);
    expect(scannedPlusSkipped(sub)).toBe(2);
  });
});

describe('limits', () => {
  it('a Python file with 50k nested lists is skipped as too-deep, not an internal error; the scan goes on', () => {
    const root = fresh({ 'deep.py': `x = ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`, 'ok.py': 'import torch\ntorch.cuda.synchronize()\n' });
    const { code, report } = scanJson(root);
    expect(code).toBe(0);
    expect(reasons(report!)).toEqual(['deep.py:too-deep']);
    expect(report!.files.map((f) => f.file)).toEqual(['ok.py']);
    expect(scannedPlusSkipped(report!)).toBe(2);
  });

  it('a file too deep for the calling thread but not for a worker reports the same alone as among many', () => {
    // 5,000 nested lists overflow V8's ~1 MB main-thread stack but not a worker's 4 MB: a small scan runs in
    // the calling thread (src/scan/pool.ts scanPlan) and must retry such a file on a worker.
    const deep = `x = ${'['.repeat(5_000)}${']'.repeat(5_000)}\n`;
    const alone = scanJson(fresh({ 'deep.py': deep })).report!;
    expect(reasons(alone)).toEqual([]);
    expect(alone.files.map((f) => f.file)).toEqual(['deep.py']);
    const others = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`ok${i}.py`, 'import torch\ntorch.cuda.synchronize()\n']));
    const many = scanJson(fresh({ 'deep.py': deep, ...others })).report!;
    expect(reasons(many)).toEqual([]);
    expect(many.files.find((f) => f.file === 'deep.py')).toEqual(alone.files[0]);
  });
});
