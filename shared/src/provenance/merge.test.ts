import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { createCluster } from '../board/clusters'
import { BOARD_ERROR } from '../board/errors'
import { NOTE_SIZE } from '../board/layout'
import { createNote, deleteNote } from '../board/notes'
import { readBoard } from '../board/read'
import { newBoard } from '../testing/board'
import { boardDigests, copyStatuses } from './digests'
import { mergeThemes } from './merge'
import { refreshCopies } from './refresh'
import { SEND_OUTCOME, sendToBoard } from './send'

/** Two rooms with a theme "Funding gaps" each, both sent to the plenary. */
function plenary() {
  const mk = (title: string, boardId: string) => ({ doc: newBoard({ title }), boardId })
  const a = mk('Room A', 'room-a')
  const b = mk('Room B', 'room-b')
  const p = mk('Plenary', 'plenary')
  const theme = (r: { doc: Y.Doc }, texts: string[], other?: string) => {
    const ids = texts.map((text) => createNote(r.doc, { text, column: 'so-what' }))
    if (other) ids.push(createNote(r.doc, { text: other, column: 'now-what' }))
    return createCluster(r.doc, {
      title: 'Funding gaps',
      column: 'so-what',
      x: 1300,
      y: 180,
      w: 500,
      h: 300,
      noteIds: ids,
    })
  }
  const ta = theme(a, ['No budget line', 'Pilots end'])
  const tb = theme(b, ['Banks want scale'], 'Pool the pilots')
  const ca = sendToBoard(p, a, { themes: [ta] }).themes[0]!.copyId!
  const cb = sendToBoard(p, b, { themes: [tb] }).themes[0]!.copyId!
  return { a, b, p, ta, tb, ca, cb }
}

const theme = (doc: Y.Doc, id: string) => readBoard(doc).clusters.find((c) => c.id === id)

describe('merging themes', () => {
  it('[F11.9] the members join one theme, its frame grows to hold those of its column, it keeps both sources', () => {
    const { p, ca, cb } = plenary()
    const joined = mergeThemes(p.doc, ca, [cb])
    const snap = readBoard(p.doc)
    expect(snap.clusters.map((c) => c.id)).toEqual([ca])
    const t = theme(p.doc, ca)!
    expect(t.title).toBe('Funding gaps')
    expect(t.sources.map((s) => s.boardId)).toEqual(['room-a', 'room-b'])
    expect(joined).toHaveLength(2)
    const members = snap.notes.filter((n) => n.clusterId === ca)
    expect(members.map((n) => n.text).sort()).toEqual([
      'Banks want scale',
      'No budget line',
      'Pilots end',
      'Pool the pilots',
    ])
    // Those of the theme's column sit inside its frame; the one of another column stays there.
    for (const n of members) {
      const inside =
        n.x >= t.x && n.y >= t.y && n.x + NOTE_SIZE.w <= t.x + t.w && n.y + NOTE_SIZE.h <= t.y + t.h
      expect([n.text, n.column === 'so-what' ? inside : !inside]).toEqual([n.text, true])
    }
    expect(members.find((n) => n.text === 'Pool the pilots')!.column).toBe('now-what')
  })

  it('[F11.9] [F11.5] after a merge, sending either source again adds nothing; each still refreshes', () => {
    const { a, b, p, ta, tb, ca, cb } = plenary()
    mergeThemes(p.doc, ca, [cb])
    expect(sendToBoard(p, a, { themes: [ta] }).themes[0]!.outcome).toBe(SEND_OUTCOME.alreadySent)
    expect(sendToBoard(p, b, { themes: [tb] }).themes[0]).toMatchObject({
      copyId: ca,
      outcome: SEND_OUTCOME.alreadySent,
    })
    // A note joins B's theme: the merged theme shows it changed for B, and a refresh brings it.
    createNote(b.doc, { text: 'Guarantees', column: 'so-what', clusterId: tb })
    const digests = (id: string) =>
      id === 'room-a' ? boardDigests(a.doc) : id === 'room-b' ? boardDigests(b.doc) : null
    expect(
      copyStatuses(readBoard(p.doc), 'plenary', digests).themes[ca]!.map((s) => s.status),
    ).toEqual(['unchanged', 'changed'])
    refreshCopies(p, b, { themes: [ca] })
    expect(theme(p.doc, ca)!.title).toBe('Funding gaps')
    const texts = readBoard(p.doc)
      .notes.filter((n) => n.clusterId === ca)
      .map((n) => n.text)
    expect(texts).toContain('Guarantees')
    expect(
      copyStatuses(readBoard(p.doc), 'plenary', digests).themes[ca]!.map((s) => s.status),
    ).toEqual(['unchanged', 'unchanged'])
  })

  it('[F11.9] themes without sources merge too; a deleted member follows; unknown ids throw before any write', () => {
    const doc = newBoard()
    const x = createNote(doc, { text: 'x', column: 'what' })
    const y = createNote(doc, { text: 'y', column: 'what' })
    const t1 = createCluster(doc, {
      title: 'One',
      column: 'what',
      x: 40,
      y: 180,
      w: 300,
      h: 300,
      noteIds: [x],
    })
    const t2 = createCluster(doc, {
      title: 'Two',
      column: 'what',
      x: 40,
      y: 900,
      w: 300,
      h: 300,
      noteIds: [y],
    })
    deleteNote(doc, y)
    const before = JSON.stringify(readBoard(doc))
    expect(() => mergeThemes(doc, t1, [t2, 'nope'])).toThrow(
      expect.objectContaining({ code: BOARD_ERROR.unknownCluster }),
    )
    expect(JSON.stringify(readBoard(doc))).toBe(before)
    // `into` among the others is left out.
    expect(mergeThemes(doc, t1, [t2, t1])).toEqual([])
    const snap = readBoard(doc)
    expect(snap.clusters.map((c) => [c.id, c.sources])).toEqual([[t1, []]])
    expect(snap.notes.find((n) => n.id === y)!.clusterId).toBe(t1)
  })
})
