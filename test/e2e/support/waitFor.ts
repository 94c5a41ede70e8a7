/** Polling waits for end-to-end tests: no fixed sleeps, bounded in time. */

export interface WaitOptions {
  timeoutMs?: number
  intervalMs?: number
  /** What was awaited, for the error message. */
  what?: string
}

/**
 * Call `probe` until it returns something other than undefined, null or false, and return
 * that value; throw after `timeoutMs` with the last error or value seen.
 */
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  { timeoutMs = 10_000, intervalMs = 25, what = 'condition' }: WaitOptions = {},
): Promise<Exclude<T, undefined | null | false>> {
  const start = performance.now()
  let last: unknown
  for (;;) {
    try {
      const v = await probe()
      if (v !== undefined && v !== null && v !== false) {
        return v as Exclude<T, undefined | null | false>
      }
      last = v
    } catch (e) {
      last = e
    }
    if (performance.now() - start > timeoutMs) {
      const detail = last instanceof Error ? last.message : JSON.stringify(last)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what} (last: ${detail})`)
    }
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}
