// Kept apart from scope.ts (which reads YAML) because the file scan in the worker threads imports it.
/** A file's `#define cudaMalloc hipMalloc` lines: each CUDA-looking name and the name it is defined as.
 *  Read by the file's scan (src/scan/scan-file.ts) from the text it has, so the report reads no file again. */
export function shimRenames(text: string): [from: string, to: string][] {
  const out: [string, string][] = [];
  for (const m of text.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)[ \t]+([A-Za-z_]\w*)/gm)) {
    const [, from, to] = m as unknown as [string, string, string];
    if (/^(cu|CU|nccl|NCCL|__nv|nv)/.test(from)) out.push([from, to]);
  }
  return out;
}
