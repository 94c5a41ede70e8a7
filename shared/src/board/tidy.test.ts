import { describe, expect, it } from 'vitest'
import { newBoard } from '../testing/board'
import { createCluster } from './clusters'
import { columnRegion, isInside, NOTE_SIZE } from './layout'
import { createNote, deleteNote } from './notes'
import { readBoard } from './read'
import { planTidy, tidyColumn } from './tidy'

const overlaps = (a: { x: number; y: number }, b: { x: number; y: number }) =>
  Math.abs(a.x - b.x) < NOTE_SIZE.w && Math.abs(a.y - b.y) < NOTE_SIZE.h

describe('tidy column', () => {
  it('[F7.6] lays out every live note of the column without overlaps, themes framed', () => {
    const doc = newBoard()
    let t = 0
    const now = () => ++t
    // a pile: every note on one spot
    const ids = Array.from({ length: 14 }, (_, i) =>
      createNote(doc, { text: `n${i}`, column: 'so-what', x: 1400, y: 300 }, { now }),
    )
    const gone = createNote(doc, { text: 'deleted', column: 'so-what', x: 1400, y: 300 }, { now })
    deleteNote(doc, gone)
    const other = createNote(doc, { text: 'other column', column: 'what', x: 100, y: 300 }, { now })
    const theme = createCluster(doc, {
      title: 'Money',
      column: 'so-what',
      x: 0,
      y: 0,
      w: 1,
      h: 1,
      noteIds: ids.slice(3, 9),
    })
    tidyColumn(doc, 'so-what', { now })

    const b = readBoard(doc)
    const region = columnRegion(b.meta.columns, 'so-what')
    const placed = b.notes.filter((n) => ids.includes(n.id))
    for (const n of placed) expect(isInside(region, n.x, n.y)).toBe(true)
    for (let i = 0; i < placed.length; i++)
      for (let j = i + 1; j < placed.length; j++)
        expect(overlaps(placed[i]!, placed[j]!)).toBe(false)
    // the theme's frame holds exactly its members
    const frame = b.clusters.find((c) => c.id === theme)!
    for (const n of placed) {
      const inside =
        n.x >= frame.x &&
        n.x + NOTE_SIZE.w <= frame.x + frame.w &&
        n.y >= frame.y &&
        n.y + NOTE_SIZE.h <= frame.y + frame.h
      expect(inside).toBe(n.clusterId === theme)
    }
    // untouched: the deleted note and the other column
    expect(b.notes.find((n) => n.id === gone)).toMatchObject({ x: 1400, y: 300 })
    expect(b.notes.find((n) => n.id === other)).toMatchObject({ x: 100, y: 300 })
  })

  it('[F7.6] tidying twice changes nothing the second time', () => {
    const doc = newBoard()
    for (let i = 0; i < 7; i++) createNote(doc, { text: `n${i}`, column: 'what', x: 60, y: 200 })
    tidyColumn(doc, 'what')
    const first = planTidy(doc, 'what')
    let updates = 0
    doc.on('update', () => updates++)
    tidyColumn(doc, 'what')
    expect(planTidy(doc, 'what')).toEqual(first)
    expect(updates).toBe(0)
  })
})
