/**
 * The server's updates applied without Yjs encoding them again. Yjs hands every transaction's
 * changes to the document's `update` listeners (this device's copy in IndexedDB, the provider)
 * as an update it encodes from the transaction: for a board's first sync, its whole content
 * (about 1.5 MB at 5,000 notes) decoded and then encoded again, a third of the Yjs work in the
 * open. An update that came from the server is those bytes already: the listeners get them as
 * they came, and the transactions that follow it (the canvas's own corrections, written while
 * the board's read model takes the update in) reach the listeners as Yjs encodes them.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { messageSync, type WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'

type UpdateListener = (
  update: Uint8Array,
  origin: unknown,
  doc: Y.Doc,
  transaction: Y.Transaction,
) => void

/** Did the transaction change the document (as Yjs decides whether to emit an update)? */
function changed(tr: Y.Transaction): boolean {
  if (tr.deleteSet.clients.size > 0) return true
  for (const [client, clock] of tr.afterState) if (tr.beforeState.get(client) !== clock) return true
  return false
}

/**
 * Apply `update` with `origin`, its transaction's `update` listeners given `update` itself.
 * Within another transaction (its changes are that one's), as `Y.applyUpdate` does.
 */
export function applyAsReceived(doc: Y.Doc, update: Uint8Array, origin: unknown): void {
  const observers = doc._observers as Map<string, Set<UpdateListener>>
  if (doc._transaction !== null || !observers.has('update')) {
    Y.applyUpdate(doc, update, origin)
    return
  }
  let ours: Y.Transaction | null = null
  let held: Set<UpdateListener> | null = null
  let listeners: Set<UpdateListener> | null = null
  const begin = (tr: Y.Transaction) => {
    ours ??= tr
  }
  // Yjs asks for the listeners right after this event: for this transaction there are none.
  const cleaned = (tr: Y.Transaction) => {
    if (tr !== ours || held) return
    held = listeners = observers.get('update') ?? null
    observers.delete('update')
  }
  // Back before the next transaction's cleanup (one started by an observer of this one).
  const restore = () => {
    if (!held) return
    const added = observers.get('update')
    if (added) for (const fn of added) held.add(fn)
    observers.set('update', held)
    held = null
  }
  doc.on('beforeTransaction', begin)
  doc.on('afterTransactionCleanup', cleaned)
  doc.on('beforeObserverCalls', restore)
  try {
    Y.applyUpdate(doc, update, origin)
  } finally {
    restore()
    doc.off('beforeTransaction', begin)
    doc.off('afterTransactionCleanup', cleaned)
    doc.off('beforeObserverCalls', restore)
  }
  const tr = ours as Y.Transaction | null
  // Structs waiting for others (pending) are in the bytes too: kept, as Yjs would keep them.
  if (!tr || !listeners || (!changed(tr) && !doc.store.pendingStructs)) return
  // A view into a larger buffer (the message it came in) is kept as a copy of its own bytes:
  // IndexedDB would store the whole buffer, and clones a view more slowly than a whole array.
  const bytes =
    update.byteOffset === 0 && update.byteLength === update.buffer.byteLength
      ? update
      : update.slice()
  for (const fn of [...(listeners as Set<UpdateListener>)]) fn(bytes, origin, doc, tr)
}

/**
 * The provider's handler of sync messages (y-websocket's own, but for `applyAsReceived`):
 * set on a provider with `provider.messageHandlers[messageSync] = syncAsReceived`.
 */
export function syncAsReceived(
  encoder: encoding.Encoder,
  decoder: decoding.Decoder,
  provider: WebsocketProvider,
  emitSynced: boolean,
): void {
  encoding.writeVarUint(encoder, messageSync)
  const type = decoding.readVarUint(decoder)
  switch (type) {
    case syncProtocol.messageYjsSyncStep1:
      syncProtocol.readSyncStep1(decoder, encoder, provider.doc)
      break
    case syncProtocol.messageYjsSyncStep2:
    case syncProtocol.messageYjsUpdate:
      try {
        applyAsReceived(provider.doc, decoding.readVarUint8Array(decoder), provider)
      } catch (error) {
        // As y-protocols does: an error thrown by a listener does not close the connection.
        console.error('Caught error while handling a Yjs update', error)
      }
      break
    default:
      throw new Error('Unknown message type')
  }
  if (emitSynced && type === syncProtocol.messageYjsSyncStep2 && !provider.synced) {
    provider.synced = true
  }
}
