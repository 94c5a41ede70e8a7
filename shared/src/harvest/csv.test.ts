import { describe, expect, it } from 'vitest'
import { createCluster } from '../board/clusters'
import { createNote } from '../board/notes'
import { notesMap } from '../board/read'
import { setVotes } from '../board/votes'
import { NOTE } from '../schema/keys'
import { newBoard } from '../testing/board'
import { BOM, CsvError, guard, parseCsv, toCsv, unguard } from './csv'
import { exportHarvest } from './export'
import { CSV_COLUMNS, harvestToCsv } from './harvestCsv'

describe('harvest CSV', () => {
  it('[H10.1] one row per live note in report order, with the header of the export', () => {
    const doc = newBoard()
    createCluster(doc, { id: 'c', title: 'Continuity', column: 'so-what', x: 0, y: 0, w: 1, h: 1 })
    const clock = () => Date.UTC(2026, 0, 15, 9, 0, 0)
    createNote(doc, { id: 'p', text: 'later', column: null }, { now: clock })
    createNote(
      doc,
      {
        id: 's',
        text: 'stay',
        column: 'so-what',
        lever: 'governance-policy',
        city: 'Lahti',
        author: 'Aino',
        clusterId: 'c',
      },
      { now: clock },
    )
    createNote(doc, { id: 'w', text: 'first', column: 'what' }, { now: clock })
    setVotes(doc, 's', 'v', 2)
    const rows = parseCsv(harvestToCsv(exportHarvest(doc, { boardId: 'b' })))
    expect(rows[0]).toEqual([...CSV_COLUMNS])
    expect(rows.slice(1).map((r) => r[9])).toEqual(['w', 's', 'p'])
    expect(rows[2]).toEqual([
      'So What?',
      'Governance and policy',
      'Continuity',
      'Lahti',
      'Aino',
      'stay',
      '2',
      '2026-01-15T09:00:00.000Z',
      '2026-01-15T09:00:00.000Z',
      's',
      '',
      '',
      '',
      '',
    ])
    expect(rows[3]!.slice(0, 3)).toEqual(['Parking lot', '', ''])
  })

  it('[H10.1] the columns of 1.1 come last: the kind by title, the source board by name and ids', () => {
    const doc = newBoard()
    const id = createNote(doc, { text: 'x', column: 'so-what', kind: 'blind-spot' })
    notesMap(doc)
      .get(id)!
      .set(NOTE.source, { boardId: 'room-b', boardName: 'Room B', noteId: 'n7' })
    const rows = parseCsv(harvestToCsv(exportHarvest(doc, { boardId: 'b' })))
    expect(rows[0]!.slice(0, 10)).toEqual([
      'column',
      'lever',
      'cluster',
      'city',
      'author',
      'text',
      'votes',
      'created',
      'updated',
      'id',
    ])
    expect(rows[0]!.slice(10)).toEqual(['kind', 'source', 'sourceBoardId', 'sourceNoteId'])
    expect(rows[1]!.slice(10)).toEqual(['Blind spot', 'Room B', 'room-b', 'n7'])
  })

  it('[H10.2] UTF-8 with BOM, CRLF after every row, quotes doubled, line breaks kept inside', () => {
    const text = toCsv([
      ['a', 'b,c'],
      ['say "hi"', 'line 1\nline 2'],
      ['Umeå 🇸🇪', 'ירושלים'],
    ])
    expect(text.startsWith(BOM)).toBe(true)
    expect(text).toBe(`${BOM}a,"b,c"\r\n"say ""hi""","line 1\nline 2"\r\nUmeå 🇸🇪,ירושלים\r\n`)
    expect(text.replace(/"[^"]*"/g, '').split('\r\n')).toHaveLength(4)
  })

  it.each([
    ['=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@x', "'@x"],
    ['\tindented', "'\tindented"],
    ['\rreturn', "'\rreturn"],
    ["'=already quoted", "''=already quoted"],
    ["''+1", "'''+1"],
    ["'plain quote", "'plain quote"],
    ['a=b', 'a=b'],
    ['', ''],
  ])('[H10.3] guard(%j) is %j, and unguard takes exactly that quote off', (cell, guarded) => {
    expect(guard(cell)).toBe(guarded)
    expect(unguard(guard(cell))).toBe(cell)
  })

  it('[H10.3] no cell of an export starts a formula; parseCsv gives the text back', () => {
    const cells = ['=1+1', '+1', '-2', '@x', '\tx', '\rx', "'=x", 'fine']
    const text = toCsv([cells])
    const raw = text.slice(1).split(',')
    for (const c of raw) expect(c.replace(/^"/, '')).not.toMatch(/^[=+\-@\t\r]/)
    expect(parseCsv(text)).toEqual([cells])
  })

  it.each([
    [
      'LF rows',
      'a,b\nc,d\n',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'no final line break',
      'a,b\r\nc,d',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'empty cells',
      ',\r\n,x\r\n',
      [
        ['', ''],
        ['', 'x'],
      ],
    ],
    ['a quoted empty cell', '"",a\r\n', [['', 'a']]],
    ['CRLF inside quotes', '"a\r\nb",c\r\n', [['a\r\nb', 'c']]],
    ['no BOM', 'x\r\n', [['x']]],
  ])('[H10.2] parseCsv reads %s', (_, text, rows) => {
    expect(parseCsv(text)).toEqual(rows)
  })

  it.each([
    ['an unclosed quote', 'a,"b\r\nc', /line 1: a quoted cell is not closed/],
    ['text after a closing quote', '"a"b,c', /line 1: unexpected character after a closing quote/],
  ])('[H10.2] parseCsv refuses %s with the line', (_, text, message) => {
    expect(() => parseCsv(text)).toThrow(CsvError)
    expect(() => parseCsv(text)).toThrow(message)
  })
})
