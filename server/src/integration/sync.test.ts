import { createNote, moveNotes, readBoard, setText } from '@sensemaking/shared'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readStoredDoc } from '../rooms/loadDoc'
import { openSqliteStorage } from '../storage/sqliteStorage'
import { converge, newTestServer, signedBy, type TestServer } from '../testing/newTestServer'
import { noteTexts as texts } from '../testing/texts'
import { waitFor } from '../testing/waitFor'

let t: TestServer
afterEach(async () => {
  await t?.close()
})

/** What the data dir holds for a board, read by a second process's way in (a new connection). */
function onDisk(dataDir: string, boardId: string): string[] {
  const storage = openSqliteStorage(dataDir, { readonly: true })
  try {
    const { doc } = readStoredDoc(storage, boardId)
    return texts(doc)
  } finally {
    storage.close()
  }
}

describe('sync with real y-websocket clients', () => {
  it('two participants see each other’s notes', async () => {
    t = await newTestServer()
    const s = await t.createSession()
    const board = s.boards[0]!
    const a = t.client(board.id, board.links.participant.token)
    const b = t.client(board.id, board.links.participant.token)
    await Promise.all([a.synced, b.synced])
    expect(readBoard(a.doc).meta.title).toBe('Breakout 1')
    createNote(a.doc, { text: 'from Lahti', column: 'what', city: 'Lahti', authorId: 'u-a' })
    createNote(b.doc, { text: 'from Umeå', column: 'so-what', city: 'Umeå', authorId: 'u-b' })
    await converge([a.doc, b.doc], texts, (v) => v.length === 2)
    expect(texts(a.doc)).toEqual(['from Lahti', 'from Umeå'])
    expect(onDisk(t.dataDir, board.id)).toEqual(['from Lahti', 'from Umeå'])
  })

  it('[G1] an observer reads live; its write is refused unapplied: it reaches nobody and is not stored', async () => {
    t = await newTestServer()
    const s = await t.createSession()
    const board = s.boards[0]!
    const p = t.client(board.id, board.links.participant.token)
    const o = t.client(board.id, board.links.observer.token)
    await Promise.all([p.synced, o.synced])
    const id = createNote(p.doc, { text: 'participant note', column: 'what', authorId: 'u-p' })
    await waitFor(() => texts(o.doc).includes('participant note'))

    const seenByParticipant: string[] = []
    p.doc.on('update', () => seenByParticipant.push(...texts(p.doc)))
    createNote(o.doc, { text: 'observer secret', column: 'what' })
    setText(o.doc, id, 'observer overwrote this')
    await waitFor(() => (t.server.metrics.rejected.get('observer-write') ?? 0) >= 2)

    // Later writes by the participant still reach the observer, which stays connected; what
    // the observer typed stays on its own device only.
    moveNotes(p.doc, [{ id, x: 500, y: 400 }])
    createNote(p.doc, { text: 'after the refusal', column: 'now-what', authorId: 'u-p' })
    await waitFor(() => texts(o.doc).includes('after the refusal'))
    expect(readBoard(o.doc).notes.find((n) => n.id === id)).toMatchObject({ x: 500, y: 400 })
    expect(seenByParticipant).not.toContain('observer secret')
    expect(seenByParticipant).not.toContain('observer overwrote this')
    expect(texts(p.doc)).toEqual(['after the refusal', 'participant note'])
    expect(o.provider.wsconnected).toBe(true)

    await t.restart()
    const stored = onDisk(t.dataDir, board.id)
    expect(stored).toEqual(['after the refusal', 'participant note'])
    const raw = Buffer.from(
      Y.encodeStateAsUpdate(
        readStoredDoc(openSqliteStorage(t.dataDir, { readonly: true }), board.id).doc,
      ),
    ).toString('latin1')
    expect(raw).not.toContain('observer secret')
  })

  it('a restart on the same data dir keeps everything, and clients carry on', async () => {
    t = await newTestServer()
    const s = await t.createSession({ boards: 1 })
    const board = s.boards[0]!
    // A person's device: its reconnect after the restart is the same person [F14.2].
    const ana = await t.person()
    const a = t.client(board.id, board.links.participant.token, ana)
    await a.synced
    for (let i = 0; i < 5; i++)
      createNote(a.doc, { text: `note ${i}`, column: 'what', ...signedBy(ana) })
    await waitFor(() => onDisk(t.dataDir, board.id).length === 5)
    await t.restart()
    // The same links still work after the restart (secret and generations are on disk).
    const b = t.client(board.id, board.links.participant.token)
    await b.synced
    expect(texts(b.doc)).toHaveLength(5)
    // a reconnects by itself and keeps syncing
    createNote(a.doc, { text: 'after restart', column: 'what', ...signedBy(ana) })
    await converge([a.doc, b.doc], texts, (v) => v.length === 6)
  })

  it('a board reloads after it left memory', async () => {
    t = await newTestServer({ limits: { idleUnloadMs: 20 } })
    const s = await t.createSession({ boards: 1 })
    const board = s.boards[0]!
    const a = t.client(board.id, board.links.participant.token)
    await a.synced
    createNote(a.doc, { text: 'kept across unload', column: 'what', authorId: 'u-a' })
    await waitFor(() => onDisk(t.dataDir, board.id).length === 1)
    a.provider.disconnect()
    await waitFor(() => t.server.rooms.size === 0)
    const b = t.client(board.id, board.links.participant.token)
    await b.synced
    expect(texts(b.doc)).toEqual(['kept across unload'])
  })
})
