/**
 * Phases of a facilitated round [F8.2–F8.4]: dot votes, private writing, broadcast messages
 * and "bring everyone to me". Plain values in the board map, written by facilitators.
 */
import type * as Y from 'yjs'
import type { WriteOptions } from '../board/notes'
import { boardMap } from '../board/read'
import { BOARD } from '../schema/keys'
import type { TimerState } from './timer'

const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : null)
const obj = (x: unknown) => (x && typeof x === 'object' ? (x as Record<string, unknown>) : null)

export type VoteState =
  | { status: 'none' }
  | { status: 'open' | 'closed'; dotsPerPerson: number; round: number }

/** The dot vote [F8.2]; malformed reads as none. */
export function readVote(doc: Y.Doc): VoteState {
  const v = obj(boardMap(doc).get(BOARD.vote))
  if (!v || (v.status !== 'open' && v.status !== 'closed')) return { status: 'none' }
  return {
    status: v.status,
    dotsPerPerson: Math.max(1, Math.floor(num(v.dotsPerPerson) ?? 3)),
    round: Math.floor(num(v.round) ?? 1),
  }
}

export function setVote(doc: Y.Doc, v: VoteState, opts: WriteOptions = {}): void {
  doc.transact(() => boardMap(doc).set(BOARD.vote, { ...v }), opts.origin)
}

export interface PrivateWriting {
  /** While on, new notes stay on their writer's device. */
  on: boolean
  /** Counts rounds: drafts of round r are revealed once the board shows round ≥ r, off. */
  round: number
}

/** Private writing [F8.3]; malformed reads as off, round 0. */
export function readPrivateWriting(doc: Y.Doc): PrivateWriting {
  const v = obj(boardMap(doc).get(BOARD.privateWriting))
  return { on: v?.on === true, round: Math.floor(num(v?.round) ?? 0) }
}

/** Start a private round: the round number goes up so drafts know which reveal frees them. */
export function startPrivateWriting(doc: Y.Doc, opts: WriteOptions = {}): void {
  const round = readPrivateWriting(doc).round + 1
  doc.transact(() => boardMap(doc).set(BOARD.privateWriting, { on: true, round }), opts.origin)
}

/** Reveal: every writer's drafts of this round (or earlier) go to the board. */
export function revealPrivateWriting(doc: Y.Doc, opts: WriteOptions = {}): void {
  const { round } = readPrivateWriting(doc)
  doc.transact(() => boardMap(doc).set(BOARD.privateWriting, { on: false, round }), opts.origin)
}

/** True when drafts written in `draftRound` may now be written to the board. */
export function draftsRevealed(p: PrivateWriting, draftRound: number): boolean {
  return p.round > draftRound || (p.round === draftRound && !p.on)
}

export interface Broadcast {
  message: string
  from: string
  at: number
  /** The phase when it was sent (absent: not recorded, so a phase change does not end it). */
  phase?: string | null
  /** Whether a timer was running or paused when it was sent. */
  timerOn?: boolean
}

/** The facilitators' message to everyone on the board [F8.4], or null. */
export function readBroadcast(doc: Y.Doc): Broadcast | null {
  const v = obj(boardMap(doc).get(BOARD.broadcast))
  if (!v || typeof v.message !== 'string' || v.message === '') return null
  const b: Broadcast = {
    message: v.message,
    from: typeof v.from === 'string' ? v.from : '',
    at: num(v.at) ?? 0,
  }
  if (typeof v.phase === 'string' || v.phase === null) b.phase = v.phase
  if (typeof v.timerOn === 'boolean') b.timerOn = v.timerOn
  return b
}

export function setBroadcast(doc: Y.Doc, b: Broadcast | null, opts: WriteOptions = {}): void {
  doc.transact(() => boardMap(doc).set(BOARD.broadcast, b ? { ...b } : null), opts.origin)
}

/**
 * Whether a message has run its course [F8.4]: the phase moved on since it was sent, a timer
 * run ran out after it was sent, or the timer that was on when it was sent has been stopped.
 * `serverNow` is the server's clock, as the timer's.
 */
export function broadcastExpired(
  b: Broadcast,
  now: { phase: string | null; timer: TimerState; serverNow: number },
): boolean {
  if (b.phase !== undefined && b.phase !== now.phase) return true
  const t = now.timer
  if (t.status === 'running' && t.endsAt <= now.serverNow && t.endsAt > b.at) return true
  return b.timerOn === true && t.status === 'idle'
}

export interface Summon {
  /** The page area everyone is brought to. */
  x: number
  y: number
  w: number
  h: number
  by: string
  at: number
}

/** "Bring everyone to me" [F8.6]: clients move their view once per new `at`. */
export function readSummon(doc: Y.Doc): Summon | null {
  const v = obj(boardMap(doc).get(BOARD.summon))
  if (!v) return null
  const [x, y, w, h, at] = [num(v.x), num(v.y), num(v.w), num(v.h), num(v.at)]
  if (x === null || y === null || w === null || h === null || at === null) return null
  return { x, y, w, h, at, by: typeof v.by === 'string' ? v.by : '' }
}

export function setSummon(doc: Y.Doc, s: Summon, opts: WriteOptions = {}): void {
  doc.transact(() => boardMap(doc).set(BOARD.summon, { ...s }), opts.origin)
}
