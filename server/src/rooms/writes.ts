/**
 * One connection's checked write: apply, and revert the denied part at once (a facilitator's
 * only when it brings an erased entry back [F13.7]). Runs only on an update the guard let through (guard/check.ts), so what it
 * costs is bounded before it starts. Persisting and relaying the outcome is the room's job, in
 * that order.
 */
import type { PolicyState, Role, UnitChange } from '@sensemaking/shared'
import * as Y from 'yjs'
import type { Person } from '../auth/people'
import { changesAsIds } from './changes'
import { deniedIn } from './ownership'
import { RevertGuard } from './revert'

export type WriteOutcome =
  /** Nothing new (a reconnect's sync step 2, an empty update). */
  | { kind: 'noop' }
  /** Applied as sent: persist `update`, then relay it to the other connections. */
  | { kind: 'applied'; update: Uint8Array }
  /**
   * Refused in part or whole and reverted: persist `update` (the net effect: the refused
   * structs as deleted, plus the restored values), then send it to every connection,
   * the writer's too, so every replica converges.
   */
  | { kind: 'reverted'; update: Uint8Array; denied: UnitChange[] }

/**
 * Yjs threw while integrating, or left part of the update pending though the guard found
 * everything it builds on: the document may be half-changed and must be reloaded [G10].
 */
export class ApplyFailed extends Error {
  constructor(
    message: string,
    /** True when Yjs left structs pending (a resync may fix it), false when it threw. */
    readonly pending: boolean,
  ) {
    super(message)
    this.name = 'ApplyFailed'
  }
}

/**
 * Apply `update` from a connection with `role`; `origin` (the connection) is the transaction
 * origin. Throws ApplyFailed when Yjs could not integrate it; any other exception is the
 * server's own (a bug in a check, the revert): in both cases the caller reloads the document.
 */
export function applyChecked(
  doc: Y.Doc,
  role: Role,
  policy: PolicyState,
  origin: object,
  update: Uint8Array,
  person: Person | null = null,
): WriteOutcome {
  // Anyone may be refused (a facilitator only an erased entry brought back, or the record of
  // erased ids changed [F13.7]): hold garbage collection so a refused change can be undone.
  const guard = new RevertGuard(doc, origin)
  try {
    return applyGuarded(doc, role, policy, origin, update, guard, person)
  } finally {
    guard.release([])
  }
}

function applyGuarded(
  doc: Y.Doc,
  role: Role,
  policy: PolicyState,
  origin: object,
  update: Uint8Array,
  guard: RevertGuard,
  person: Person | null,
): WriteOutcome {
  let captured: { update: Uint8Array; tr: Y.Transaction } | null = null
  const onUpdate = (u: Uint8Array, o: unknown, _d: Y.Doc, tr: Y.Transaction) => {
    if (o === origin) captured = { update: u, tr }
  }
  doc.on('update', onUpdate)
  try {
    Y.applyUpdate(doc, update, origin)
  } catch (e) {
    throw new ApplyFailed(`update failed to apply: ${(e as Error)?.message}`, false)
  } finally {
    doc.off('update', onUpdate)
  }
  if (doc.store.pendingStructs || doc.store.pendingDs) {
    throw new ApplyFailed('update left structs pending', true)
  }
  const done = captured as { update: Uint8Array; tr: Y.Transaction } | null
  if (!done) {
    guard.allow(null)
    return { kind: 'noop' }
  }

  const denied = deniedIn(doc, done.tr, role, policy, person)
  if (denied.length === 0) {
    guard.allow(done.tr)
    return { kind: 'applied', update: done.update }
  }
  guard.capture(done.tr)
  const undoTr = guard.revert(changesAsIds(denied))
  guard.release([done.tr, undoTr])
  const net = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(done.tr.beforeState))
  return { kind: 'reverted', update: net, denied }
}
