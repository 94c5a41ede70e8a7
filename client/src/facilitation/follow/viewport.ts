/**
 * Viewports in awareness (`viewport: { x, y, w, h }`, page coordinates) and the rules of
 * "bring everyone to me" [F8.6]. Pure: the canvas hook applies them to tldraw's camera.
 */
import type { Summon } from '@sensemaking/shared'

export interface Viewport {
  x: number
  y: number
  w: number
  h: number
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

/** A viewport from another client's awareness state, or null when it is not one. */
export function readViewport(state: unknown): Viewport | null {
  if (!state || typeof state !== 'object') return null
  const v = (state as { viewport?: unknown }).viewport
  if (!v || typeof v !== 'object') return null
  const { x, y, w, h } = v as Record<string, unknown>
  if (!finite(x) || !finite(y) || !finite(w) || !finite(h) || w <= 0 || h <= 0) return null
  return { x, y, w, h }
}

/** Whole page units: smaller states, and a jitter of a fraction of a pixel is no change. */
export function roundViewport(v: Viewport): Viewport {
  return { x: Math.round(v.x), y: Math.round(v.y), w: Math.round(v.w), h: Math.round(v.h) }
}

export function sameViewport(a: Viewport | null, b: Viewport | null): boolean {
  return !!a && !!b && a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h
}

/** A summon is followed only this soon after it was made (server clock). */
export const SUMMON_FRESH_MS = 2 * 60_000

/**
 * Whether to move the camera to `s`: once per new `at`, and only while it is fresh, so a
 * summon made before a person opened the board (or synced from an old copy) does not pull
 * them away from where the board opens.
 */
export function shouldFollowSummon(
  s: Summon | null,
  lastAt: number | null,
  serverNow: number,
): boolean {
  if (!s || s.at === lastAt) return false
  return serverNow - s.at <= SUMMON_FRESH_MS
}

/** The viewport a person publishes (with several tabs, the last one found that has one). */
export function followedViewport(
  states: ReadonlyMap<number, unknown>,
  personId: string,
  selfClientId: number,
): Viewport | null {
  let found: Viewport | null = null
  for (const [clientId, s] of states) {
    if (clientId === selfClientId || !s || typeof s !== 'object') continue
    const u = (s as { user?: { id?: unknown } }).user
    if (u?.id !== personId) continue
    found = readViewport(s) ?? found
  }
  return found
}
