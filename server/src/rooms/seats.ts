/**
 * Seats of a board [G8]: one link or one address cannot fill it, observers have a cap of their
 * own, and some seats are kept for facilitators, so whoever runs the session always gets in. A
 * board that is full answers with a retryable code: the client tries again with backoff.
 */
import { type Access, linkOf } from './connection'

export interface SeatLimits {
  maxConnectionsPerBoard: number
  facilitatorSeats: number
  maxObserversPerBoard: number
  maxConnectionsPerLink: number
  maxConnectionsPerAddress: number
}

/** Why a board has no seat for `access`, or null when it has one. */
export function seatProblem(
  taken: Iterable<Access>,
  access: Access,
  l: SeatLimits,
): 'board' | 'observers' | 'link' | 'address' | null {
  let total = 0
  let others = 0
  let observers = 0
  let link = 0
  let address = 0
  const mine = linkOf(access)
  for (const a of taken) {
    total++
    if (a.role !== 'facilitator') others++
    if (a.role === 'observer') observers++
    if (linkOf(a) === mine) link++
    if (access.address && a.address === access.address) address++
  }
  if (total >= l.maxConnectionsPerBoard) return 'board'
  if (access.role !== 'facilitator' && others >= l.maxConnectionsPerBoard - l.facilitatorSeats) {
    return 'board'
  }
  // Facilitators are bounded by the board alone: their seats are the ones kept.
  if (access.role === 'facilitator') return null
  if (access.role === 'observer' && observers >= l.maxObserversPerBoard) return 'observers'
  if (link >= l.maxConnectionsPerLink) return 'link'
  if (access.address && address >= l.maxConnectionsPerAddress) return 'address'
  return null
}
