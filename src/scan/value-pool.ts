// One copy of each distinct string among the results a scan keeps.
//
// Why: every file's result reaches the main thread as fresh objects with fresh strings (a worker's
// JSON text parsed here, or the cache's JSON.parse), so a rule id, a finding kind or a header path is held
// once per finding: at the end of the bench corpus's worker phase 34 MB of the main thread's 47 MB of
// strings were such copies (heap snapshot, bench/README.md), and that phase set the scan's peak RSS.
// Sharing strings changes no value: JavaScript strings are immutable and compared by content.
// Applied to the workers' results (src/scan/pool.ts); results read from the cache are not pooled, since a
// cached rescan has no worker arenas and peaks ~100 MB lower than the cold scan that filled the cache.

export class ValuePool {
  private readonly strings = new Map<string, string>();
  private readonly lists = new Map<string, readonly string[]>();

  string<T extends string>(value: T): T {
    const kept = this.strings.get(value);
    if (kept !== undefined) return kept as T;
    this.strings.set(value, value);
    return value;
  }

  /** Lists of strings nothing changes after the scan (a finding's guards): equal lists share one frozen list. */
  list(values: readonly string[]): string[] {
    const key = values.join('\u0000');
    const kept = this.lists.get(key);
    if (kept) return kept as string[];
    const list = Object.freeze(values.map((v) => this.string(v)));
    this.lists.set(key, list);
    return list as string[];
  }

  /** Replaces, in place, every string in a tree of plain objects and arrays by its pooled copy. */
  shareStrings<T>(value: T): T {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = this.shared(value[i]);
    } else if (isPlainObject(value)) {
      const record = value as Record<string, unknown>;
      for (const key in record) record[key] = this.shared(record[key]);
    }
    return value;
  }

  private shared<T>(value: T): T {
    return typeof value === 'string' ? this.string(value) : typeof value === 'object' && value !== null ? this.shareStrings(value) : value;
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
