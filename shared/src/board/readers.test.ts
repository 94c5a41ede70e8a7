/** The board readers every view shares: live notes, dots, counts, reading order, column titles. */
import { describe, expect, it } from 'vitest'
import { newBoard } from '../testing/board'
import { columnTitle, PARKING_LOT_TITLE } from './columns'
import { countNotes } from './counts'
import { dotsLeft, dotsUsed, dotTotals, voterCount } from './dots'
import { inLockedTheme, isLive, liveNotes, lockedThemeIds } from './live'
import { createNote, deleteNote } from './notes'
import { byPosition } from './order'
import { readBoard, readMeta } from './read'
import type { NoteView } from './types'
import { setVotes } from './votes'

const note = (over: Partial<NoteView>): NoteView => ({
  id: 'n',
  text: '',
  column: 'what',
  lever: null,
  kind: null,
  city: '',
  author: '',
  authorId: '',
  x: 0,
  y: 0,
  clusterId: null,
  createdAt: 0,
  updatedAt: 0,
  deletedAt: null,
  locked: false,
  source: null,
  ...over,
})

describe('board readers', () => {
  it('live notes leave soft-deleted ones out [F3.6]', () => {
    const notes = [note({ id: 'a' }), note({ id: 'b', deletedAt: 5 }), note({ id: 'c' })]
    expect(liveNotes(notes).map((n) => n.id)).toEqual(['a', 'c'])
    expect(isLive(notes[1]!)).toBe(false)
  })

  it('[F8.8] a note in a locked theme is known by the theme’s id', () => {
    const locked = lockedThemeIds([
      { id: 't1', locked: true },
      { id: 't2', locked: false },
    ])
    expect(locked).toEqual(new Set(['t1']))
    expect(inLockedTheme(note({ clusterId: 't1' }), locked)).toBe(true)
    expect(inLockedTheme(note({ clusterId: 't2' }), locked)).toBe(false)
    expect(inLockedTheme(note({ clusterId: null }), locked)).toBe(false)
  })

  it('[F5.4] dots on a deleted note come back to their voter; totals count live notes', () => {
    const doc = newBoard()
    const a = createNote(doc, { text: 'a', column: 'what' })
    const b = createNote(doc, { text: 'b', column: 'what' })
    setVotes(doc, a, 'me', 2)
    setVotes(doc, b, 'me', 1)
    setVotes(doc, b, 'you', 3)
    deleteNote(doc, a)
    const board = readBoard(doc)
    const live = new Set(liveNotes(board.notes).map((n) => n.id))
    const isLiveId = (id: string) => live.has(id)
    expect(dotsUsed(board.votes, isLiveId, 'me')).toBe(1)
    expect(dotsLeft({ status: 'open', dotsPerPerson: 3 }, 1)).toBe(2)
    expect(dotsLeft({ status: 'open', dotsPerPerson: 3 }, 5)).toBe(0)
    expect(dotsLeft({ status: 'closed', dotsPerPerson: 3 }, 0)).toBe(0)
    expect(dotTotals(board.votes, isLiveId)).toEqual(new Map([[b, 4]]))
    expect(voterCount(board.votes, isLiveId)).toBe(2)
  })

  it('counts live notes per column, lever and lever × column, with the harvest’s keys', () => {
    const meta = readMeta(newBoard())
    const counts = countNotes(
      [
        note({ column: 'what', lever: 'finance-funding' }),
        note({ column: 'what', lever: null }),
        note({ column: null, lever: 'finance-funding' }),
        note({ column: 'so-what', lever: 'finance-funding', deletedAt: 1 }),
      ],
      meta,
    )
    expect(counts.total).toBe(3)
    expect(counts.byColumn).toEqual({ what: 2, 'so-what': 0, 'now-what': 0, parkingLot: 1 })
    expect(counts.byLever['finance-funding']).toBe(2)
    expect(counts.byLever.untagged).toBe(1)
    expect(counts.byLever['social-innovation']).toBe(0)
    expect(counts.byLeverColumn).toEqual({
      'finance-funding': { what: 1, parkingLot: 1 },
      untagged: { what: 1 },
    })
  })

  it('[H3] reading order is top to bottom, left to right, then id', () => {
    const list = [
      { id: 'b', x: 0, y: 10 },
      { id: 'a', x: 0, y: 10 },
      { id: 'c', x: -5, y: 10 },
      { id: 'd', x: 99, y: 0 },
    ]
    expect(list.sort(byPosition).map((n) => n.id)).toEqual(['d', 'c', 'a', 'b'])
  })

  it('names a column by its title and the parking lot by its own', () => {
    const meta = readMeta(newBoard())
    expect(columnTitle(meta, 'so-what')).toBe('So What?')
    expect(columnTitle(meta, null)).toBe(PARKING_LOT_TITLE)
    expect(columnTitle(meta, 'gone')).toBe('gone')
  })
})
