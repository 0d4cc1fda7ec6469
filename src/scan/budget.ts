// Per-file work budgets: a file that would cost more than a budget is skipped as `too-complex`, with
// the figure, and the scan goes on. The file-size cap bounds the bytes, not the work they cause.
//
// The node and finding budgets are the primary ones because they are deterministic: the same file
// is skipped on every machine, under any load and any --jobs. Time is not (a loaded CI runner is
// slower), so the time budget is only a generous safety net against a super-linear step nobody
// has found yet; with the defaults it never trips on real code.
import type { SkippedFile } from '../model.js';

export interface WorkBudgets {
  /** Syntax-tree nodes per file (tree-sitter's descendant count, known right after parsing and before
   *  any detection work). */
  maxNodes: number;
  /** Findings per file. Detection work is bounded by the nodes; this bounds what follows each finding
   *  (fingerprints, classification, kernel linking, the report) and the tokens of `#define` bodies,
   *  which are one node however long the macro. */
  maxFindings: number;
  /** Wall-clock milliseconds for detection and kernel profiling of one file (not deterministic). */
  maxDetectMillis: number;
}

/**
 * Measured with bench/budget-survey.mjs on the 13,123 C/C++/CUDA/Python files of 16 public CUDA, ROCm and
 * Ascend trees (cutlass, DeepSpeed, apex, cuda-samples, rccl, hipSPARSE, torch_musa, …): the largest syntax
 * tree is 945,895 nodes (cutlass include/cute/arch/mma_sm90_gmma_sparse_ext.hpp, 2.9 MB), the most findings
 * in one file 3,103 (hipSPARSE library/src/nvidia_detail/hipsparse.cpp), the longest scan of one file 6.6 s
 * on a 2-core machine at load 10-15. The defaults leave about 2x, 6x and 9x margin.
 */
export const DEFAULT_BUDGETS: WorkBudgets = {
  maxNodes: 2_000_000,
  maxFindings: 20_000,
  maxDetectMillis: 60_000,
};

export type BudgetName = 'nodes' | 'findings' | 'time';

const FLAG: Record<BudgetName, string> = { nodes: '--max-file-nodes', findings: '--max-file-findings', time: '--max-file-seconds' };

export class BudgetExceeded extends Error {
  constructor(
    readonly budget: BudgetName,
    /** The figure reached: nodes, findings or milliseconds (time stops at the first check past the limit). */
    readonly value: number,
    readonly limit: number,
  ) {
    super(budgetMessage(budget, value, limit));
  }

  skipped(file: string): SkippedFile {
    return { file, reason: 'too-complex', message: this.message, budget: { name: this.budget, value: this.value, limit: this.limit } };
  }
}

function budgetMessage(budget: BudgetName, value: number, limit: number): string {
  const n = (x: number) => x.toLocaleString('en-US');
  switch (budget) {
    case 'nodes': return `syntax tree of ${n(value)} nodes exceeds the budget of ${n(limit)} (${FLAG.nodes})`;
    case 'findings': return `${n(value)} findings exceed the budget of ${n(limit)} per file (${FLAG.findings})`;
    case 'time': return `detection stopped after ${n(value)} ms, over the budget of ${n(limit)} ms (${FLAG.time}; a safety net, not deterministic)`;
  }
}

/** Checks the budgets of one file. `tick()` is called once per visited node: cheap, it reads the clock
 *  only every 1024 calls. */
export class WorkMeter {
  private ticks = 0;
  private readonly started: number;

  constructor(
    readonly budgets: WorkBudgets,
    /** Milliseconds; injectable so that the time budget can be tested without timing anything. */
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
  }

  nodes(count: number): void {
    if (count > this.budgets.maxNodes) throw new BudgetExceeded('nodes', count, this.budgets.maxNodes);
  }

  findings(count: number): void {
    if (count > this.budgets.maxFindings) throw new BudgetExceeded('findings', count, this.budgets.maxFindings);
  }

  readonly tick = (): void => {
    if ((++this.ticks & 1023) !== 0) return;
    const elapsed = this.now() - this.started;
    if (elapsed > this.budgets.maxDetectMillis) throw new BudgetExceeded('time', Math.round(elapsed), this.budgets.maxDetectMillis);
  };
}
