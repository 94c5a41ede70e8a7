/**
 * Viewports in awareness (`viewport: { x, y, w, h }`, page coordinates) and the rules of
 * "bring everyone to me" [F8.6]. Pure: the canvas hook applies them to tldraw's camera.
 */
import { readPresence, type Summon } from '@sensemaking/shared'

export interface Viewport {
  x: number
  y: number
  w: number
  h: number
}

/** A viewport from another client's awareness state, or null when it is not one [P5]. */
export function readViewport(state: unknown): Viewport | null {
  return readPresence(state).viewport
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

/** The viewport a person publishes (with several tabs, the last one found that has one) [P5.2]. */
export function followedViewport(
  states: ReadonlyMap<number, unknown>,
  personId: string,
  selfClientId: number,
): Viewport | null {
  let found: Viewport | null = null
  for (const [clientId, s] of states) {
    if (clientId === selfClientId) continue
    const p = readPresence(s)
    if (p.user?.id !== personId) continue
    found = p.viewport ?? found
  }
  return found
}
