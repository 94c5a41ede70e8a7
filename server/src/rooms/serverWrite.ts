/**
 * A change the server makes itself (session-wide controls, the plenary's sends): run it on the
 * document under the server's origin and capture what it changed as one update.
 */
import * as Y from 'yjs'

/** Transaction origin of the server's own writes. */
export const SERVER_ORIGIN = { name: 'server' }

/** Run `change` on `doc`; returns its update (null when it changed nothing). */
export function captureServerChange(
  doc: Y.Doc,
  change: (doc: Y.Doc, origin: object) => void,
): Uint8Array | null {
  const updates: Uint8Array[] = []
  const onUpdate = (u: Uint8Array, origin: unknown) => {
    if (origin === SERVER_ORIGIN) updates.push(u)
  }
  doc.on('update', onUpdate)
  try {
    change(doc, SERVER_ORIGIN)
  } finally {
    doc.off('update', onUpdate)
  }
  if (updates.length === 0) return null
  return updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates)
}
