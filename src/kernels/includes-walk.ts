// What the kernel profiler would record in a file without device code, launch or warp-size name (the
// prefilter's profiler check, src/scan/prefilter.ts), without profiling it: a cursor walk that reads node
// types and descends exactly where the profiler does in host code (profile.ts `enter`: opaque nodes, launch
// bounds, numbers, #define, namespace aliases, #include and #pragma are not descended into). It returns
// - the #include paths, as the profiler records them: the include graph links kernels across files, so a
//   plain header between a .cu file and the .cuh it reaches must still report its includes;
// - the names declared with a value outside any function (file scope, struct members): a superset of the
//   profiler's valueAliases names. When one of them is a device function's callee, or the file names a
//   launcher, the file is profiled after all (src/scan/deferred-profile.ts).
import type { TreeVisitor } from '../parse/walk.js';
import { NOT_CODE, type PassContext } from '../detect/pass-context.js';
import { declaredName } from './checks/syntax.js';
import type { IncludeSite } from './model.js';

const NOT_DESCENDED = new Set([
  ...NOT_CODE, 'launch_bounds', 'number_literal', 'preproc_def', 'preproc_function_def', 'namespace_alias_definition', 'preproc_include', 'preproc_call',
]);

export interface HostFileScan {
  includes: string[];
  includeSites: IncludeSite[];
  /** Names declared with an initializer or default member value outside every function, sorted. */
  fileScopeValues: string[];
}

export function hostFileVisitor(pass: PassContext): { visitor: TreeVisitor; finish: () => HostFileScan } {
  const { cursor } = pass;
  const includeSites: IncludeSite[] = [];
  const values = new Set<string>();
  const functionDepths: number[] = [];
  const enter = (depth: number, type: string): boolean => {
    if (type === 'preproc_include') {
      const include = pass.include();
      if (include?.literal) includeSites.push({ path: include.path, offset: cursor.startIndex });
    } else if (type === 'function_definition') {
      functionDepths.push(depth);
    } else if ((type === 'declaration' || type === 'field_declaration') && functionDepths.length === 0) {
      const node = cursor.currentNode;
      for (const decl of node.childrenForFieldName('declarator')) {
        const value = decl.type === 'init_declarator' ? decl.childForFieldName('value') : (type === 'field_declaration' ? node.childForFieldName('default_value') : null);
        const name = value ? declaredName(decl) : undefined;
        if (name) values.add(name);
      }
    }
    return !NOT_DESCENDED.has(type);
  };
  const leave = (depth: number) => {
    while (functionDepths.length && functionDepths[functionDepths.length - 1]! >= depth) functionDepths.pop();
  };
  return { visitor: { enter, leave }, finish: () => ({ includes: includePaths(includeSites), includeSites, fileScopeValues: [...values].sort() }) };
}

/** FileKernelScan.includes from the include sites: each path once, sorted (the link and the scoping read
 *  it as a set; the sites keep the text order). */
export function includePaths(sites: readonly IncludeSite[]): string[] {
  return [...new Set(sites.map((s) => s.path))].sort();
}
