/**
 * What a message may cost before it is read [G6]: its size by role, then the byte and message
 * budgets of its connection, its board and the server, in that order. Pure over the budgets:
 * the room closes the connection with the reason given.
 */
import type { Limits } from '../config'
import type { RejectReason } from '../metrics'
import type { SharedBudgets } from './budgets'
import type { Peer } from './connection'

/** Why a message is refused unread: too large (closed for good) or over a budget (retryable). */
export type IntakeRefusal = { tooLarge: true } | { tooLarge: false; reason: RejectReason }

/** Null when the message may be read; takes its share of every budget when it may. */
export function intakeRefusal(
  peer: Peer,
  bytes: number,
  board: SharedBudgets,
  server: SharedBudgets,
  l: Limits,
  now: number,
): IntakeRefusal | null {
  const maxBytes =
    peer.access.role === 'facilitator' ? l.maxMessageBytes : l.participantMaxMessageBytes
  if (bytes > maxBytes) return { tooLarge: true }
  const b = peer.budgets
  if (!b.messages.take(1, now) || !b.bytes.take(Math.min(bytes, l.byteBurst), now)) {
    return { tooLarge: false, reason: 'rate-limited' }
  }
  if (!board.bytes.take(bytes, now)) return { tooLarge: false, reason: 'board-busy' }
  if (!server.bytes.take(bytes, now)) return { tooLarge: false, reason: 'server-busy' }
  return null
}

/** Null when the connection's, its board's and the server's work budgets are open. */
export function workRefusal(
  peer: Peer,
  board: SharedBudgets,
  server: SharedBudgets,
  now: number,
): RejectReason | null {
  if (!peer.budgets.work.open(now)) return 'rate-limited'
  if (!board.work.open(now)) return 'board-busy'
  if (!server.work.open(now)) return 'server-busy'
  return null
}
