// The Python modules a scanned tree provides itself. `import mamba_ssm` inside mamba, or `import causal_conv1d`
// inside causal-conv1d, is the project importing its own code, not a dependency on a CUDA-only package.
import type { FileResult, Finding } from '../model.js';

/** Top-level module names provided by the tree's .py files: the outermost folder of each package (a folder with
 *  __init__.py whose parent has none) and the .py files at the root of the scan. Paths use forward slashes. */
export function firstPartyModules(pythonFiles: readonly string[]): Set<string> {
  const packages = new Set<string>();
  for (const file of pythonFiles) {
    const slash = file.lastIndexOf('/');
    if (slash > 0 && file.slice(slash + 1) === '__init__.py') packages.add(file.slice(0, slash));
  }
  const modules = new Set<string>();
  for (const dir of packages) {
    const slash = dir.lastIndexOf('/');
    const parent = slash < 0 ? '' : dir.slice(0, slash);
    if (!packages.has(parent)) modules.add(dir.slice(slash + 1));
  }
  for (const file of pythonFiles) {
    if (!file.includes('/') && file.endsWith('.py') && file !== '__init__.py') modules.add(file.slice(0, -'.py'.length));
  }
  return modules;
}

/** The modules provided by the scanned Python files. */
export function firstPartyModulesOf(results: readonly FileResult[]): Set<string> {
  return firstPartyModules(results.filter((r) => r.language === 'python').map((r) => r.file));
}

/** A python-import finding of one of the tree's own modules. */
export function isFirstPartyImport(finding: Pick<Finding, 'kind' | 'name'>, modules: ReadonlySet<string>): boolean {
  return finding.kind === 'python-import' && modules.has(finding.name.split('.')[0]!);
}
