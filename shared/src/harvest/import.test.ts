import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createCluster } from '../board/clusters'
import { isInside, NOTE_SIZE } from '../board/layout'
import { seedBoard, setPhase } from '../board/meta'
import { createNote } from '../board/notes'
import { readBoard, readMeta, votesMap } from '../board/read'
import { setVotes } from '../board/votes'
import { RETRO_TEMPLATE } from '../schema/template'
import { fakeClock, newBoard } from '../testing/board'
import { exportHarvest } from './export'
import { harvestToCsv } from './harvestCsv'
import { HarvestImportError, IMPORTED_VOTER, importHarvest, upgradeHarvest } from './import'
import { importCsvWithReport } from './importCsv'
import { type Harvest, HarvestSchemaV1_0 } from './schema'

const T0 = Date.UTC(2026, 0, 15, 9, 0, 0)
const exp = (doc: Y.Doc) => exportHarvest(doc, { boardId: 'b1', now: () => T0 })

function sample(): Harvest {
  const doc = new Y.Doc()
  const now = fakeClock(T0)
  seedBoard(doc, { title: 'Sample', sessionId: 's', sessionTitle: 'Round 2' }, { now })
  setPhase(doc, 'so-what')
  createCluster(doc, { id: 'c', title: 'T', column: 'so-what', x: 1400, y: 180, w: 500, h: 300 })
  createNote(
    doc,
    { id: 'a', text: 'one', column: 'so-what', clusterId: 'c', city: 'Lahti', authorId: 'u' },
    { now },
  )
  createNote(
    doc,
    { id: 'b', text: 'two', column: 'now-what', clusterId: 'c', lever: 'finance-funding' },
    { now },
  )
  createNote(doc, { id: 'p', text: 'three', column: null }, { now })
  setVotes(doc, 'a', 'v1', 2)
  setVotes(doc, 'a', 'v2', 1)
  return JSON.parse(JSON.stringify(exp(doc)))
}

describe('harvest import (JSON)', () => {
  // biome-ignore lint/suspicious/noExplicitAny: the cases spoil a harvest in ways its type forbids
  type Case = [string, (h: any) => unknown, RegExp]
  const bad: Case[] = [
    ['not an object', () => 'hello', /^Not a harvest: \(the document\): /],
    ['a wrong format', (h) => ({ ...h, format: 'other' }), /^Not a harvest: format: /],
    ['a later version', (h) => ({ ...h, version: 2 }), /^Not a harvest: version: /],
    [
      'a missing field',
      (h) => {
        delete h.columns[1].notes[0].text
        return h
      },
      /^Not a harvest: columns\[1\]\.notes\[0\]\.text: /,
    ],
    [
      'a bad time',
      (h) => {
        h.columns[1].notes[0].createdAt = 'yesterday'
        return h
      },
      /^Not a harvest: columns\[1\]\.notes\[0\]\.createdAt: /,
    ],
    [
      'negative votes',
      (h) => {
        h.columns[1].notes[0].votes = -1
        return h
      },
      /columns\[1\]\.notes\[0\]\.votes: /,
    ],
    [
      'a duplicate column',
      (h) => {
        h.columns.push(h.columns[0])
        return h
      },
      /columns\[3\]\.id: column "what" appears twice/,
    ],
    [
      'a duplicate note',
      (h) => {
        h.parkingLot.push({ ...h.parkingLot[0] })
        return h
      },
      /parkingLot\[1\]\.id: note "p" appears twice/,
    ],
    [
      'a note under another column',
      (h) => {
        h.columns[1].notes[0].column = 'what'
        return h
      },
      /columns\[1\]\.notes\[0\]\.column: is "what" but the note is listed under "so-what"/,
    ],
    [
      'an unknown lever',
      (h) => {
        h.parkingLot[0].lever = 'x'
        return h
      },
      /parkingLot\[0\]\.lever: "x" is not a lever/,
    ],
    [
      'a kind of another column',
      (h) => {
        h.columns[1].notes[0].kind = 'idea'
        return h
      },
      /columns\[1\]\.notes\[0\]\.kind: "idea" is not a kind of the note's column/,
    ],
    [
      'a kind in the parking lot',
      (h) => {
        h.parkingLot[0].kind = 'idea'
        return h
      },
      /parkingLot\[0\]\.kind: /,
    ],
    [
      'a malformed source',
      (h) => {
        h.parkingLot[0].source = { boardId: 7 }
        return h
      },
      /parkingLot\[0\]\.source\.boardId: /,
    ],
    [
      'a 1.1 note without its kind',
      (h) => {
        delete h.parkingLot[0].kind
        return h
      },
      /parkingLot\[0\]\.kind: /,
    ],
    [
      'an unknown phase',
      (h) => {
        h.board.phase = 'x'
        return h
      },
      /board\.phase: "x" is not a column/,
    ],
  ]
  it.each(bad)('[H11.1] refuses %s, naming the first bad field', (_, spoil, message) => {
    const input = spoil(sample())
    expect(() => importHarvest(input)).toThrow(HarvestImportError)
    expect(() => importHarvest(input)).toThrow(message)
  })

  it('[H11.2] seeds title, template, columns, levers, session and phase; dots under one voter', () => {
    const h = sample()
    const doc = importHarvest(h)
    const meta = readMeta(doc)
    expect(meta).toMatchObject({
      title: 'Sample',
      template: 'w3',
      formatVersion: 1,
      phase: 'so-what',
      sessionId: 's',
      sessionTitle: 'Round 2',
    })
    expect(meta.columns.map((c) => c.id)).toEqual(['what', 'so-what', 'now-what'])
    expect(meta.tags).toEqual(h.levers)
    const votes = votesMap(doc).get('a') as Y.Map<number>
    expect(Object.fromEntries(votes.entries())).toEqual({ [IMPORTED_VOTER]: 3 })
  })

  it('[H11.2] writes kinds, headings, note sources and theme sources', () => {
    const h = sample()
    h.columns[1]!.notes[0]!.kind = 'insight'
    h.columns[1]!.notes[0]!.source = { boardId: 'room-b', boardName: 'Room B', noteId: 'n9' }
    h.columns[1]!.clusters[0]!.sources = [
      { boardId: 'room-b', boardName: 'Room B', clusterId: 'c9' },
    ]
    const board = readBoard(importHarvest(h))
    expect(board.meta.columns[0]).toMatchObject({
      heading: 'Looking back (What?) – early outcomes and strategic learnings',
      kinds: [
        { id: 'early-outcome', title: 'Early outcome' },
        { id: 'strategic-learning', title: 'Strategic learning' },
      ],
    })
    const a = board.notes.find((n) => n.id === 'a')!
    expect(a.kind).toBe('insight')
    expect(a.source).toMatchObject({ boardId: 'room-b', boardName: 'Room B', noteId: 'n9' })
    expect(board.clusters[0]!.sources).toEqual([
      expect.objectContaining({ boardId: 'room-b', boardName: 'Room B', clusterId: 'c9' }),
    ])
    expect(board.invalid).toEqual([])
  })

  it('[H11.6] a 1.0 harvest (no minorVersion, no kinds, no sources) still imports', () => {
    const h = sample() as Record<string, unknown> & Harvest
    // Take the 1.1 additions away again: what an exporter of 1.0 wrote.
    const v10 = JSON.parse(JSON.stringify(h), (key, value) =>
      [
        'minorVersion',
        'kind',
        'source',
        'sources',
        'heading',
        'kinds',
        'levers',
        'themes',
      ].includes(key) && !(key === 'levers' && Array.isArray(value) && value[0]?.color)
        ? undefined
        : value,
    )
    expect(v10.minorVersion).toBeUndefined()
    expect(v10.levers).toHaveLength(6)
    expect(v10.summary.levers).toBeUndefined()
    const doc = importHarvest(v10)
    const back = exportHarvest(doc, { boardId: h.board.id, now: () => T0 })
    const { invalid: _i, ...rest } = back
    const { invalid: _j, ...want } = upgradeHarvest(HarvestSchemaV1_0.parse(v10))
    expect(rest).toEqual(want)
    expect(readBoard(doc).notes.every((n) => n.kind === null && n.source === null)).toBe(true)
  })

  it('[H11.6] a later minor version imports as best it can', () => {
    const h = { ...sample(), minorVersion: 4, somethingNew: { x: 1 } }
    expect(readBoard(importHarvest(h)).notes).toHaveLength(3)
  })

  it('[H11.3] the export of the import equals the original, exportedAt aside', () => {
    const h = sample()
    const again = exportHarvest(importHarvest(h), { boardId: 'b1', now: () => T0 + 60_000 })
    expect({ ...again, exportedAt: h.exportedAt }).toEqual(h)
  })

  it('[H11.3] positions outside the column region and text past the cap come back as they were', () => {
    const doc = newBoard()
    createNote(doc, { id: 'a', text: 'x', column: 'what' })
    const h = JSON.parse(JSON.stringify(exp(doc))) as Harvest
    const n = h.columns[0]!.notes[0]!
    n.x = -5000
    n.y = 12
    n.text = 'é'.repeat(2600)
    const back = exp(importHarvest(h)).columns[0]!.notes[0]!
    expect(back).toMatchObject({ x: -5000, y: 12 })
    expect(back.text).toBe(n.text)
  })

  it('[H11.4] a cluster entry without a frame gets one around its members', () => {
    const h = sample() as Harvest
    const entry = h.columns[1]!.clusters[0]!
    delete entry.x
    delete entry.y
    delete entry.w
    delete entry.h
    delete h.columns[2]!.clusters[0]!.x
    const c = readBoard(importHarvest(h)).clusters[0]!
    const members = [h.columns[1]!.notes[0]!, h.columns[2]!.notes[0]!]
    for (const m of members) {
      expect(m.x).toBeGreaterThanOrEqual(c.x)
      expect(m.y).toBeGreaterThanOrEqual(c.y)
      expect(m.x + NOTE_SIZE.w).toBeLessThanOrEqual(c.x + c.w)
      expect(m.y + NOTE_SIZE.h).toBeLessThanOrEqual(c.y + c.h)
    }
  })
})

describe('harvest import (CSV)', () => {
  const header = 'column,lever,cluster,city,author,text,votes,created,updated,id\r\n'

  it('[H11.5] matches columns and levers by id or title/label, case-insensitively', () => {
    const csv = `${header}what,FINANCE-FUNDING,,Lahti,Aino,one,,,,a\r\nso what?,social innovation,,,,two,3,,,b\r\nParking lot,,,,,three,,,,c\r\n`
    const { doc, warnings } = importCsvWithReport(csv, { now: () => T0 })
    expect(warnings).toEqual([])
    const notes = readBoard(doc).notes
    expect(notes.map((n) => [n.id, n.column, n.lever])).toEqual([
      ['a', 'what', 'finance-funding'],
      ['b', 'so-what', 'social-innovation'],
      ['c', null, null],
    ])
  })

  it('[H11.5] a kind matches a kind of its row own column, by id or title; an unknown one is warned', () => {
    const head = 'column,lever,text,id,kind\r\n'
    const csv = `${head}what,,one,a,Early outcome\r\nso-what,,two,b,blind-spot\r\nso-what,,three,c,idea\r\nwhat,,four,d,\r\n`
    const { doc, warnings } = importCsvWithReport(csv)
    expect(readBoard(doc).notes.map((n) => [n.id, n.kind])).toEqual([
      ['a', 'early-outcome'],
      ['b', 'blind-spot'],
      ['c', null],
      ['d', null],
    ])
    expect(warnings).toEqual([{ row: 4, message: 'unknown kind "idea", left without a kind' }])
  })

  it('[H11.5] an unknown lever is left untagged and an unknown column goes to the parking lot, with warnings', () => {
    const csv = `${header}what,circular economy,,,,one,,,,a\r\nlater,,,,,two,lots,,,b\r\n`
    const { doc, warnings } = importCsvWithReport(csv)
    expect(warnings).toEqual([
      { row: 2, message: 'unknown lever "circular economy", left untagged' },
      { row: 3, message: 'unknown column "later", put in the parking lot' },
      { row: 3, message: 'votes "lots" is not a count, read as 0' },
    ])
    expect(readBoard(doc).notes.map((n) => [n.column, n.lever])).toEqual([
      ['what', null],
      [null, null],
    ])
  })

  it('[H11.5] lays notes out on the grid, clusters framed from a fresh row, inside their column', () => {
    const rows = [
      'what,,,,,loose 1,,,,l1',
      'what,,Theme A,,,a1,,,,a1',
      'what,,Theme A,,,a2,,,,a2',
      'what,,Theme B,,,b1,,,,b1',
      'what,,,,,loose 2,,,,l2',
    ]
    const { doc } = importCsvWithReport(header + rows.join('\r\n'), { title: 'From a sheet' })
    const b = readBoard(doc)
    expect(b.meta.title).toBe('From a sheet')
    const pos = new Map(b.notes.map((n) => [n.id, n]))
    const region = { x: 0, y: 0, w: 1180, h: Number.POSITIVE_INFINITY }
    for (const n of b.notes) expect(isInside(region, n.x, n.y)).toBe(true)
    const spots = new Set(b.notes.map((n) => `${n.x},${n.y}`))
    expect(spots.size).toBe(5)
    expect(pos.get('a1')!.y).toBe(pos.get('a2')!.y)
    expect(pos.get('b1')!.y).toBeGreaterThan(pos.get('a1')!.y)
    expect(pos.get('l1')!.y).toBeGreaterThan(pos.get('b1')!.y)
    expect(b.clusters.map((c) => c.title).sort()).toEqual(['Theme A', 'Theme B'])
    const a = b.clusters.find((c) => c.title === 'Theme A')!
    expect(pos.get('a1')!.clusterId).toBe(a.id)
    for (const id of ['a1', 'a2']) {
      const n = pos.get(id)!
      expect(n.x >= a.x && n.x + NOTE_SIZE.w <= a.x + a.w).toBe(true)
      expect(n.y >= a.y && n.y + NOTE_SIZE.h <= a.y + a.h).toBe(true)
    }
  })

  it('[H11.5] a CSV export imports back with the same notes, levers, clusters, dots and times (author ids are not in the CSV)', () => {
    const h = sample()
    const { doc, warnings } = importCsvWithReport(harvestToCsv(h))
    expect(warnings).toEqual([])
    const back = exp(doc)
    const strip = (x: Harvest) =>
      [...x.columns.flatMap((c) => c.notes), ...x.parkingLot].map(
        ({ x: _x, y: _y, authorId: _a, clusterId, ...n }) => ({
          ...n,
          clustered: clusterId !== null,
        }),
      )
    expect(strip(back)).toEqual(strip(h))
  })

  it('[H11.5] another template matches its own columns; a CSV without text is refused', () => {
    const csv = 'column,lever,text\r\nWent well,tools,Pairing\r\n'
    const { doc } = importCsvWithReport(csv, { template: RETRO_TEMPLATE })
    expect(readBoard(doc).notes[0]).toMatchObject({ column: 'went-well', lever: 'tools' })
    expect(() => importCsvWithReport('column,lever\r\nwhat,\r\n')).toThrow(/no "text" column/)
  })
})
