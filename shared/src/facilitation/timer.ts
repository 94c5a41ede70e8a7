/**
 * The shared timer [F8.1]: one plain value in the board map, written by facilitators.
 * Times are on the server's clock; each client corrects for its offset (clockOffset).
 */
import type * as Y from 'yjs'
import type { WriteOptions } from '../board/notes'
import { boardMap } from '../board/read'
import { BOARD } from '../schema/keys'

export type TimerState =
  | { status: 'idle' }
  | { status: 'running'; endsAt: number; durationMs: number }
  | { status: 'paused'; remainingMs: number; durationMs: number }

const IDLE: TimerState = { status: 'idle' }

/** Read the timer; anything malformed reads as idle. */
export function readTimer(doc: Y.Doc): TimerState {
  const v = boardMap(doc).get(BOARD.timer) as Partial<Record<string, unknown>> | undefined
  if (!v || typeof v !== 'object') return IDLE
  const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : null)
  const durationMs = num(v.durationMs) ?? 0
  if (v.status === 'running' && num(v.endsAt) !== null) {
    return { status: 'running', endsAt: num(v.endsAt)!, durationMs }
  }
  if (v.status === 'paused' && num(v.remainingMs) !== null) {
    return { status: 'paused', remainingMs: Math.max(0, num(v.remainingMs)!), durationMs }
  }
  return IDLE
}

/** Milliseconds left at server time `serverNow` (0 when over or idle). */
export function timerRemaining(t: TimerState, serverNow: number): number {
  if (t.status === 'running') return Math.max(0, t.endsAt - serverNow)
  if (t.status === 'paused') return t.remainingMs
  return 0
}

/** The pure transitions; `serverNow` is the server's clock as the caller knows it. */
export const timerTransitions = {
  start: (durationMs: number, serverNow: number): TimerState => ({
    status: 'running',
    endsAt: serverNow + durationMs,
    durationMs,
  }),
  pause: (t: TimerState, serverNow: number): TimerState =>
    t.status === 'running'
      ? { status: 'paused', remainingMs: timerRemaining(t, serverNow), durationMs: t.durationMs }
      : t,
  resume: (t: TimerState, serverNow: number): TimerState =>
    t.status === 'paused'
      ? { status: 'running', endsAt: serverNow + t.remainingMs, durationMs: t.durationMs }
      : t,
  addTime: (t: TimerState, ms: number, serverNow: number): TimerState => {
    if (t.status === 'running') {
      // A timer that already ran out restarts from now.
      const base = Math.max(t.endsAt, serverNow)
      return { status: 'running', endsAt: base + ms, durationMs: t.durationMs + ms }
    }
    if (t.status === 'paused') {
      return { status: 'paused', remainingMs: t.remainingMs + ms, durationMs: t.durationMs + ms }
    }
    return timerTransitions.start(ms, serverNow)
  },
  stop: (): TimerState => IDLE,
}

/** Write a timer state (facilitators). */
export function setTimer(doc: Y.Doc, t: TimerState, opts: WriteOptions = {}): void {
  doc.transact(() => boardMap(doc).set(BOARD.timer, { ...t }), opts.origin)
}

/**
 * The offset to add to the local clock to get the server's, from one request's round trip:
 * the server's time is taken as read half-way between sending and receiving.
 */
export function clockOffset(sentAt: number, serverTime: number, receivedAt: number): number {
  return serverTime - (sentAt + receivedAt) / 2
}
