/** Times in the harvest: ISO-8601 UTC with milliseconds [H2]. */

/** 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: what a four-digit year can say. */
const MIN_MS = -62_167_219_200_000
const MAX_MS = 253_402_300_799_999

/** True when `ms` prints as a four-digit-year ISO time. */
export function isIsoRange(ms: number): boolean {
  return Number.isFinite(ms) && ms >= MIN_MS && ms <= MAX_MS
}

/** `ms` since the epoch as ISO-8601, clamped to four-digit years so it never throws [H2]. */
export function toIso(ms: number): string {
  const clamped = Number.isFinite(ms) ? Math.min(Math.max(ms, MIN_MS), MAX_MS) : 0
  return new Date(clamped).toISOString()
}

/** The inverse of `toIso` for the times a harvest holds. */
export function fromIso(iso: string): number {
  return Date.parse(iso)
}
