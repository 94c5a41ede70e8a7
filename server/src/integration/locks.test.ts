/**
 * Locks and facilitation state enforced by the real server [F2.6, F8]: real y-websocket
 * clients on port 0. A participant's refused change is applied and reverted at once, so every
 * replica (the writer's too) converges; a facilitator's change passes.
 */
import {
  BOARD,
  boardMap,
  createCluster,
  createNote,
  readBoard,
  readBroadcast,
  readMeta,
  readPrivateWriting,
  readSummon,
  readTimer,
  readVote,
  renameCluster,
  setBroadcast,
  setClusterBounds,
  setItemsLocked,
  setLever,
  setLocked,
  setPhase,
  setSummon,
  setText,
  setTimer,
  setTitle,
  setVote,
  setVotes,
  startPrivateWriting,
  timerTransitions,
} from '@sensemaking/shared'
import { afterEach, describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { converge, newTestServer, signedBy, type TestServer } from '../testing/newTestServer'
import { waitFor } from '../testing/waitFor'

let t: TestServer
afterEach(async () => {
  await t?.close()
})

const view = (d: Y.Doc) => {
  const b = readBoard(d)
  return {
    notes: b.notes.map((n) => [n.id, n.text, n.lever, n.x, n.locked]).sort(),
    clusters: b.clusters.map((c) => [c.id, c.title, c.x, c.locked]).sort(),
    votes: [...b.votes].map(([id, v]) => [id, [...v].sort()]).sort(),
  }
}

/** A board with a facilitator, a participant and an observer who watches from outside. */
async function board() {
  t = await newTestServer()
  const s = await t.createSession({ boards: 1 })
  const b = s.boards[0]!
  const me = await t.person()
  const f = t.client(b.id, b.links.facilitator.token)
  const p = t.client(b.id, b.links.participant.token, me)
  const o = t.client(b.id, b.links.observer.token)
  await Promise.all([f.synced, p.synced, o.synced])
  const docs = [f.doc, p.doc, o.doc]
  return { f: f.doc, p: p.doc, o: o.doc, docs, me }
}

describe('[F8.5] note and cluster locks at the server', () => {
  it("reverts a participant's edit of a locked note everywhere; the unlocked note next to it takes edits", async () => {
    const { f, p, o, docs, me } = await board()
    const locked = createNote(p, { text: 'kept as is', column: 'what', ...signedBy(me) })
    const open = createNote(p, { text: 'still open', column: 'what', ...signedBy(me) })
    await converge(docs, view, (v) => v.notes.length === 2)
    setItemsLocked(f, { notes: [locked] }, true)
    await waitFor(() => readBoard(p).notes.find((n) => n.id === locked)?.locked === true)

    setText(p, locked, 'changed after the lock')
    setLever(p, locked, 'finance-funding')
    setText(p, open, 'edited while the other is locked')
    await converge(docs, view, (v) =>
      v.notes.some((n) => n[1] === 'edited while the other is locked'),
    )
    const note = (d: Y.Doc, id: string) => readBoard(d).notes.find((n) => n.id === id)!
    for (const d of [f, p, o]) {
      expect(note(d, locked)).toMatchObject({ text: 'kept as is', lever: null, locked: true })
      expect(note(d, open).text).toBe('edited while the other is locked')
    }
  })

  it("reverts a participant's unlocking of a note, and a facilitator's edit of a locked note passes", async () => {
    const { f, p, docs } = await board()
    const id = createNote(f, { text: 'decided', column: 'now-what' })
    await converge(docs, view, (v) => v.notes.length === 1)
    setItemsLocked(f, { notes: [id] }, true)
    await waitFor(() => readBoard(p).notes[0]?.locked === true)

    setItemsLocked(p, { notes: [id] }, false)
    setText(p, id, 'undecided')
    await converge(docs, view, (v) => v.notes[0]![4] === true && v.notes[0]![1] === 'decided')

    setText(f, id, 'decided, with the wording agreed')
    await converge(docs, view, (v) => v.notes[0]![1] === 'decided, with the wording agreed')
    expect(readBoard(p).notes[0]).toMatchObject({ locked: true })
  })

  it("reverts a participant's change to a locked theme and a participant locking an item", async () => {
    const { f, p, docs } = await board()
    const n = createNote(f, { text: 'member', column: 'so-what' })
    const c = createCluster(f, {
      title: 'Funding gaps',
      column: 'so-what',
      x: 0,
      y: 300,
      w: 400,
      h: 300,
      noteIds: [n],
    })
    await converge(docs, view, (v) => v.clusters.length === 1)
    setItemsLocked(f, { clusters: [c] }, true)
    await waitFor(() => readBoard(p).clusters[0]?.locked === true)
    renameCluster(p, c, 'Renamed by a participant')
    setClusterBounds(p, c, { x: 999 })
    // Locking is the facilitator's too, even of an unlocked note.
    setItemsLocked(p, { notes: [n] }, true)
    await converge(
      docs,
      view,
      (v) => v.clusters[0]![1] === 'Funding gaps' && v.clusters[0]![2] === 0,
    )
    for (const d of docs) {
      expect(readBoard(d).clusters[0]).toMatchObject({ title: 'Funding gaps', locked: true })
      expect(readBoard(d).notes[0]!.locked).toBe(false)
    }
  })

  it('dots on a locked note are still allowed while a vote is open (locks protect the note, not the vote)', async () => {
    const { f, p, docs, me } = await board()
    const id = createNote(f, { text: 'vote on me', column: 'now-what' })
    setItemsLocked(f, { notes: [id] }, true)
    setVote(f, { status: 'open', dotsPerPerson: 3, round: 1 })
    await waitFor(() => readVote(p).status === 'open' && readBoard(p).notes.length === 1)
    setVotes(p, id, me.id, 2)
    await converge(docs, view, (v) => v.votes.length === 1 && v.votes[0]![1]!.length === 1)
    expect(readBoard(f).votes.get(id)?.get(me.id)).toBe(2)
  })
})

describe('[F8] facilitation state is the facilitators’ own', () => {
  it("reverts a participant's write of every board setting, and converges", async () => {
    const { f, p, o } = await board()
    const settings = (d: Y.Doc) => ({
      meta: readMeta(d),
      timer: readTimer(d),
      vote: readVote(d),
      pw: readPrivateWriting(d),
      broadcast: readBroadcast(d),
      summon: readSummon(d),
    })
    const before = JSON.stringify(settings(f))
    setPhase(p, 'so-what')
    setTimer(p, timerTransitions.start(60_000, Date.now()))
    setVote(p, { status: 'open', dotsPerPerson: 99, round: 7 })
    startPrivateWriting(p)
    setBroadcast(p, { message: 'not from a facilitator', from: 'P', at: 1 })
    setSummon(p, { x: 1, y: 2, w: 3, h: 4, by: 'P', at: 5 })
    setTitle(p, 'Renamed')
    setLocked(p, true)
    boardMap(p).set(BOARD.columns, [{ id: 'x', title: 'X', prompt: '', order: 0 }])
    boardMap(p).set(BOARD.tags, [{ id: 'y', label: 'Y', color: '#000' }])
    await converge(
      [f, p, o],
      (d) => JSON.stringify(settings(d)),
      (v) => v === before,
    )
    expect(JSON.stringify(settings(p))).toBe(before)
  })

  it("a facilitator's settings pass, and a locked board refuses a participant's dots and edits", async () => {
    const { f, p, o, docs, me } = await board()
    const id = createNote(p, { text: 'mine', column: 'what', ...signedBy(me) })
    setVote(f, { status: 'open', dotsPerPerson: 3, round: 1 })
    setPhase(f, 'what')
    setTimer(f, timerTransitions.start(300_000, Date.now()))
    await waitFor(() => readVote(p).status === 'open' && readMeta(o).phase === 'what')
    expect(readTimer(o).status).toBe('running')
    setLocked(f, true)
    await waitFor(() => readMeta(p).locked)
    setVotes(p, id, me.id, 1)
    setText(p, id, 'edited on a locked board')
    await converge(
      docs,
      view,
      (v) => v.notes[0]![1] === 'mine' && v.votes.every((x) => x[1]!.length === 0),
    )
    expect(readBoard(o).votes.get(id)?.size ?? 0).toBe(0)
  })
})
