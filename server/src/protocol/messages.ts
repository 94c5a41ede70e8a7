/**
 * The y-websocket wire protocol (y-protocols sync and awareness), encoded with lib0.
 * Decoding lives with the handlers; here are the type numbers and the encoders the
 * server needs, each building its bytes once so a relay sends one buffer to everyone.
 */
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'

/** Top-level message types of y-websocket. */
export const MESSAGE = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
} as const

/** Sub-types of a sync message (y-protocols/sync). */
export const SYNC = {
  step1: 0,
  step2: 1,
  update: 2,
} as const

/** A sync message of sub-type `type` around an already encoded payload. */
function syncMessage(type: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MESSAGE.sync)
  encoding.writeVarUint(e, type)
  encoding.writeVarUint8Array(e, payload)
  return encoding.toUint8Array(e)
}

/** Sync step 1: the server's state vector, asking the client for what it has beyond it. */
export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  return encodeSyncStep1Vector(Y.encodeStateVector(doc))
}

/** Sync step 1 around an already encoded state vector. */
export function encodeSyncStep1Vector(stateVector: Uint8Array): Uint8Array {
  return syncMessage(SYNC.step1, stateVector)
}

/** Sync step 2: everything the document holds beyond `stateVector`. */
export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  return encodeSyncStep2Update(Y.encodeStateAsUpdate(doc, stateVector))
}

/** Sync step 2 around an already encoded update (a cached or stored whole state). */
export function encodeSyncStep2Update(update: Uint8Array): Uint8Array {
  return syncMessage(SYNC.step2, update)
}

/** A document update to relay. */
export function encodeUpdate(update: Uint8Array): Uint8Array {
  return syncMessage(SYNC.update, update)
}

/** An awareness message around an already encoded awareness update. */
export function encodeAwareness(awarenessUpdate: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MESSAGE.awareness)
  encoding.writeVarUint8Array(e, awarenessUpdate)
  return encoding.toUint8Array(e)
}
