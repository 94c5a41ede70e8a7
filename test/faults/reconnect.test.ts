/**
 * Clients dropped mid-edit (a deliberate disconnect, or their socket killed under them) keep
 * editing offline and reconnect; in the end every replica, and a fresh load from the server,
 * holds the same board: identical harvests, every created note exactly once.
 */
import {
  createNote,
  deleteNote,
  editText,
  exportHarvest,
  LEVERS,
  moveNotes,
  notesMap,
  readBoard,
  restoreNote,
  setLever,
} from '@sensemaking/shared'
import * as prng from 'lib0/prng'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  type BoardClient,
  clientOf,
  createBoards,
  faultSeed,
  ServerUnderTest,
  type SignedPerson,
  signIn,
  waitFor,
} from './support'

const CLIENTS = 10
const OPS = 1500
/** Chance per op that its client drops: disconnect() or a killed socket. */
const DROP_CHANCE = 0.03
const EXPORT_AT = Date.UTC(2026, 0, 15, 12)

const harvestOf = (doc: Y.Doc, boardId: string) =>
  JSON.stringify(exportHarvest(doc, { boardId, now: () => EXPORT_AT }))

describe('dropped and reconnected clients', () => {
  const sut = new ServerUnderTest()
  const clients: BoardClient[] = []
  beforeAll(() => sut.start())
  afterAll(async () => {
    for (const c of clients) c.destroy()
    await sut.dispose()
  })

  it('converge with no duplicate and no lost note', async () => {
    const seed = faultSeed('reconnect')
    const gen = prng.create(seed)
    const [board] = await createBoards(sut.server, 1)
    if (!board) throw new Error('no board')
    // Each client is a person who reconnects as themself and edits their own notes [F12.8].
    const people = new Map<BoardClient, SignedPerson>()
    for (let i = 0; i < CLIENTS; i++) {
      const p = await signIn(sut, `r${i}`)
      const c = clientOf(sut, board, `r${i}`, false, p.credential)
      clients.push(c)
      people.set(c, p)
    }
    const own = new Map<BoardClient, string[]>(clients.map((c) => [c, []]))
    await Promise.all(clients.map((c) => c.whenSynced(30_000)))

    const created: string[] = []
    const offlineUntil = new Map<BoardClient, number>()
    const drops = { disconnect: 0, socketKilled: 0 }
    for (let op = 0; op < OPS; op++) {
      for (const [c, until] of offlineUntil) {
        if (op >= until) {
          c.provider.connect()
          offlineUntil.delete(c)
        }
      }
      const c = clients[prng.uint32(gen, 0, CLIENTS - 1)]!
      const ids = own.get(c)!.filter((id) => notesMap(c.doc).has(id))
      const r = prng.uint32(gen, 0, 99)
      const now = () => EXPORT_AT - 3_600_000 + op * 1000
      if (ids.length === 0 || r < 30) {
        const id = `note-${op}`
        const p = people.get(c)!
        const signed = { authorId: p.id, author: p.name, city: p.city }
        createNote(
          c.doc,
          { id, text: `text ${op}`, column: 'what', x: 100, y: 300, ...signed },
          {
            now,
          },
        )
        created.push(id)
        own.get(c)!.push(id)
      } else {
        const id = prng.oneOf(gen, ids)
        if (r < 60)
          moveNotes(
            c.doc,
            [{ id, x: prng.uint32(gen, 0, 3000), y: 200 + prng.uint32(gen, 0, 2000) }],
            { now },
          )
        else if (r < 80) editText(c.doc, id, { index: 0, insert: prng.word(gen, 1, 5) }, { now })
        else if (r < 90) setLever(c.doc, id, prng.oneOf(gen, LEVERS).id, { now })
        else if (r < 95) deleteNote(c.doc, id, { now })
        else restoreNote(c.doc, id, { now })
      }
      if (!offlineUntil.has(c) && prng.real53(gen) < DROP_CHANCE) {
        if (prng.bool(gen)) {
          c.provider.disconnect()
          offlineUntil.set(c, op + prng.uint32(gen, 5, 60))
          drops.disconnect++
        } else {
          // A network failure: the socket dies, the provider notices and reconnects itself.
          ;(c.provider.ws as unknown as { terminate?: () => void } | null)?.terminate?.()
          drops.socketKilled++
        }
      }
      // Let the sockets flow now and then, so edits interleave with the network.
      if (op % 10 === 9) await new Promise((r) => setTimeout(r, 1))
    }
    for (const c of offlineUntil.keys()) c.provider.connect()

    const sv = (d: Y.Doc) => Buffer.from(Y.encodeStateVector(d)).toString('base64')
    await waitFor(
      'every replica to converge',
      () => clients.every((c) => c.synced && sv(c.doc) === sv(clients[0]!.doc)),
      30_000,
    )
    const harvests = new Set(clients.map((c) => harvestOf(c.doc, board.id)))
    const loader = clientOf(sut, board, 'loader')
    await loader.whenSynced(30_000)
    const fromServer = harvestOf(loader.doc, board.id)
    const snap = readBoard(loader.doc)
    loader.destroy()

    const ids = snap.notes.map((n) => n.id)
    // Text edits insert at the start, so a note's text still ends with its creation's number:
    // a duplicate of a note (same content, another id) would repeat that number.
    const markers = new Set(snap.notes.map((n) => /(\d+)$/.exec(n.text)?.[1]))
    console.log(
      `[reconnect] ops ${OPS}, clients ${CLIENTS}, drops ${drops.disconnect} disconnect + ${drops.socketKilled} killed socket, ` +
        `notes created ${created.length}, on the server ${ids.length}, distinct harvests ${harvests.size}`,
    )
    expect(drops.disconnect + drops.socketKilled).toBeGreaterThan(0)
    expect(harvests.size).toBe(1)
    expect(fromServer).toBe([...harvests][0])
    expect(new Set(ids).size).toBe(ids.length)
    expect([...ids].sort()).toEqual([...created].sort())
    expect(markers.size).toBe(created.length)
  })

  it('keep a client that edits as its socket reopens, before the catch-up sync', async () => {
    // A note written offline, then another the moment the connection is back (someone typing
    // as the Wi-Fi returns): the second update reaches the server before the client's sync
    // step 2 that carries the first. The client must stay connected and both notes arrive.
    const [board] = await createBoards(sut.server, 1)
    if (!board) throw new Error('no board')
    const writer = clientOf(sut, board, 'typist')
    const other = clientOf(sut, board, 'other')
    clients.push(writer, other)
    await Promise.all([writer.whenSynced(30_000), other.whenSynced(30_000)])
    const note = (id: string) =>
      createNote(writer.doc, { id, text: id, column: 'what', x: 100, y: 300 })
    note('before')
    writer.provider.disconnect()
    note('offline')
    let typed = false
    writer.provider.on('status', (e: { status: string }) => {
      if (e.status === 'connected' && !typed) {
        typed = true
        note('as-it-reconnects')
      }
    })
    writer.provider.connect()
    await waitFor(
      'all three notes at the other client, or the writer closed for good',
      () =>
        writer.terminal !== null ||
        ['before', 'offline', 'as-it-reconnects'].every((id) => notesMap(other.doc).has(id)),
      15_000,
    )
    console.log(
      `[reconnect] edit on reopen: writer ${writer.terminal ? `closed ${writer.terminal.code} ${writer.terminal.reason}` : 'connected'}`,
    )
    expect(writer.terminal).toBeNull()
    expect([...notesMap(other.doc).keys()].sort()).toEqual([
      'as-it-reconnects',
      'before',
      'offline',
    ])
  })
})
