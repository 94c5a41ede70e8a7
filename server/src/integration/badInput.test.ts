import { CLOSE, createNote, notesMap, readBoard, setText } from '@sensemaking/shared'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { encodeSyncStep2Update, encodeUpdate } from '../protocol/messages'
import { awarenessMessage, decodeMessage } from '../testing/fakes'
import { converge, newTestServer, signedBy, type TestServer } from '../testing/newTestServer'
import { captureUpdate, offlineTab } from '../testing/replicas'
import { noteTexts as texts } from '../testing/texts'
import { waitFor } from '../testing/waitFor'

let t: TestServer
afterEach(async () => {
  await t?.close()
})

/** Two notes of a second replica, as two updates; the second alone has a gap. */
function gapUpdates(): [first: Uint8Array, second: Uint8Array] {
  const d = new Y.Doc()
  const ups: Uint8Array[] = []
  d.on('update', (u: Uint8Array) => ups.push(u))
  createNote(d, { id: 'first', text: 'first', column: 'what', authorId: 'u-bot' })
  createNote(d, { id: 'second', text: 'second', column: 'what', authorId: 'u-bot' })
  return [ups[0]!, ups[1]!]
}

function seededRandom(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

describe('bad input', () => {
  it('a malformed message closes only its socket while another board keeps syncing', async () => {
    t = await newTestServer()
    const s = await t.createSession()
    const [bad, good] = s.boards
    const a = t.client(good!.id, good!.links.participant.token)
    const b = t.client(good!.id, good!.links.participant.token)
    await Promise.all([a.synced, b.synced])
    const rnd = seededRandom(42)
    const frames: [string, Uint8Array][] = [
      ['random bytes', Uint8Array.from({ length: 40 }, () => Math.floor(rnd() * 256))],
      ['a truncated varint', Uint8Array.from([0x80])],
      ['a sync message cut short', Uint8Array.from([0, 2, 0x85])],
      ['an empty frame', new Uint8Array(0)],
      ['an unknown message type', Uint8Array.from([9, 0])],
      ['a zero-length update', Uint8Array.from([0, 2, 0])],
      ['an update that does not decode', encodeUpdate(Uint8Array.from([5, 200, 1, 2, 3, 4, 5]))],
      ['trailing bytes', Uint8Array.from([0, 2, 2, 0, 0, 7])],
      ['awareness JSON that is not JSON', Uint8Array.from([1, 5, 1, 7, 1, 1, 0x7b])],
    ]
    for (const [i, [what, frame]] of frames.entries()) {
      const r = t.raw(bad!.id, bad!.links.participant.token)
      await r.opened
      r.send(frame)
      expect([what, await r.closed]).toEqual([
        what,
        { code: CLOSE.malformed.code, reason: CLOSE.malformed.reason },
      ])
      createNote(a.doc, { text: `still syncing ${i}`, column: 'what', authorId: 'u-a' })
      await converge([a.doc, b.doc], texts, (v) => v.length === i + 1)
    }
    expect(await (await t.fetch('/healthz')).json()).toMatchObject({ status: 'ok' })
    // Nothing of the bad frames was stored on their board.
    const watcher = t.client(bad!.id, bad!.links.observer.token)
    await watcher.synced
    expect(readBoard(watcher.doc).notes).toEqual([])
    expect(watcher.doc.getMap('notes').size).toBe(0)
  })

  it('accepts a fresh client’s empty update [0, 0]', async () => {
    t = await newTestServer()
    const s = await t.createSession()
    const board = s.boards[0]!
    const r = t.raw(board.id, board.links.participant.token)
    const w = t.raw(board.id, board.links.observer.token)
    await Promise.all([r.opened, w.opened])
    r.send(encodeUpdate(Uint8Array.from([0, 0])))
    // An awareness change afterwards, relayed to the other connection, proves the connection is
    // still open and served.
    r.send(awarenessMessage([{ id: 77, clock: 1, state: { user: { name: 'x' } } }]))
    await waitFor(() =>
      w.frames
        .map(decodeMessage)
        .some((m) => m.kind === 'awareness' && m.entries.some((e) => e.id === 77)),
    )
    expect(r.ws.readyState).toBe(r.ws.OPEN)
  })

  it('closes an oversized message with the too-large code', async () => {
    t = await newTestServer({ limits: { maxMessageBytes: 64 * 1024 } })
    const s = await t.createSession()
    const board = s.boards[0]!
    const r = t.raw(board.id, board.links.participant.token)
    await r.opened
    r.send(new Uint8Array(100 * 1024))
    expect(await r.closed).toEqual({ code: CLOSE.tooLarge.code, reason: CLOSE.tooLarge.reason })
    // A catch-up sync below the limit is fine.
    const c = t.client(board.id, board.links.participant.token)
    await c.synced
    createNote(c.doc, { text: 'x'.repeat(1500), column: 'what', authorId: 'u-bot' })
    const other = t.client(board.id, board.links.observer.token)
    await converge([c.doc, other.doc], texts, (v) => v.length === 1)
  })

  it('caps an awareness flood to a few client ids per connection', async () => {
    t = await newTestServer()
    const s = await t.createSession()
    const board = s.boards[0]!
    const flooder = t.raw(board.id, board.links.participant.token)
    const watcher = t.raw(board.id, board.links.observer.token)
    await Promise.all([flooder.opened, watcher.opened])
    const entries = Array.from({ length: 200 }, (_, i) => ({
      id: 1000 + i,
      clock: 1,
      state: { n: i },
    }))
    flooder.send(awarenessMessage(entries))
    await waitFor(() => watcher.frames.map(decodeMessage).some((m) => m.kind === 'awareness'))
    const seen = new Set(
      watcher.frames
        .map(decodeMessage)
        .flatMap((m) => (m.kind === 'awareness' ? m.entries.map((e) => e.id) : [])),
    )
    expect(seen.size).toBe(4)
    expect(flooder.ws.readyState).toBe(flooder.ws.OPEN)
    const metrics = await (await t.fetch('/metrics', { token: t.server.adminToken })).text()
    expect(metrics).toMatch(/board_rejected_messages_total\{reason="awareness-cap"\} 196/)
  })
  it('holds an update with a gap until what it builds on arrives, then stores and relays both', async () => {
    t = await newTestServer()
    const s = await t.createSession()
    const board = s.boards[0]!
    const watcher = t.client(board.id, board.links.observer.token)
    await watcher.synced
    const [first, second] = gapUpdates()
    const r = t.raw(board.id, board.links.participant.token)
    await r.opened
    r.send(encodeUpdate(second))
    // Held: not relayed, not refused. A note written after it by someone else still syncs.
    const a = t.client(board.id, board.links.participant.token)
    await a.synced
    createNote(a.doc, { id: 'meanwhile', text: 'meanwhile', column: 'what', authorId: 'u-a' })
    await converge([watcher.doc], texts, (v) => v.length === 1)
    expect(texts(watcher.doc)).toEqual(['meanwhile'])
    r.send(encodeUpdate(first))
    await converge([watcher.doc, a.doc], texts, (v) => v.length === 3)
    expect(texts(watcher.doc)).toEqual(['first', 'meanwhile', 'second'])
    expect(r.ws.readyState).toBe(r.ws.OPEN)
    await t.restart()
    const later = t.client(board.id, board.links.observer.token)
    await later.synced
    expect(texts(later.doc)).toEqual(['first', 'meanwhile', 'second'])
  })

  it('[G7] holds an edit built on a note it lacks, whole, until that note arrives; then stores and relays both', async () => {
    t = await newTestServer()
    const s = await t.createSession()
    const board = s.boards[0]!
    const watcher = t.client(board.id, board.links.observer.token)
    await watcher.synced
    // A note written offline, never sent; a tab reopened from that offline copy (a new client
    // id) adds a note of its own and edits the offline one, in one update.
    const { tab, offlineUpdate } = offlineTab(watcher.doc)
    const tabUpdate = captureUpdate(tab, (d) => {
      d.transact(() => {
        createNote(d, { id: 'mine', text: 'from the tab', column: 'so-what', authorId: 'u-bot' })
        setText(d, 'away', 'edited in the tab')
      })
    })
    const r = t.raw(board.id, board.links.participant.token)
    await r.opened
    r.send(encodeUpdate(tabUpdate))
    // Held: a note written meanwhile by someone else reaches the watcher, the tab's do not.
    const a = t.client(board.id, board.links.participant.token)
    await a.synced
    createNote(a.doc, { id: 'meanwhile', text: 'meanwhile', column: 'what', authorId: 'u-a' })
    await converge([watcher.doc], texts, (v) => v.length === 1)
    expect(texts(watcher.doc)).toEqual(['meanwhile'])
    // The offline replica reconnects: the held edit applies after it, on every replica.
    r.send(encodeUpdate(offlineUpdate))
    await converge([watcher.doc], texts, (v) => v.includes('edited in the tab'))
    expect(texts(watcher.doc)).toEqual(['edited in the tab', 'from the tab', 'meanwhile'])
    expect(r.ws.readyState).toBe(r.ws.OPEN)
    await t.restart()
    const later = t.client(board.id, board.links.observer.token)
    await later.synced
    expect(texts(later.doc)).toEqual(['edited in the tab', 'from the tab', 'meanwhile'])
  })

  it('closes a connection whose gap is never filled with a retryable code, storing nothing of it', async () => {
    t = await newTestServer({ limits: { heldTimeoutMs: 200, maintenanceMs: 50 } })
    const s = await t.createSession()
    const board = s.boards[0]!
    const r = t.raw(board.id, board.links.participant.token)
    await r.opened
    r.send(encodeUpdate(gapUpdates()[1]))
    const closed = await r.closed
    expect(closed).toEqual({ code: CLOSE.outOfSync.code, reason: CLOSE.outOfSync.reason })
    expect(CLOSE.outOfSync.retries).toBe(true)
    const watcher = t.client(board.id, board.links.observer.token)
    await watcher.synced
    expect(watcher.doc.getMap('notes').size).toBe(0)
  })

  it('closes a connection that holds more than maxHeldBytes', async () => {
    t = await newTestServer({ limits: { maxHeldBytes: 64 } })
    const s = await t.createSession()
    const board = s.boards[0]!
    const r = t.raw(board.id, board.links.participant.token)
    await r.opened
    const d = new Y.Doc()
    const ups: Uint8Array[] = []
    d.on('update', (u: Uint8Array) => ups.push(u))
    for (let i = 0; i < 4; i++) createNote(d, { id: `n${i}`, text: `note ${i}`, column: 'what' })
    for (const u of ups.slice(1)) r.send(encodeUpdate(u))
    expect(await r.closed).toMatchObject({ code: CLOSE.outOfSync.code })
  })
  it('closes a catch-up that overlaps what the server holds with a retryable code; the next one applies', async () => {
    t = await newTestServer()
    const s = await t.createSession()
    const board = s.boards[0]!
    const watcher = t.client(board.id, board.links.observer.token)
    await watcher.synced
    // A bot's replica types into a note's text directly, one character per transaction, so its
    // store merges the characters into one struct.
    const bot = new Y.Doc()
    Y.applyUpdate(bot, Y.encodeStateAsUpdate(watcher.doc))
    const ups: Uint8Array[] = []
    bot.on('update', (u: Uint8Array) => ups.push(u))
    // The bot presents a credential, so its reconnect is the same person [F14.2].
    const person = await t.person()
    createNote(bot, { id: 'typed', text: '', column: 'what', ...signedBy(person) })
    const text = () => (notesMap(bot).get('typed') as Y.Map<unknown>).get('text') as Y.Text
    const serverSv = Y.encodeStateVector(watcher.doc)
    for (const ch of 'ab') text().insert(text().length, ch)
    const r = t.raw(board.id, board.links.participant.token, person)
    await r.opened
    for (const u of ups) r.send(encodeUpdate(u))
    await converge([watcher.doc], texts, (v) => v.includes('ab'))
    // Its answer to the server's step 1 (computed from the older state vector) arrives after
    // its live updates and carries one more character in the same struct.
    text().insert(2, 'c')
    r.send(encodeSyncStep2Update(Y.encodeStateAsUpdate(bot, serverSv)))
    expect(await r.closed).toEqual({ code: CLOSE.outOfSync.code, reason: CLOSE.outOfSync.reason })
    expect(CLOSE.outOfSync.retries).toBe(true)
    // Reconnected, its catch-up starts at the server's state and applies.
    const again = t.raw(board.id, board.links.participant.token, person)
    await again.opened
    again.send(encodeSyncStep2Update(Y.encodeStateAsUpdate(bot, Y.encodeStateVector(watcher.doc))))
    await converge([watcher.doc], texts, (v) => v.includes('abc'))
    expect(texts(watcher.doc)).toEqual(['abc'])
  })

  it('[G4] a facilitator’s import of 1,500 notes in one message passes; a participant’s is refused unapplied', async () => {
    t = await newTestServer()
    const s = await t.createSession()
    const board = s.boards[0]!
    const watcher = t.client(board.id, board.links.observer.token)
    await watcher.synced
    const importer = new Y.Doc()
    Y.applyUpdate(importer, Y.encodeStateAsUpdate(watcher.doc))
    const update = captureUpdate(importer, (d) => {
      d.transact(() => {
        for (let i = 0; i < 1500; i++) {
          createNote(d, { id: `i${i}`, text: `imported note ${i}`, column: 'what', x: 0, y: 0 })
        }
      })
    })
    const p = t.raw(board.id, board.links.participant.token)
    await p.opened
    p.send(encodeUpdate(update))
    expect((await p.closed).code).toBe(CLOSE.refused.code)
    expect(watcher.doc.getMap('notes').size).toBe(0)
    const f = t.raw(board.id, board.links.facilitator.token)
    await f.opened
    f.send(encodeUpdate(update))
    await waitFor(() => watcher.doc.getMap('notes').size === 1500, 20_000, 'the import')
    expect(f.ws.readyState).toBe(f.ws.OPEN)
  })
})
