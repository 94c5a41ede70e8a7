/**
 * One connection's document write: check, apply, and (for roles that may be refused) revert the
 * denied part at once. Pure over the document: persisting and relaying the outcome is the
 * room's job, in that order.
 */
import type { PolicyState, Role, UnitChange } from '@sensemaking/shared'
import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'
import type { Person } from '../auth/people'
import { changesAsIds, summarizeTransaction } from './changes'
import { namesRetiredClient } from './epochs'
import { MalformedMessage, MissingDependencies, StaleReplica } from './errors'
import { deniedIn } from './ownership'
import { RevertGuard } from './revert'
import { decodeUpdateChecked, missingDependency } from './updateCheck'

export type WriteOutcome =
  /** Nothing new (a reconnect's sync step 2, an empty update). */
  | { kind: 'noop'; malformed?: undefined; held?: undefined }
  /** Applied as sent: persist `update`, then relay it to the other connections. */
  | { kind: 'applied'; update: Uint8Array; malformed?: MalformedMessage; held?: Uint8Array }
  /**
   * Refused in part or whole and reverted: persist `update` (the net effect: the refused
   * structs as deleted, plus the restored values), then send it to every connection,
   * the writer's too, so every replica converges.
   */
  | {
      kind: 'reverted'
      update: Uint8Array
      denied: UnitChange[]
      malformed?: MalformedMessage
      held?: Uint8Array
    }

const NONE_RETIRED: ReadonlySet<number> = new Set()

/**
 * Apply `update` from a connection with `role`; `origin` (the connection) is the transaction
 * origin. Throws StaleReplica for structs of a `retired` client [F10.3], MalformedMessage for an
 * update that does not decode, and MissingDependencies
 * (a MalformedMessage the room may hold and retry) for one with missing dependencies, leaving
 * the document unchanged in both cases. Should Yjs still fail half-way, the outcome
 * carries `malformed` and the part it integrated is reverted (or, for a facilitator, kept and
 * persisted so memory and disk agree): the room persists it and then closes the connection.
 *
 * The usual edit (one client's structs, starting exactly at the server's state for that client)
 * skips the separate decode: it cannot overlap a known range nor leave a gap in its own client,
 * and a reference to something the server lacks is left pending by Yjs, which this takes out of
 * the document as the outcome's `held` part (the room holds it like a MissingDependencies). A
 * live server gets edits far apart, each with cold caches, where the separate decode was a
 * tenth or more of a breakouts server's CPU (docs/benchmarks.md).
 */
export function applyWrite(
  doc: Y.Doc,
  role: Role,
  policy: PolicyState,
  origin: object,
  update: Uint8Array,
  retired: ReadonlySet<number> = NONE_RETIRED,
  person: Person | null = null,
): WriteOutcome {
  const fast = startsAtState(doc, update, retired)
  if (!fast) {
    const decoded = decodeUpdateChecked(update)
    if (namesRetiredClient(retired, decoded)) throw new StaleReplica()
    const missing = missingDependency(doc, decoded)
    if (missing) throw new MissingDependencies(missing)
  }

  // Non-facilitators may be refused: hold garbage collection so a refused change can be undone.
  const guard = role === 'facilitator' ? null : new RevertGuard(doc, origin)
  try {
    return applyGuarded(doc, role, policy, origin, update, guard, fast, person)
  } finally {
    guard?.release([])
  }
}

/**
 * True when the update's header shows no structs, or one client's structs starting at the
 * document's state for that client (the usual edit: no gap, no overlap), of a client not retired.
 * Reads the first four varints of the V1 format (clients, structs, client, clock); anything
 * else, or anything that does not read (an empty payload too), takes the checked path.
 */
export function startsAtState(
  doc: Y.Doc,
  update: Uint8Array,
  retired: ReadonlySet<number>,
): boolean {
  const d = decoding.createDecoder(update)
  try {
    const clients = decoding.readVarUint(d)
    if (clients === 0) return true
    if (clients !== 1 || decoding.readVarUint(d) === 0) return false
    const client = decoding.readVarUint(d)
    const clock = decoding.readVarUint(d)
    return !retired.has(client) && clock === Y.getState(doc.store, client)
  } catch {
    return false
  }
}

/**
 * What Yjs left pending in the document (structs and deletions it could not integrate), taken
 * out of it as one V1 update, or null when nothing was. The document never keeps pending parts:
 * they are not persisted, so memory and disk would disagree, and Yjs would apply them behind
 * the room's checks.
 */
function takePending(doc: Y.Doc): Uint8Array | null {
  const { pendingStructs, pendingDs } = doc.store
  if (!pendingStructs && !pendingDs) return null
  doc.store.pendingStructs = null
  doc.store.pendingDs = null
  const parts: Uint8Array[] = []
  if (pendingStructs) parts.push(pendingStructs.update)
  if (pendingDs) parts.push(pendingDs)
  const v2 = parts.length === 1 ? parts[0]! : Y.mergeUpdatesV2(parts)
  return Y.convertUpdateFormatV2ToV1(v2)
}

function applyGuarded(
  doc: Y.Doc,
  role: Role,
  policy: PolicyState,
  origin: object,
  update: Uint8Array,
  guard: RevertGuard | null,
  fast: boolean,
  person: Person | null,
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
  const pending = takePending(doc)
  // The checked path leaves nothing pending; should Yjs still do so, the update is malformed.
  if (pending && !fast)
    failed ??= new MalformedMessage('update left pending structs', 'missing-deps')
  const held = fast && pending && !failed ? pending : undefined
  const done = captured as { update: Uint8Array; tr: Y.Transaction } | null
  if (!done) {
    guard?.allow(null)
    if (failed) throw failed
    if (held) throw new MissingDependencies('structs or deletions left pending')
    return { kind: 'noop' }
  }
  if (!guard) return { kind: 'applied', update: done.update, malformed: failed, held }

  const denied = failed
    ? summarizeTransaction(doc, done.tr)
    : deniedIn(doc, done.tr, role, policy, person)
  if (denied.length === 0) {
    guard.allow(done.tr)
    return { kind: 'applied', update: done.update, malformed: failed, held }
  }
  guard.capture(done.tr)
  const undoTr = guard.revert(failed ? 'all' : changesAsIds(denied))
  guard.release([done.tr, undoTr])
  const net = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(done.tr.beforeState))
  return { kind: 'reverted', update: net, denied, malformed: failed, held }
}
