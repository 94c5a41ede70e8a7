import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { createNote, type NewNote } from '../board/notes'
import { sendToBoard } from '../provenance/send'
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
      minorVersion: 1,
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

  it('[H12.3] Markdown: rooms with notes in a table, empty rooms in one line, no nested reports', () => {
    const s = session()
    const empty = board('Room C', [])
    const md = sessionHarvestToMarkdown(
      exportSessionHarvest(s.session, [...s.boards, empty, board('Room D', [])], { now: () => T0 }),
    )
    expect(md.split('\n')[0]).toBe('# Session harvest: Round 2')
    expect(md).toContain('5 notes from 3 participants in 2 cities.')
    expect(md).toContain(
      '| Room | Participants | What? | So What? | Now What? | Parking lot | Notes |',
    )
    expect(md).toContain('| Room A | 2 | 1 | 0 | 1 | 0 | 2 |')
    expect(md).toContain('| **Total** | 3 | 3 | 0 | 1 | 1 | 5 |')
    expect(md).toContain('\nRooms without notes: Room C, Room D.\n')
    expect(md).not.toContain('| Room C')
    expect(md).not.toContain('## Harvest:')
    expect(md).toContain('| Finance and funding | 1 | 0 | 0 | 1 | 2 |')
  })

  it('[H12.3] Markdown: the parts and the lever section span the rooms, every note naming its room', () => {
    const md = sessionHarvestToMarkdown(session())
    const levers = md.slice(md.indexOf('## Levers of change'), md.indexOf('## Levers by column'))
    expect(levers).toContain(
      '### Finance and funding\n\n2 notes · Room A (1), Room B (1) · Umeå (2)\n',
    )
    expect(levers).toContain('- Room A 0 — Umeå · Room A · What?\n')
    expect(levers).toContain('- Room B 0 — Umeå · Room B · Parking lot\n')
    expect(md).toContain('- Room A 1 — Lahti · Room A\n')
  })

  it('[H12.3] Markdown: a session of empty rooms is a few lines', () => {
    const md = sessionHarvestToMarkdown(
      exportSessionHarvest({ id: 's', title: 'Before' }, [board('A', []), board('B', [])], {
        now: () => T0,
      }),
    )
    expect(md).toContain('No notes yet.')
    expect(md).toContain('Rooms without notes: A, B.')
    expect(md).not.toContain('| ')
    expect(md.split('\n').length).toBeLessThan(12)
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

  it('[H12.3] [H9.3] Markdown: a note sent to the plenary is told once, in its room, also in the plenary', () => {
    const a = { doc: newBoard({ title: 'Room A' }), boardId: 'room-a' }
    const p = { doc: newBoard({ title: 'Plenary' }), boardId: 'plenary' }
    const n = createNote(a.doc, {
      text: 'Health first',
      column: 'so-what',
      city: 'Lahti',
      lever: 'social-innovation',
    })
    createNote(a.doc, { text: 'Only here', column: 'what', city: 'Umeå' })
    sendToBoard(p, a, { notes: [n] })
    const h = (r: typeof a) => exportHarvest(r.doc, { boardId: r.boardId, now: () => T0 })
    const md = sessionHarvestToMarkdown(
      exportSessionHarvest({ id: 's', title: 'S' }, [h(a), h(p)], { now: () => T0 }),
    )
    expect(md).toContain(
      '2 notes from 0 participants in 2 cities. 1 copy sent between rooms counted once.',
    )
    expect(md).toContain('## Cities\n\nLahti (1), Umeå (1)\n')
    // Once in its part, once under its lever: never twice in either.
    expect(md.match(/- Health first — /g)).toHaveLength(2)
    expect(md).toContain('- Health first — Lahti · Room A · also in Plenary\n')
    expect(md).toContain('- Health first — Lahti · Room A · also in Plenary · So What?\n')
    // Each room's row counts what was said there, so the rows add up to the total.
    expect(md).toContain('| Room A | 0 | 1 | 1 | 0 | 0 | 2 |')
    expect(md).toContain('| Plenary (+1 copy counted in their rooms) | 0 | 0 | 0 | 0 | 0 | 0 |')
    expect(md).toContain('| **Total** | 0 | 1 | 1 | 0 | 0 | 2 |')
  })

  it('[H12.2] [H1.4] the plenary is named in the JSON; its copies count once in the figures, where they were said', () => {
    const a = { doc: newBoard({ title: 'Room A' }), boardId: 'room-a' }
    const b = { doc: newBoard({ title: 'Room B' }), boardId: 'room-b' }
    const p = { doc: newBoard({ title: 'Plenary' }), boardId: 'plenary' }
    const a1 = createNote(a.doc, { text: 'a1', column: 'what', city: 'Lahti', authorId: 'u1' })
    const b1 = createNote(b.doc, {
      text: 'b1',
      column: 'now-what',
      city: 'Nantes',
      authorId: 'u2',
      lever: 'finance-funding',
    })
    sendToBoard(p, a, { notes: [a1] })
    sendToBoard(p, b, { notes: [b1] })
    createNote(p.doc, { text: 'own', column: 'so-what', city: 'Umeå', authorId: 'u3' })
    const s = exportSessionHarvest(
      { id: 's', title: 'S' },
      [
        exportHarvest(a.doc, { boardId: a.boardId, now: () => T0 }),
        exportHarvest(b.doc, { boardId: b.boardId, now: () => T0 }),
        exportHarvest(p.doc, { boardId: p.boardId, now: () => T0, plenary: true }),
      ],
      { now: () => T0 },
    )
    expect(SessionHarvestSchema.parse(s)).toEqual(s)
    expect(s.boards.map((x) => x.board.plenary)).toEqual([undefined, undefined, true])
    expect(s.summary).toMatchObject({ notes: 3, copies: 2, participants: 3 })
    expect(s.summary.byColumn).toEqual({ what: 1, 'so-what': 1, 'now-what': 1, parkingLot: 0 })
    expect(s.summary.byLever['finance-funding']).toMatchObject({ 'now-what': 1, total: 1 })
    expect(s.summary.byLever.untagged).toMatchObject({ what: 1, 'so-what': 1, total: 2 })
    expect(s.summary.cities.map((c) => [c.name, c.notes])).toEqual([
      ['Lahti', 1],
      ['Nantes', 1],
      ['Umeå', 1],
    ])
    // The board's own harvest still counts every note it holds.
    expect(s.boards[2]!.summary.notes).toBe(3)
  })
})
