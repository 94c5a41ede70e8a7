import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { createNote, type NewNote } from '../board/notes'
import { RETRO_TEMPLATE } from '../schema/template'
import { newBoard } from '../testing/board'
import { parseCsv } from './csv'
import { exportHarvest } from './export'
import { SessionHarvestSchema } from './schema'
import { exportSessionHarvest, sessionHarvestToCsv } from './session'
import { sessionHarvestToMarkdown } from './sessionMarkdown'

const T0 = Date.UTC(2026, 0, 15, 12, 0, 0)

function board(
  title: string,
  notes: Partial<NewNote>[],
  template = undefined as typeof RETRO_TEMPLATE | undefined,
) {
  const doc: Y.Doc = newBoard({ title, template })
  notes.forEach((n, i) => {
    createNote(doc, { column: template ? 'went-well' : 'what', text: `${title} ${i}`, ...n })
  })
  return exportHarvest(doc, { boardId: title.toLowerCase(), now: () => T0 })
}

function session() {
  return exportSessionHarvest(
    { id: 's1', title: 'Round 2' },
    [
      board('Room A', [
        { authorId: 'u1', city: 'Umeå', lever: 'finance-funding' },
        { authorId: 'u2', city: 'Lahti', column: 'now-what' },
      ]),
      board('Room B', [
        { authorId: 'u1', city: ' umeå', lever: 'finance-funding', column: null },
        { authorId: 'u3', city: 'Ume\u0061\u030a' },
        { authorId: '', city: '' },
      ]),
    ],
    { now: () => T0 },
  )
}

describe('session harvest', () => {
  it('[H12.1] has the session fields, the boards in order, and passes its schema', () => {
    const s = session()
    expect(SessionHarvestSchema.parse(s)).toEqual(s)
    expect(s).toMatchObject({
      format: 'sensemaking-session-harvest',
      version: 1,
      exportedAt: '2026-01-15T12:00:00.000Z',
      session: { id: 's1', title: 'Round 2' },
    })
    expect(s.boards.map((b) => b.board.title)).toEqual(['Room A', 'Room B'])
  })

  it('[H12.2] sums notes, byColumn and byLever; counts participants once; merges cities', () => {
    const s = session().summary
    expect(s.boards).toBe(2)
    expect(s.notes).toBe(5)
    expect(s.participants).toBe(3)
    expect(s.cities).toEqual([
      { name: 'Umeå', notes: 3 },
      { name: 'Lahti', notes: 1 },
    ])
    expect(s.byColumn).toEqual({ what: 3, 'so-what': 0, 'now-what': 1, parkingLot: 1 })
    expect(s.byLever['finance-funding']).toEqual({
      what: 1,
      'so-what': 0,
      'now-what': 0,
      parkingLot: 1,
      total: 2,
    })
    expect(s.byLever.untagged!.total).toBe(3)
  })

  it('[H12.2] boards of different templates sum key by key', () => {
    const s = exportSessionHarvest({ id: 's', title: 'Mixed' }, [
      board('W', [{}]),
      board('R', [{ lever: 'tools' }], RETRO_TEMPLATE),
    ])
    expect(s.summary.byColumn).toMatchObject({ what: 1, 'went-well': 1, parkingLot: 0 })
    expect(s.summary.byLever.tools!.total).toBe(1)
    expect(s.summary.byLever.untagged!.total).toBe(1)
  })

  it('[H12.3] Markdown: a table of boards, the lever table over all, then each board nested', () => {
    const md = sessionHarvestToMarkdown(session())
    expect(md.split('\n')[0]).toBe('# Session harvest: Round 2')
    expect(md).toContain(
      '| Board | Participants | What? | So What? | Now What? | Parking lot | Notes |',
    )
    expect(md).toContain('| Room A | 2 | 1 | 0 | 1 | 0 | 2 |')
    expect(md).toContain('| **Total** | 3 | 3 | 0 | 1 | 1 | 5 |')
    expect(md).toContain('| Finance and funding | 1 | 0 | 0 | 1 | 2 |')
    expect(md).toContain('\n## Harvest: Room A\n')
    expect(md).toContain('\n### What?\n')
    expect(md.indexOf('## Harvest: Room A')).toBeLessThan(md.indexOf('## Harvest: Room B'))
  })

  it('[H12.3] CSV: the board CSV with the board title first on every row', () => {
    const rows = parseCsv(sessionHarvestToCsv(session()))
    expect(rows[0]!.slice(0, 3)).toEqual(['board', 'column', 'lever'])
    expect(rows.slice(1).map((r) => r[0])).toEqual([
      'Room A',
      'Room A',
      'Room B',
      'Room B',
      'Room B',
    ])
  })
})
