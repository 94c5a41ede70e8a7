import { columnRegion, NOTE_SIZE, type NoteView, readMeta, seedBoard } from '@sensemaking/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  AHEAD_PX,
  addNow,
  KEEP_PX,
  liveCount,
  MAX_DRAWN,
  notesToDraw,
  shows,
  WINDOW_FROM,
  windowAround,
} from './noteWindow'

const doc = new Y.Doc()
seedBoard(doc, { title: 'Window' })
const meta = readMeta(doc)
const what = columnRegion(meta.columns, 'what')

function note(i: number, p: Partial<NoteView> = {}): NoteView {
  return {
    locked: false,
    id: `n${i}`,
    text: '',
    column: 'what',
    lever: null,
    kind: null,
    source: null,
    city: '',
    author: '',
    authorId: '',
    // Five to a row, 220 apart, down the column.
    x: what.x + 40 + (i % 5) * 220,
    y: what.y + 200 + Math.floor(i / 5) * 220,
    clusterId: null,
    createdAt: i,
    updatedAt: i,
    deletedAt: null,
    ...p,
  }
}

const board = (n: number) => Array.from({ length: n }, (_, i) => note(i))
const view = { x: what.x, y: 0, w: 1440, h: 900 }
const none = new Set<string>()

describe('the notes the canvas draws', () => {
  it(`draws a board of ${WINDOW_FROM} live notes whole, wherever the view is`, () => {
    const notes = [...board(WINDOW_FROM), note(9999, { deletedAt: 5 })]
    const w = windowAround({ x: -90_000, y: -90_000, w: 10, h: 10 }, 1, liveCount(notes))
    expect(w.all).toBe(true)
    expect(notesToDraw(w, meta, notes, none, none).size).toBe(WINDOW_FROM)
  })

  it('past that, draws the notes in and ahead of the view only, and no deleted ones', () => {
    const notes = [...board(3000), note(0, { id: 'gone', deletedAt: 5 })]
    const w = windowAround(view, 1, liveCount(notes))
    expect(w.all).toBe(false)
    const drawn = notesToDraw(w, meta, notes, none, none)
    // The view at 100 % shows rows 0 to 3; AHEAD_PX below it, a few more rows.
    const lastRow = Math.floor((900 + AHEAD_PX - what.y - 200) / 220)
    expect(drawn.has('n0')).toBe(true)
    expect(drawn.has(`n${lastRow * 5}`)).toBe(true)
    expect(drawn.has(`n${(lastRow + 2) * 5}`)).toBe(false)
    expect(drawn.has('gone')).toBe(false)
    expect(drawn.size).toBeLessThan(100)
  })

  it('keeps a drawn note until it is KEEP_PX away, adds one only within AHEAD_PX', () => {
    const w = windowAround(view, 1, 5000)
    const between = note(0, { y: 900 + (AHEAD_PX + KEEP_PX) / 2 })
    expect(shows(w, meta, between, false)).toBe(false)
    expect(shows(w, meta, between, true)).toBe(true)
    const far = note(0, { y: 900 + KEEP_PX + 10 })
    expect(shows(w, meta, far, true)).toBe(false)
  })

  it('measures the margins on screen: zoomed out, they reach further on the page', () => {
    const near = note(0, { y: 900 + AHEAD_PX * 3 })
    expect(shows(windowAround(view, 1, 5000), meta, near, false)).toBe(false)
    expect(shows(windowAround(view, 0.25, 5000), meta, near, false)).toBe(true)
  })

  it(`far out, draws every note in view, and those ahead up to ${MAX_DRAWN} in all, nearest first`, () => {
    const notes = board(5000)
    // A view of the first 200 rows: 1,000 notes, more than the cap.
    const tall = { x: what.x, y: 0, w: 1400, h: 200 * 220 }
    const w = windowAround(tall, 0.05, notes.length)
    const drawn = notesToDraw(w, meta, notes, none, none)
    const inView = notes.filter((n) => n.y <= tall.h).length
    expect(inView).toBeGreaterThan(MAX_DRAWN)
    expect(drawn.size).toBe(inView)
    // A view of 150 rows holds fewer: the rest of the cap goes to the nearest notes ahead.
    const w2 = windowAround({ ...tall, h: 150 * 220 }, 0.05, notes.length)
    const drawn2 = notesToDraw(w2, meta, notes, none, none)
    expect(drawn2.size).toBe(MAX_DRAWN)
    expect(drawn2.has('n0')).toBe(true)
    expect(drawn2.has(`n${4999}`)).toBe(false)
  })

  it('always draws pinned notes (selected, edited, revealed), even far off the view', () => {
    const notes = board(5000)
    const w = windowAround(view, 1, notes.length)
    const drawn = notesToDraw(w, meta, notes, none, new Set(['n4999']))
    expect(drawn.has('n4999')).toBe(true)
    expect(drawn.has('n4998')).toBe(false)
  })

  it('places a note found outside its column where the canvas shows it [F7.2]', () => {
    const w = windowAround(view, 1, 5000)
    // x far to the right of every column, y in view: drawn inside What?, so in the window.
    expect(shows(w, meta, note(0, { x: 90_000, y: 300 }), false)).toBe(true)
  })

  it('adds the notes in the view before those ahead, each up to its cap a frame, nearest first', () => {
    const notes = board(3000)
    const w = windowAround(view, 1, notes.length)
    const wanted = [...notesToDraw(w, meta, notes, none, none)].map(
      (id) => notes[Number(id.slice(1))]!,
    )
    const inView = wanted.filter((n) => n.y <= view.y + view.h)
    const ahead = wanted.length - inView.length
    expect(inView.length).toBeGreaterThan(3)
    expect(ahead).toBeGreaterThan(3)
    // Far ones first in the list: the order of the result is the batch's, not the input's.
    const batch = addNow(w, meta, [...wanted].reverse(), { view: 1000, ahead: 2 })
    expect(batch.now).toHaveLength(inView.length + 2)
    for (const n of inView) expect(batch.now).toContain(n.id)
    expect(batch.later).toBe(ahead - 2)
    // The two ahead are the nearest: the first row below the view.
    const firstBelow = Math.min(...wanted.filter((n) => n.y > view.h).map((n) => n.y))
    const extra = batch.now.filter((id) => !inView.some((n) => n.id === id))
    for (const id of extra) expect(notes[Number(id.slice(1))]!.y).toBe(firstBelow)
    // A board drawn whole: everything at once.
    const whole = windowAround(view, 1, WINDOW_FROM)
    expect(addNow(whole, meta, wanted, { view: 1, ahead: 1 })).toEqual({
      now: wanted.map((n) => n.id),
      later: 0,
    })
    // Far out, the view's own notes too wait past their cap, the nearest drawn first.
    const capped = addNow(w, meta, [...wanted].reverse(), { view: 3, ahead: 0 })
    expect(capped.now).toHaveLength(3)
    expect(capped.later).toBe(wanted.length - 3)
    const d = (n: NoteView) =>
      (n.x + NOTE_SIZE.w / 2 - w.centre.x) ** 2 + (n.y + NOTE_SIZE.h / 2 - w.centre.y) ** 2
    const nearestInView = [...inView].sort((a, b) => d(a) - d(b)).slice(0, 3)
    expect(new Set(capped.now)).toEqual(new Set(nearestInView.map((n) => n.id)))
  })
})
