/**
 * Client replicas for write-path tests, built from plain Y.Docs: what a replica sends for a
 * change, and the offline case a held update comes from.
 */
import { createNote } from '@sensemaking/shared'
import * as Y from 'yjs'

/** The update `doc` would send for the changes `f` makes (one update, however many it made). */
export function captureUpdate(doc: Y.Doc, f: (doc: Y.Doc) => void): Uint8Array {
  const ups: Uint8Array[] = []
  const on = (u: Uint8Array) => ups.push(u)
  doc.on('update', on)
  try {
    f(doc)
  } finally {
    doc.off('update', on)
  }
  return Y.mergeUpdates(ups)
}

/**
 * A note (`away`) written offline on a replica of `server` and never sent, and a tab reopened
 * from that offline copy with a new client id: what the tab edits may build on the note the
 * server lacks. `offlineUpdate` is what the offline replica sends once it reconnects.
 */
export function offlineTab(server: Y.Doc): { tab: Y.Doc; offlineUpdate: Uint8Array } {
  const offline = new Y.Doc()
  Y.applyUpdate(offline, Y.encodeStateAsUpdate(server))
  const offlineUpdate = captureUpdate(offline, (d) =>
    createNote(d, { id: 'away', text: 'written offline', column: 'what', authorId: 'u-bot' }),
  )
  const tab = new Y.Doc()
  Y.applyUpdate(tab, Y.encodeStateAsUpdate(offline))
  return { tab, offlineUpdate }
}
