/**
 * Board epochs [F10] on the real server: an idle board that is mostly history is rebased on its
 * way out of memory; a replica of the old epoch is refused with 4410 and can carry its own
 * changes over through the kept base; the retired clients survive a restart.
 */
import {
  applyPatch,
  CLOSE,
  createNote,
  diffDocs,
  moveNotes,
  notesMap,
  readBoard,
  setText,
} from '@sensemaking/shared'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { encodeUpdate } from '../protocol/messages'
import { openSqliteStorage } from '../storage/sqliteStorage'
import { converge, newTestServer, signedBy, type TestServer } from '../testing/newTestServer'
import { noteTexts as texts } from '../testing/texts'
import { waitFor } from '../testing/waitFor'

let t: TestServer
afterEach(async () => {
  await t?.close()
})

const LIMITS = { idleUnloadMs: 50, maintenanceMs: 50, rebaseMinBytes: 4096, rebaseMinRatio: 2 }

/** A provider on an existing document (a device reopening the board with its stored copy). */
function reopen(doc: Y.Doc, boardId: string, token: string) {
  const provider = new WebsocketProvider(t.syncUrl, boardId, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 200,
  })
  const closed = new Promise<number>((resolve) =>
    provider.on('closed', (e: { code: number }) => resolve(e.code)),
  )
  return { provider, closed }
}

const storedRebase = (boardId: string) => {
  const s = openSqliteStorage(t.dataDir, { readonly: true })
  try {
    return s.readRebase(boardId)
  } finally {
    s.close()
  }
}

const storedTexts = (boardId: string) => {
  const s = openSqliteStorage(t.dataDir, { readonly: true })
  try {
    const d = new Y.Doc()
    const l = s.loadBoard(boardId)
    for (const part of [...(l.snapshot ? [l.snapshot] : []), ...l.updates])
      Y.applyUpdate(d, part.data)
    return texts(d)
  } finally {
    s.close()
  }
}

/** A board with 10 notes each dragged 200 times by a participant who then leaves. */
async function busyBoard() {
  const s = await t.createSession()
  const board = s.boards[0]!
  const token = board.links.participant.token
  // One person, whose device later carries its changes over on a new connection [F14.2].
  const person = await t.person()
  const writer = t.client(board.id, token, person)
  await writer.synced
  const ids = Array.from({ length: 10 }, (_, i) =>
    createNote(writer.doc, { text: `note ${i}`, column: 'what', ...signedBy(person) }),
  )
  for (let round = 0; round < 200; round++) {
    moveNotes(
      writer.doc,
      ids.map((id, i) => ({ id, x: 100 + round, y: 100 + i * 50 })),
    )
  }
  const check = t.client(board.id, token)
  await converge([writer.doc, check.doc], (d) => readBoard(d).notes)
  const before = Y.encodeStateAsUpdate(writer.doc).length
  writer.provider.destroy()
  check.provider.destroy()
  return { board, token, device: writer.doc, ids, before, person }
}

describe('board epochs [F10]', () => {
  it('[F10.1] an idle board that is mostly history is stored as a fresh copy that reads the same', async () => {
    t = await newTestServer({ limits: LIMITS })
    const { board, token, device, before } = await busyBoard()
    await waitFor(() => storedRebase(board.id) !== null, 10_000, 'the board to be rebased')
    const r = storedRebase(board.id)!
    expect(r.epoch).toBe(1)
    expect(r.retired).toContain(device.clientID)
    const stored = openSqliteStorage(t.dataDir, { readonly: true })
    const snapshot = stored.loadBoard(board.id).snapshot!
    stored.close()
    expect(snapshot.data.length).toBeLessThan(before / 3)

    const fresh = t.client(board.id, token)
    await fresh.synced
    expect(readBoard(fresh.doc)).toEqual(readBoard(device))
    expect(Y.encodeStateAsUpdate(fresh.doc).length).toBe(snapshot.data.length)
  })

  it('[F10.3] a replica of the old epoch is closed with 4410 and changes nothing, also after a restart', async () => {
    t = await newTestServer({ limits: LIMITS })
    const { board, token, device } = await busyBoard()
    await waitFor(() => storedRebase(board.id) !== null, 10_000, 'the board to be rebased')
    createNote(device, { text: 'written on the old epoch', column: 'so-what', authorId: 'u-d' })
    const stale = reopen(device, board.id, token)
    expect(await stale.closed).toBe(CLOSE.rebased.code)
    stale.provider.destroy()

    // A client that skips the sync handshake and sends old structs straight away.
    const raw = t.raw(board.id, token)
    await raw.opened
    raw.send(encodeUpdate(Y.encodeStateAsUpdate(device)))
    expect((await raw.closed).code).toBe(CLOSE.rebased.code)

    await t.restart()
    const again = reopen(device, board.id, token)
    expect(await again.closed).toBe(CLOSE.rebased.code)
    again.provider.destroy()
    const fresh = t.client(board.id, token)
    await fresh.synced
    expect(texts(fresh.doc)).not.toContain('written on the old epoch')
    expect(notesMap(fresh.doc).size).toBe(10)
  })

  it('[F10.4] the old replica carries its own changes over through the kept base', async () => {
    t = await newTestServer({ limits: LIMITS })
    const { board, token, device, ids, person } = await busyBoard()
    await waitFor(() => storedRebase(board.id) !== null, 10_000, 'the board to be rebased')
    // Offline on the old epoch: a new note, an edit, a move.
    createNote(device, { text: 'written offline', column: 'now-what', ...signedBy(person) })
    setText(device, ids[0]!, 'edited offline')
    moveNotes(device, [{ id: ids[1]!, x: 4321, y: 1234 }])

    expect((await t.fetch(`/api/boards/${board.id}/base`)).status).toBe(404)
    const res = await t.fetch(`/api/boards/${board.id}/base`, { token })
    expect(res.status).toBe(200)
    expect(res.headers.get('x-board-epoch')).toBe('1')
    const base = new Y.Doc()
    Y.applyUpdate(base, new Uint8Array(await res.arrayBuffer()))
    const mine = new Y.Doc()
    Y.applyUpdate(mine, Y.encodeStateAsUpdate(base))
    Y.applyUpdate(mine, Y.encodeStateAsUpdate(device))
    const patch = diffDocs(base, mine)

    const next = t.client(board.id, token, person)
    const other = t.client(board.id, token)
    await Promise.all([next.synced, other.synced])
    expect(applyPatch(next.doc, patch, 'carry-over')).toBe(patch.length)
    await converge([next.doc, other.doc], (d) => readBoard(d).notes)
    const byId = new Map(readBoard(other.doc).notes.map((n) => [n.id, n]))
    expect(texts(other.doc)).toContain('written offline')
    expect(byId.get(ids[0]!)?.text).toBe('edited offline')
    expect(byId.get(ids[1]!)).toMatchObject({ x: 4321, y: 1234 })
    // Stored, not only relayed: a restart serves it.
    next.provider.destroy()
    other.provider.destroy()
    await t.restart()
    const later = t.client(board.id, token)
    await later.synced
    expect(texts(later.doc)).toContain('written offline')
  })

  it('a board with little history, or one somebody holds open at shutdown, is not rebased', async () => {
    t = await newTestServer({ limits: { ...LIMITS, idleUnloadMs: 60_000 } })
    const s = await t.createSession()
    const small = s.boards[1]!
    const { board, token } = await busyBoard()
    const stay = t.client(board.id, token)
    const quiet = t.client(small.id, small.links.participant.token)
    await Promise.all([stay.synced, quiet.synced])
    createNote(quiet.doc, { text: 'one note', column: 'what', authorId: 'u-q' })
    await waitFor(() => texts(stay.doc).length === 10)
    // The small board is idle at shutdown, the busy one is held open.
    await waitFor(() => storedTexts(small.id).includes('one note'), 5_000, 'the note stored')
    quiet.provider.destroy()
    await t.restart()
    expect(storedRebase(board.id)).toBeNull()
    expect(storedRebase(small.id)).toBeNull()
    expect(
      (await t.fetch(`/api/boards/${small.id}/base`, { token: small.links.participant.token }))
        .status,
    ).toBe(404)
  })
})
