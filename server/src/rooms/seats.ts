/**
 * Seats of a board [G8]: one link or one address cannot fill it, observers have a cap of their
 * own, and some seats are kept for facilitators, so whoever runs the session always gets in. A
 * board that is full answers with a retryable code: the client tries again with backoff.
 *
 * Counted as connections come and go, so a join costs the same on an empty board as on a
 * full one. A connection from the server's own machine has no address of its own (a reverse
 * proxy without TRUST_PROXY, a test) and is not counted per address.
 */
import { type Access, linkOf } from './connection'

export interface SeatLimits {
  maxConnectionsPerBoard: number
  facilitatorSeats: number
  maxObserversPerBoard: number
  maxConnectionsPerLink: number
  maxConnectionsPerAddress: number
}

export type NoSeat = 'board' | 'observers' | 'link' | 'address'

/** True for an address of this machine (loopback, IPv4 or IPv6). */
export function isLoopback(address: string | null | undefined): boolean {
  return (
    !!address &&
    (address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.'))
  )
}

const counted = (address: string | null | undefined) =>
  address && !isLoopback(address) ? address : null

export class Seats {
  private total = 0
  private others = 0
  private observers = 0
  private readonly byLink = new Map<string, number>()
  private readonly byAddress = new Map<string, number>()

  constructor(private readonly l: SeatLimits) {}

  /** Why there is no seat for `access`, or null when there is one. */
  problem(access: Access): NoSeat | null {
    const l = this.l
    if (this.total >= l.maxConnectionsPerBoard) return 'board'
    // Facilitators are bounded by the board alone: their seats are the ones kept.
    if (access.role === 'facilitator') return null
    if (this.others >= l.maxConnectionsPerBoard - l.facilitatorSeats) return 'board'
    if (access.role === 'observer' && this.observers >= l.maxObserversPerBoard) return 'observers'
    if ((this.byLink.get(linkOf(access)) ?? 0) >= l.maxConnectionsPerLink) return 'link'
    const address = counted(access.address)
    if (address && (this.byAddress.get(address) ?? 0) >= l.maxConnectionsPerAddress) {
      return 'address'
    }
    return null
  }

  take(access: Access): void {
    this.count(access, 1)
  }

  free(access: Access): void {
    this.count(access, -1)
  }

  private count(a: Access, n: 1 | -1): void {
    this.total += n
    if (a.role !== 'facilitator') this.others += n
    if (a.role === 'observer') this.observers += n
    bump(this.byLink, linkOf(a), n)
    const address = counted(a.address)
    if (address) bump(this.byAddress, address, n)
  }
}

function bump(m: Map<string, number>, key: string, n: number): void {
  const v = (m.get(key) ?? 0) + n
  if (v > 0) m.set(key, v)
  else m.delete(key)
}
