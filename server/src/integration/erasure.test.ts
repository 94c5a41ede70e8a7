/**
 * Erasure on the real server [F13]: a facilitator erases one person's notes, then the SQLite
 * file's raw bytes, every file of the data dir and the server's logs are searched for their
 * words, name and city; a device that was offline with the old copy comes back, carries its
 * own changes over, and the erased notes stay gone for everyone.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import {
  applyPatch,
  CLOSE,
  createNote,
  diffDocs,
  editText,
  entriesToAdd,
  erasedIds,
  notesMap,
  ROOT,
  readBoard,
  readMeta,
  sendToBoard,
} from '@sensemaking/shared'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { eraseLive } from '../privacy/erase'
import { encodeUpdate } from '../protocol/messages'
import { capturingLogger, silentLogger } from '../testing/logger'
import { converge, newTestServer, type TestServer } from '../testing/newTestServer'
import { waitFor } from '../testing/waitFor'

let t: TestServer
afterEach(async () => {
  await t?.close()
})

const LEA = { author: 'Léa Marchetti', city: 'Vannes-sur-Loire', authorId: 'u-leaaaaaaaaaaaaaaa' }
const AINO = { author: 'Aino Virtanen', city: 'Lahti', authorId: 'u-ainoooooooooooooo' }
const LEA_WORDS = ['Bicycle corridor of Kervenic', 'Heat network at Quimperlé-Nord']
const AINO_WORDS = 'Aino keeps this district heating note'

/** Every file under `dir`, read whole. */
function filesUnder(dir: string): { path: string; bytes: Buffer }[] {
  const out: { path: string; bytes: Buffer }[] = []
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out.push(...filesUnder(p))
    else out.push({ path: p, bytes: readFileSync(p) })
  }
  return out
}

/** Where `text` still is: the paths of the data dir's files holding it, and "logs". */
function whereIs(text: string, dataDir: string, logs: string[]): string[] {
  const needle = Buffer.from(text, 'utf8')
  const found = filesUnder(dataDir)
    .filter((f) => f.bytes.includes(needle))
    .map((f) => f.path.slice(dataDir.length + 1))
  if (logs.some((l) => l.includes(text))) found.push('logs')
  return found
}

/** A provider on an existing document: a device reopening the board with its stored copy. */
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

/** What the browser does after 4410 (client/src/board/carryOver.ts), against the real server. */
async function carryOver(device: Y.Doc, boardId: string, token: string) {
  const res = await t.fetch(`/api/boards/${boardId}/base`, { token })
  expect(res.status).toBe(200)
  const base = new Y.Doc()
  Y.applyUpdate(base, new Uint8Array(await res.arrayBuffer()))
  const mine = new Y.Doc()
  Y.applyUpdate(mine, Y.encodeStateAsUpdate(base))
  Y.applyUpdate(mine, Y.encodeStateAsUpdate(device))
  const patch = diffDocs(base, mine)
  const fresh = t.client(boardId, token)
  await fresh.synced
  applyPatch(fresh.doc, patch, 'carry-over')
  return fresh
}

const erase = (boardId: string, token: string, body: unknown) =>
  t.fetch(`/api/boards/${boardId}/erase`, { method: 'POST', token, body: JSON.stringify(body) })

describe('erasure on the real server [F13]', () => {
  it('[F13.3, R3] erasing a person leaves their words, name and city nowhere: database bytes, data dir, logs', async () => {
    const { logger, lines } = capturingLogger()
    t = await newTestServer({ logger, limits: { compactAfterRows: 30 } })
    const s = await t.createSession({ title: 'Privacy session' })
    const board = s.boards[0]!
    const participant = board.links.participant.token
    const writer = t.client(board.id, participant)
    const other = t.client(board.id, participant)
    await Promise.all([writer.synced, other.synced])
    const leaIds = LEA_WORDS.map((text) => createNote(writer.doc, { text, column: 'what', ...LEA }))
    // History: typed into, moved; enough rows for a compaction's snapshot to hold the words too.
    for (let i = 0; i < 40; i++) {
      editText(writer.doc, leaIds[0]!, { index: 0, remove: 0, insert: `${i}` })
    }
    const ainoId = createNote(other.doc, { text: AINO_WORDS, column: 'so-what', ...AINO })
    await converge([writer.doc, other.doc], (d) => readBoard(d).notes.map((n) => n.text))
    await waitFor(() => t.server.metrics.compactions > 0, 10_000, 'a compaction')
    for (const text of [...LEA_WORDS, LEA.author, LEA.city]) {
      expect(whereIs(text, t.dataDir, lines), text).not.toEqual([])
    }

    const res = await erase(board.id, board.links.facilitator.token, { authorId: LEA.authorId })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ erased: true, epoch: 1, notes: 2, themes: 0 })
    // Every connected device is told its copy is of an earlier epoch.
    expect((await writer.closedForGood).code).toBe(CLOSE.rebased.code)
    expect((await other.closedForGood).code).toBe(CLOSE.rebased.code)

    for (const text of [...LEA_WORDS, 'Marchetti', LEA.city]) {
      expect(whereIs(text, t.dataDir, lines), text).toEqual([])
    }
    // The search finds what stays.
    expect(whereIs(AINO_WORDS, t.dataDir, lines)).not.toEqual([])

    const fresh = t.client(board.id, participant)
    await fresh.synced
    expect(readBoard(fresh.doc).notes.map((n) => n.id)).toEqual([ainoId])
    expect(erasedIds(fresh.doc)).toEqual(new Set(leaIds))
    // Still nowhere after a restart (the stored epoch, not a memory of the room).
    await t.restart()
    for (const text of [...LEA_WORDS, 'Marchetti']) {
      expect(whereIs(text, t.dataDir, lines), text).toEqual([])
    }
  })

  it('[F13.6, R2] a device offline with the old copy comes back: its own changes arrive, the erased notes stay gone for everyone', async () => {
    t = await newTestServer()
    const s = await t.createSession()
    const board = s.boards[0]!
    const token = board.links.participant.token
    const lea = t.client(board.id, token)
    await lea.synced
    const leaIds = LEA_WORDS.map((text) => createNote(lea.doc, { text, column: 'what', ...LEA }))
    const laptop = t.client(board.id, token)
    await converge(
      [lea.doc, laptop.doc],
      (d) => readBoard(d).notes.length,
      (n) => n === 2,
    )
    // The laptop goes offline with its copy, edits Léa's note and writes one of its own.
    laptop.provider.disconnect()
    const device = laptop.doc
    editText(device, leaIds[0]!, { index: 0, remove: 0, insert: 'Offline: ' })
    const own = createNote(device, { text: AINO_WORDS, column: 'now-what', ...AINO })

    const res = await erase(board.id, board.links.facilitator.token, { authorId: LEA.authorId })
    expect(await res.json()).toMatchObject({ notes: 2 })
    expect((await lea.closedForGood).code).toBe(CLOSE.rebased.code)

    // Sending the old copy as it is: refused as stale, nothing changes.
    const raw = t.raw(board.id, token)
    await raw.opened
    raw.send(encodeUpdate(Y.encodeStateAsUpdate(device)))
    expect((await raw.closed).code).toBe(CLOSE.rebased.code)
    // Reconnecting with the old copy: refused the same way, before anything merges.
    const back = reopen(device, board.id, token)
    expect(await back.closed).toBe(CLOSE.rebased.code)
    back.provider.destroy()

    const carried = await carryOver(device, board.id, token)
    const observer = t.client(board.id, board.links.observer.token)
    await converge(
      [carried.doc, observer.doc],
      (d) => readBoard(d).notes.map((n) => n.id),
      (ids) => ids.includes(own),
    )
    const seen = readBoard(observer.doc)
    expect(seen.notes.map((n) => n.text)).toEqual([AINO_WORDS])
    for (const id of leaIds) expect(notesMap(observer.doc).has(id)).toBe(false)
    // And the server holds the same: a fresh device after a restart.
    await t.restart()
    const later = t.client(board.id, token)
    await later.synced
    expect(readBoard(later.doc).notes.map((n) => n.id)).toEqual([own])
  })

  it('[F13.6] a device two erasures behind brings its own new note, and none of the erased ones', async () => {
    t = await newTestServer()
    const s = await t.createSession()
    const board = s.boards[0]!
    const token = board.links.participant.token
    // Two people's notes from one connection are an import: the facilitator's link [F14.3].
    const writer = t.client(board.id, board.links.facilitator.token)
    await writer.synced
    const leaIds = LEA_WORDS.map((text) => createNote(writer.doc, { text, column: 'what', ...LEA }))
    const ainoId = createNote(writer.doc, { text: AINO_WORDS, column: 'what', ...AINO })
    const laptop = t.client(board.id, token)
    await converge(
      [writer.doc, laptop.doc],
      (d) => readBoard(d).notes.length,
      (n) => n === 3,
    )
    laptop.provider.disconnect()
    const own = createNote(laptop.doc, { text: 'Written on the laptop offline', column: 'what' })

    const facilitator = board.links.facilitator.token
    expect(
      await (await erase(board.id, facilitator, { authorId: LEA.authorId })).json(),
    ).toMatchObject({ epoch: 1 })
    expect(await (await erase(board.id, facilitator, { notes: [ainoId] })).json()).toMatchObject({
      epoch: 2,
    })

    // What the browser does (client/src/board/carryOver.ts): the base is of the latest epoch,
    // which this copy shares no client with, so it offers every note it holds.
    const res = await t.fetch(`/api/boards/${board.id}/base`, { token })
    const base = new Y.Doc()
    Y.applyUpdate(base, new Uint8Array(await res.arrayBuffer()))
    const baseClients = Y.decodeStateVector(Y.encodeStateVector(base))
    const mine = [...Y.decodeStateVector(Y.encodeStateVector(laptop.doc)).keys()]
    expect(mine.some((c) => baseClients.has(c))).toBe(false)
    const patch = [
      ...entriesToAdd(laptop.doc, ROOT.notes),
      ...entriesToAdd(laptop.doc, ROOT.clusters),
    ]
    expect(patch.map((op) => op.path[1]).sort()).toEqual([...leaIds, ainoId, own].sort())
    const fresh = t.client(board.id, token)
    await fresh.synced
    expect(applyPatch(fresh.doc, patch, 'carry-over')).toBe(1)

    const observer = t.client(board.id, board.links.observer.token)
    await converge(
      [fresh.doc, observer.doc],
      (d) => readBoard(d).notes.map((n) => n.id),
      (ids) => ids.includes(own),
    )
    expect(readBoard(observer.doc).notes.map((n) => n.text)).toEqual([
      'Written on the laptop offline',
    ])
    expect(erasedIds(observer.doc)).toEqual(new Set([...leaIds, ainoId]))
  })

  it('[F13.4, R1] the admin erases a whole board; a participant cannot; bad bodies get a clear 400', async () => {
    t = await newTestServer()
    const s = await t.createSession({ boards: ['Room A', 'Room B'] })
    const [a, b] = s.boards as [(typeof s.boards)[0], (typeof s.boards)[0]]
    // Two people's notes from one connection are an import: the facilitator's link [F14.3].
    const w = t.client(a.id, a.links.facilitator.token)
    await w.synced
    createNote(w.doc, { text: 'first', column: 'what', ...LEA })
    createNote(w.doc, { text: 'second', column: 'what', ...AINO })
    const check = t.client(a.id, a.links.facilitator.token)
    await converge(
      [w.doc, check.doc],
      (d) => readBoard(d).notes.length,
      (n) => n === 2,
    )

    expect((await erase(a.id, a.links.participant.token, { all: true })).status).toBe(404)
    expect((await erase(a.id, b.links.facilitator.token, { all: true })).status).toBe(404)
    expect((await erase('no-such-board', t.server.adminToken, { all: true })).status).toBe(404)
    for (const body of [{}, { all: false }, { notes: [] }, { authorId: 'x', all: true }, 'x']) {
      const r = await erase(a.id, a.links.facilitator.token, body)
      expect(r.status, JSON.stringify(body)).toBe(400)
      expect(await r.json()).toMatchObject({ error: 'bad_request' })
    }
    // Erasing what is not there changes nothing: no new epoch, nobody disconnected.
    const none = await erase(a.id, a.links.facilitator.token, { notes: ['nope'] })
    expect(await none.json()).toEqual({
      erased: false,
      epoch: null,
      notes: 0,
      themes: 0,
      dots: 0,
      copies: 0,
    })

    const r = await erase(a.id, t.server.adminToken, { all: true })
    expect(await r.json()).toMatchObject({ erased: true, notes: 2 })
    const fresh = t.client(a.id, a.links.facilitator.token)
    await fresh.synced
    expect(readBoard(fresh.doc).notes).toEqual([])
    expect(readMeta(fresh.doc).title).toBe('Room A')
    // The dashboard's figures follow.
    const dash = (await (
      await t.fetch(`/api/sessions/${s.id}`, { token: s.links.facilitator.token })
    ).json()) as { boards: { notes: { total: number } }[] }
    expect(dash.boards[0]?.notes.total).toBe(0)
  })

  it('[F13.10] the copies of a person’s notes sent to the plenary are erased with them', async () => {
    t = await newTestServer()
    const s = await t.createSession({ boards: ['Room 1', 'Plenary'] })
    const [room, plenary] = s.boards as [(typeof s.boards)[0], (typeof s.boards)[0]]
    const facilitator = s.links.facilitator.token
    const r = t.client(room.id, facilitator)
    const p = t.client(plenary.id, facilitator)
    await Promise.all([r.synced, p.synced])
    const lea = createNote(r.doc, { text: LEA_WORDS[0], column: 'what', ...LEA })
    const aino = createNote(r.doc, { text: AINO_WORDS, column: 'what', ...AINO })
    sendToBoard(
      { boardId: plenary.id, doc: p.doc },
      { boardId: room.id, doc: r.doc },
      { notes: [lea, aino] },
    )
    const check = t.client(plenary.id, plenary.links.observer.token)
    await converge(
      [p.doc, check.doc],
      (d) => readBoard(d).notes.length,
      (n) => n === 2,
    )
    const roomCheck = t.client(room.id, room.links.observer.token)
    await converge(
      [r.doc, roomCheck.doc],
      (d) => readBoard(d).notes.length,
      (n) => n === 2,
    )

    const res = await erase(room.id, facilitator, { notes: [lea] })
    expect(await res.json()).toMatchObject({ erased: true, notes: 1, copies: 1 })
    expect((await check.closedForGood).code).toBe(CLOSE.rebased.code)
    const after = t.client(plenary.id, plenary.links.observer.token)
    await after.synced
    expect(readBoard(after.doc).notes.map((n) => n.text)).toEqual([AINO_WORDS])
    expect(whereIs(LEA_WORDS[0]!, t.dataDir, [])).toEqual([])
  })

  it('[F13.7] on the new epoch nobody brings an erased note back, a facilitator neither', async () => {
    t = await newTestServer()
    const s = await t.createSession()
    const board = s.boards[0]!
    // Two people's notes from one connection are an import: the facilitator's link [F14.3].
    const w = t.client(board.id, board.links.facilitator.token)
    await w.synced
    const lea = createNote(w.doc, { text: LEA_WORDS[0], column: 'what', ...LEA })
    const check = t.client(board.id, board.links.observer.token)
    await converge(
      [w.doc, check.doc],
      (d) => readBoard(d).notes.length,
      (n) => n === 1,
    )
    await erase(board.id, board.links.facilitator.token, { notes: [lea] })

    const fac = t.client(board.id, board.links.facilitator.token)
    const part = t.client(board.id, board.links.participant.token)
    const watch = t.client(board.id, board.links.observer.token)
    await Promise.all([fac.synced, part.synced, watch.synced])
    expect(erasedIds(fac.doc)).toEqual(new Set([lea]))
    // A hand-made write, as an old device's or a forger's: the note back under its own id…
    createNote(fac.doc, { id: lea, text: LEA_WORDS[0], column: 'what', ...LEA })
    // …and the record of erased ids changed.
    part.doc.transact(() => part.doc.getMap('erased').delete(lea))
    const marker = createNote(fac.doc, { text: 'a facilitator’s own new note', column: 'what' })
    await converge(
      [fac.doc, part.doc, watch.doc],
      (d) => ({ ids: readBoard(d).notes.map((n) => n.id), erased: [...erasedIds(d)] }),
      (v) => v.ids.includes(marker),
    )
    expect(readBoard(watch.doc).notes.map((n) => n.id)).toEqual([marker])
    expect(erasedIds(watch.doc)).toEqual(new Set([lea]))
    expect(t.server.metrics.rejected.get('forbidden')).toBeGreaterThanOrEqual(2)
  })

  it('[R2] two erasures of one board at once both take effect, and nothing else is lost', async () => {
    t = await newTestServer()
    const s = await t.createSession()
    const board = s.boards[0]!
    // Two people's notes from one connection are an import: the facilitator's link [F14.3].
    const w = t.client(board.id, board.links.facilitator.token)
    await w.synced
    const lea = createNote(w.doc, { text: LEA_WORDS[0], column: 'what', ...LEA })
    const aino = createNote(w.doc, { text: AINO_WORDS, column: 'what', ...AINO })
    const kept = createNote(w.doc, { text: 'Nobody asked to erase this', column: 'what' })
    const check = t.client(board.id, board.links.observer.token)
    await converge(
      [w.doc, check.doc],
      (d) => readBoard(d).notes.length,
      (n) => n === 3,
    )
    // Both find the board in memory and wait (as for a load in slices) before they erase: the
    // second must not erase the document the first took out of memory.
    const rooms = t.server.rooms
    const slowRooms = Object.assign(Object.create(rooms) as typeof rooms, {
      acquire: async (id: string) => {
        const room = rooms.acquire(id)
        await new Promise((r) => setTimeout(r, 5))
        return room
      },
    })
    const deps = { storage: t.server.storage, log: silentLogger(), now: Date.now, rooms: slowRooms }
    const [a, b] = await Promise.all([
      eraseLive(deps, board.id, { notes: [lea] }, { by: 'facilitator' }),
      eraseLive(deps, board.id, { authorId: AINO.authorId }, { by: 'facilitator' }),
    ])
    expect([a.counts.notes, b.counts.notes]).toEqual([1, 1])
    const after = t.client(board.id, board.links.observer.token)
    await after.synced
    expect(readBoard(after.doc).notes.map((n) => n.id)).toEqual([kept])
    expect(erasedIds(after.doc)).toEqual(new Set([lea, aino]))
  })
})
