// A launch as written at one node of the profiler's walk: `k<<<grid, block, smem, stream>>>(...)` (its
// kernel_call_syntax node) or a launch API call (`cudaLaunchKernel(k, grid, block, args, smem, stream)`).
// Read once for the profiler's LaunchSite list (../profile.ts) and for checks/device-launches.ts, which
// records a launch from device code as dynamic parallelism. Pure: a function of the nodes it is given.
import { nameTable, stripTemplateArgs } from '../detect/cpp-matcher.js';
import { macroLaunchTarget } from '../detect/macro-tokens.js';
import type { ChevronRead } from '../detect/pass-context.js';
import { calleeName, snippet, type Node } from './checks/syntax.js';
import type { DispatchCall, LaunchSite, LaunchVia } from './model.js';

export interface LaunchRead {
  /** Where the launch is reported: the call (the `<<<...>>>` itself when its callee is unreadable). */
  readonly node: Node;
  /** The kernel's name as written (a CUfunction handle resolved to its kernel); aliases are the profiler's. */
  readonly kernel: string;
  readonly templateArgs: string | undefined;
  readonly via: LaunchVia;
  readonly config: LaunchSite['config'];
}

/** Launch APIs → index of the kernel argument and of grid, block, shared memory, stream. */
export const LAUNCH_APIS: Record<string, { kernel: number; grid?: number[]; block?: number[]; sharedMem?: number; stream?: number }> = nameTable({
  cudaLaunchKernel: { kernel: 0, grid: [1], block: [2], sharedMem: 4, stream: 5 },
  cudaLaunchCooperativeKernel: { kernel: 0, grid: [1], block: [2], sharedMem: 4, stream: 5 },
  cudaLaunchKernelEx: { kernel: 1 },
  cudaLaunchKernelExC: { kernel: 1 },
  cuLaunchKernel: { kernel: 0, grid: [1, 2, 3], block: [4, 5, 6], sharedMem: 7, stream: 8 },
  cuLaunchCooperativeKernel: { kernel: 0, grid: [1, 2, 3], block: [4, 5, 6], sharedMem: 7, stream: 8 },
  cuLaunchKernelEx: { kernel: 1 },
  hipLaunchKernelGGL: { kernel: 0, grid: [1], block: [2], sharedMem: 3, stream: 4 },
});
/** The dispatch macro calls around a launch, outermost first (`AT_DISPATCH_*`, a project `DISPATCH_*`). */
export function dispatchContext(node: Node): { dispatch?: DispatchCall[] } {
  const out: DispatchCall[] = [];
  for (let up = node.parent, guard = 0; up && guard < 64; up = up.parent, guard++) {
    if (up.type === 'function_definition') break;
    if (up.type !== 'call_expression') continue;
    const callee = up.childForFieldName('function');
    if (callee?.type !== 'identifier' || !/^([A-Z][A-Z0-9_]*_)?DISPATCH[A-Z0-9_]*$/.test(callee.text)) continue;
    const args = (up.childForFieldName('arguments')?.namedChildren ?? []).filter((a) => a.type !== 'comment' && a.type !== 'lambda_expression');
    out.unshift({ macro: callee.text, args: args.map((a) => snippet(a.text, 80)), line: up.startPosition.row + 1 });
  }
  return out.length ? { dispatch: out } : {};
}

/** The launch a call of a launch API makes: `name` is its callee's name, `args` its argument list;
 *  `moduleKernel` names the kernel a CUfunction handle was loaded with (cuModuleGetFunction), if any. */
export function readApiLaunch(node: Node, name: string, args: Node | null, moduleKernel: (handle: string) => string | undefined): LaunchRead | undefined {
  const api = LAUNCH_APIS[name];
  if (!api) return undefined;
  const arg = (k: number) => args?.namedChild(k)?.text;
  const join = (ks?: number[]) => (ks ? ks.map(arg).filter((x) => x !== undefined).join(', ') : undefined);
  const target = namedFunction(args?.namedChild(api.kernel));
  const config: LaunchSite['config'] = {};
  const grid = join(api.grid);
  const block = join(api.block);
  if (grid) config.grid = snippet(grid, 60);
  if (block) config.block = snippet(block, 60);
  if (api.sharedMem !== undefined && arg(api.sharedMem) !== undefined) config.sharedMem = snippet(arg(api.sharedMem)!, 60);
  if (api.stream !== undefined && arg(api.stream) !== undefined) config.stream = snippet(arg(api.stream)!, 60);
  const written = args?.namedChild(api.kernel)?.text;
  const kernel = target?.name ? (moduleKernel(target.name) ?? target.name) : written ? snippet(written, 60) : '(unknown)';
  return { node, kernel, templateArgs: target?.templateArgs, via: name as LaunchVia, config };
}

/** The launch of a `<<<...>>>` (`syntax` is the kernel_call_syntax node; `chevron` its call and callee,
 *  as the pass read them for the detector too). */
export function readChevronLaunch(syntax: Node, { call: callNode, callee: fnNode }: ChevronRead): LaunchRead {
  const target = fnNode ? namedFunction(fnNode) : undefined;
  const parts = syntax.namedChildren.map((c) => snippet(c.text, 60));
  const config: LaunchSite['config'] = {};
  if (parts[0] !== undefined) config.grid = parts[0];
  if (parts[1] !== undefined) config.block = parts[1];
  if (parts[2] !== undefined) config.sharedMem = parts[2];
  if (parts[3] !== undefined) config.stream = parts[3];
  // A callee the grammar got wrong (a syntax error before it): the name written before the `<<<`.
  const written = target ?? (callNode ? macroLaunchTarget(callNode.text.slice(0, syntax.startIndex - callNode.startIndex), []) : undefined);
  return { node: target && callNode ? callNode : syntax, kernel: written?.name ?? '(unknown)', templateArgs: written?.templateArgs, via: '<<<>>>', config };
}

/** The function a kernel argument names, looking through `&`, casts and parentheses. */
export function namedFunction(arg: Node | null | undefined): { name: string; templateArgs?: string } | undefined {
  let cur: Node | null | undefined = arg;
  for (let guard = 0; cur && guard < 8; guard++) {
    if (cur.type === 'cast_expression') cur = cur.childForFieldName('value');
    else if (cur.type === 'parenthesized_expression') cur = cur.namedChild(0);
    else if (cur.type === 'pointer_expression' && cur.child(0)?.type === '&') cur = cur.childForFieldName('argument');
    else if (cur.type === 'call_expression' && /_cast$/.test(calleeName(cur.childForFieldName('function')) ?? '')) {
      cur = cur.childForFieldName('arguments')?.namedChild(0);
    } else break;
  }
  if (!cur) return undefined;
  if (cur.type === 'identifier') return { name: cur.text };
  if (cur.type === 'template_function') {
    const name = cur.childForFieldName('name')?.text;
    return name ? { name, templateArgs: snippet(cur.childForFieldName('arguments')?.text ?? '', 120) } : undefined;
  }
  if (cur.type === 'qualified_identifier') {
    const name = stripTemplateArgs(cur.text).split('::').pop();
    const args = /<(.*)>\s*$/.exec(cur.text)?.[1];
    return name ? { name, ...(args ? { templateArgs: snippet(`<${args}>`, 120) } : {}) } : undefined;
  }
  return undefined;
}
