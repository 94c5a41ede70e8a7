/**
 * One connection's document write: check, apply, and (for roles that may be refused) revert the
 * denied part at once. Pure over the document: persisting and relaying the outcome is the
 * room's job, in that order.
 */
import * as Y from 'yjs'
import { changesAsIds, summarizeTransaction } from './changes'
import { namesRetiredClient } from './epochs'
import { MalformedMessage, MissingDependencies, StaleReplica } from './errors'
import { deniedChanges, type PolicyState, type Role, type UnitChange } from './permissions'
import { RevertGuard } from './revert'
import { decodeUpdateChecked, missingDependency } from './updateCheck'

export type WriteOutcome =
  /** Nothing new (a reconnect's sync step 2, an empty update). */
  | { kind: 'noop'; malformed?: undefined }
  /** Applied as sent: persist `update`, then relay it to the other connections. */
  | { kind: 'applied'; update: Uint8Array; malformed?: MalformedMessage }
  /**
   * Refused in part or whole and reverted: persist `update` (the net effect: the refused
   * structs as deleted, plus the restored values), then send it to every connection,
   * the writer's too, so every replica converges.
   */
  | { kind: 'reverted'; update: Uint8Array; denied: UnitChange[]; malformed?: MalformedMessage }

const NONE_RETIRED: ReadonlySet<number> = new Set()

/**
 * Apply `update` from a connection with `role`; `origin` (the connection) is the transaction
 * origin. Throws StaleReplica for structs of a `retired` client [F10.3], MalformedMessage for an
 * update that does not decode, and MissingDependencies
 * (a MalformedMessage the room may hold and retry) for one with missing dependencies, leaving
 * the document unchanged in both cases. Should Yjs still fail half-way, the outcome
 * carries `malformed` and the part it integrated is reverted (or, for a facilitator, kept and
 * persisted so memory and disk agree): the room persists it and then closes the connection.
 */
export function applyWrite(
  doc: Y.Doc,
  role: Role,
  policy: PolicyState,
  origin: object,
  update: Uint8Array,
  retired: ReadonlySet<number> = NONE_RETIRED,
): WriteOutcome {
  const decoded = decodeUpdateChecked(update)
  if (namesRetiredClient(retired, decoded)) throw new StaleReplica()
  const missing = missingDependency(doc, decoded)
  if (missing) throw new MissingDependencies(missing)

  // Non-facilitators may be refused: hold garbage collection so a refused change can be undone.
  const guard = role === 'facilitator' ? null : new RevertGuard(doc, origin)
  try {
    return applyGuarded(doc, role, policy, origin, update, guard)
  } finally {
    guard?.release([])
  }
}

function applyGuarded(
  doc: Y.Doc,
  role: Role,
  policy: PolicyState,
  origin: object,
  update: Uint8Array,
  guard: RevertGuard | null,
): WriteOutcome {
  let captured: { update: Uint8Array; tr: Y.Transaction } | null = null
  const onUpdate = (u: Uint8Array, o: unknown, _d: Y.Doc, tr: Y.Transaction) => {
    if (o === origin) captured = { update: u, tr }
  }
  let failed: MalformedMessage | undefined
  doc.on('update', onUpdate)
  try {
    Y.applyUpdate(doc, update, origin)
  } catch {
    failed = new MalformedMessage('update failed to apply', 'bad-update')
  } finally {
    doc.off('update', onUpdate)
  }
  if (doc.store.pendingStructs || doc.store.pendingDs) {
    // Never persisted, so keeping them would make memory and disk disagree.
    doc.store.pendingStructs = null
    doc.store.pendingDs = null
    failed ??= new MalformedMessage('update left pending structs', 'missing-deps')
  }
  const done = captured as { update: Uint8Array; tr: Y.Transaction } | null
  if (!done) {
    guard?.allow(null)
    if (failed) throw failed
    return { kind: 'noop' }
  }
  if (!guard) return { kind: 'applied', update: done.update, malformed: failed }

  const denied = failed
    ? summarizeTransaction(doc, done.tr)
    : deniedChanges(role, policy, summarizeTransaction(doc, done.tr))
  if (denied.length === 0) {
    guard.allow(done.tr)
    return { kind: 'applied', update: done.update, malformed: failed }
  }
  guard.capture(done.tr)
  const undoTr = guard.revert(failed ? 'all' : changesAsIds(denied))
  guard.release([done.tr, undoTr])
  const net = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(done.tr.beforeState))
  return { kind: 'reverted', update: net, denied, malformed: failed }
}
