export const EXIT = { ok: 0, findings: 1, usage: 2, error: 2 } as const;

/** A mistake in how cuport was called: printed without a stack trace, exit code 2. */
export class UsageError extends Error {}
