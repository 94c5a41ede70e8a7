/**
 * A theme's lock reaches its notes, at the real server [F8.8]: real y-websocket clients on
 * port 0. A participant's edit, move, re-tag, delete or take-out of a note in a locked theme
 * is applied and reverted at once, for every replica; a facilitator's passes.
 */
import {
  assignToCluster,
  createCluster,
  createNote,
  deleteNote,
  dissolveCluster,
  moveNotes,
  readBoard,
  setItemsLocked,
  setLever,
  setText,
  setVote,
  setVotes,
} from '@sensemaking/shared'
import { afterEach, describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { converge, newTestServer, type TestServer } from '../testing/newTestServer'
import { waitFor } from '../testing/waitFor'

let t: TestServer
afterEach(async () => {
  await t?.close()
})

const view = (d: Y.Doc) => {
  const b = readBoard(d)
  return {
    notes: b.notes
      .map((n) => ({
        id: n.id,
        text: n.text,
        lever: n.lever,
        x: n.x,
        clusterId: n.clusterId,
        deleted: n.deletedAt !== null,
      }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    clusters: b.clusters.map((c) => [c.id, c.locked]).sort(),
    votes: [...b.votes].map(([id, v]) => [id, [...v].sort()]).sort(),
  }
}

/** A facilitator, a participant and an observer on one board; a theme of two of the participant's notes. */
async function themedBoard() {
  t = await newTestServer()
  const s = await t.createSession({ boards: 1 })
  const b = s.boards[0]!
  const clients = [b.links.facilitator, b.links.participant, b.links.observer].map((l) =>
    t.client(b.id, l.token),
  )
  await Promise.all(clients.map((c) => c.synced))
  const [f, p, o] = clients.map((c) => c.doc) as [Y.Doc, Y.Doc, Y.Doc]
  const who = { author: 'Pia', city: 'Turku', authorId: 'u-p' }
  const a = createNote(p, { text: 'in the theme', column: 'so-what', ...who })
  const b2 = createNote(p, { text: 'also in it', column: 'so-what', ...who })
  const free = createNote(p, { text: 'outside', column: 'so-what', ...who })
  await converge([f, p, o], view, (v) => v.notes.length === 3)
  const c = createCluster(f, {
    title: 'Agreed',
    column: 'so-what',
    x: 0,
    y: 300,
    w: 500,
    h: 300,
    noteIds: [a, b2],
  })
  setItemsLocked(f, { clusters: [c] }, true)
  await waitFor(() => readBoard(p).clusters[0]?.locked === true)
  return { f, p, o, docs: [f, p, o], a, b: b2, free, c }
}

const note = (d: Y.Doc, id: string) => view(d).notes.find((n) => n.id === id)!

describe('[F8.8] a locked theme protects its notes at the server', () => {
  it("reverts a participant's edit, move, re-tag, delete and take-out of its notes everywhere; a note outside takes edits", async () => {
    const { f, p, o, docs, a, b, free, c } = await themedBoard()
    const before = { a: note(f, a), b: note(f, b) }
    setText(p, a, 'rewritten after the lock')
    setLever(p, a, 'finance-funding')
    moveNotes(p, [{ id: b, x: before.b.x + 40, y: 400 }])
    deleteNote(p, b)
    assignToCluster(p, [a], null)
    // The marker: an allowed edit sent after the refused ones.
    setText(p, free, 'edited while the theme is locked')
    await converge(
      docs,
      view,
      (v) => v.notes.find((n) => n.id === free)?.text === 'edited while the theme is locked',
    )
    for (const d of [f, p, o]) {
      expect(note(d, a)).toEqual(before.a)
      expect(note(d, b)).toEqual(before.b)
      expect(note(d, a).clusterId).toBe(c)
    }
  })

  it("reverts a participant's note put into a locked theme, and one created inside it", async () => {
    const { f, p, docs, free, c } = await themedBoard()
    assignToCluster(p, [free], c)
    const made = createNote(p, {
      text: 'made inside the locked theme',
      column: 'so-what',
      clusterId: c,
      authorId: 'u-p',
    })
    setText(p, free, 'marker')
    await converge(docs, view, (v) => v.notes.find((n) => n.id === free)?.text === 'marker')
    expect(note(f, free).clusterId).toBeNull()
    expect(note(f, made)).toBeUndefined()
    expect(note(p, made)).toBeUndefined()
  })

  it("refuses whole a participant's change that unlocks or dissolves the theme while editing a note", async () => {
    const { f, p, docs, a, free, c } = await themedBoard()
    p.transact(() => {
      setItemsLocked(p, { clusters: [c] }, false)
      setText(p, a, 'slipped in while unlocking')
    })
    p.transact(() => {
      dissolveCluster(p, c)
      setText(p, a, 'slipped in while dissolving')
    })
    setText(p, free, 'marker')
    await converge(docs, view, (v) => v.notes.find((n) => n.id === free)?.text === 'marker')
    expect(note(f, a)).toMatchObject({ text: 'in the theme', clusterId: c })
    expect(view(f).clusters).toEqual([[c, true]])
  })

  it("a facilitator edits, moves and takes out its notes; a participant's dots pass while a vote is open", async () => {
    const { f, p, o, docs, a, b, c } = await themedBoard()
    setText(f, a, 'reworded by the facilitator')
    moveNotes(f, [{ id: b, x: 60, y: 420 }])
    assignToCluster(f, [b], null)
    setVote(f, { status: 'open', dotsPerPerson: 3, round: 1 })
    await waitFor(() => note(p, b).clusterId === null && readBoard(p).notes.length === 3)
    await converge(
      docs,
      view,
      (v) => v.notes.find((n) => n.id === a)?.text.startsWith('reword') === true,
    )
    setVotes(p, a, 'u-p', 2)
    await converge(docs, view, (v) => v.votes.some(([id]) => id === a))
    expect(readBoard(o).votes.get(a)?.get('u-p')).toBe(2)
    expect(note(o, a)).toMatchObject({ text: 'reworded by the facilitator', clusterId: c })
    expect(note(o, b).clusterId).toBeNull()
  })
})
