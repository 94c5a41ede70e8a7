/**
 * The writes the server makes to boards itself, each run on the board's owner (several nodes,
 * cluster/onOwner.ts): a session control (phase, timer, lock, broadcast) and an erasure
 * (a facilitator's, an author's, an admin's, retention's). Sending to the plenary defines its
 * own (http/api/plenary.ts). Votes are opened and closed by
 * a facilitator's own connection, an edit like any other, forwarded to the owner.
 */
import { BoardError, type ErasureSelector, type SessionControl } from '@sensemaking/shared'
import type { OnOwner, OnOwnerWrite } from '../cluster/onOwner'
import {
  type ErasureBy,
  type ErasureDeps,
  ErasureRefused,
  type ErasureResult,
  eraseLive,
} from '../privacy/erase'
import type { Rooms } from '../rooms/Rooms'
import { applyControl } from '../sessions/control'
import { HttpError } from './respond'

/** One board's erasure, as it crosses between nodes (`boardWriteArgs.ts` checks it). */
export interface EraseArgs {
  selector: ErasureSelector
  by: ErasureBy
  lock?: boolean
}

// Loaded by the node a write is posted to, never on one node.
const args = () => import('./boardWriteArgs')

export interface BoardWrites {
  /** Apply a session control to one board; false when the board keeps its own (no such phase). */
  control: OnOwnerWrite<SessionControl, boolean>
  /** Erase from one board (its copies elsewhere are the caller's). */
  erase: OnOwnerWrite<EraseArgs, ErasureResult>
}

/** An erasure the board cannot take, as the HTTP answer (it crosses between nodes as one). */
export function refused(e: unknown): never {
  if (e instanceof ErasureRefused) {
    throw new HttpError(
      e.reason === 'degraded' ? 503 : 409,
      e.reason === 'degraded' ? 'storage_unavailable' : 'cannot_erase',
      e.message,
    )
  }
  throw e
}

export function boardWrites(onOwner: OnOwner, deps: ErasureDeps & { rooms: Rooms }): BoardWrites {
  return {
    control: onOwner.define(
      'control',
      async () => (await args()).SessionControlBody,
      async (boardId, control) => {
        const room = await deps.rooms.acquire(boardId)
        try {
          return room.writeAsServer((doc, origin) => applyControl(doc, control, deps.now(), origin))
        } catch (e) {
          // A board whose columns lack the phase keeps its own; the others still change.
          if (e instanceof BoardError) return false
          throw e
        }
      },
    ),
    erase: onOwner.define<EraseArgs, ErasureResult>(
      'erase',
      async () => (await args()).EraseArgsBody,
      (boardId, a) =>
        eraseLive(deps, boardId, a.selector, { by: a.by, lock: a.lock }).catch(refused),
    ),
  }
}
