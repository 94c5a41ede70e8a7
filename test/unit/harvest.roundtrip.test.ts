/**
 * Property: for every harvest h the exporter writes, exportHarvest(importHarvest(h)) equals h
 * apart from exportedAt and invalid [H11.3]; and a CSV export parses back to the notes' text
 * [H10.3]. Runs on the fixture boards and on seeded random boards; a failure names its seed.
 */
import { readFileSync } from 'node:fs'
import {
  createNote,
  exportHarvest,
  type Harvest,
  HarvestSchemaV1_0,
  harvestToCsv,
  importHarvest,
  parseCsv,
  RETRO_TEMPLATE,
  seedBoard,
  upgradeHarvest,
} from '@sensemaking/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { buildFixtureBoard } from './fixtures/board'
import { randomBoard } from './fixtures/random'

const EXPORTED = Date.UTC(2026, 0, 15, 12, 0, 0)
const exp = (doc: Y.Doc, boardId: string) => exportHarvest(doc, { boardId, now: () => EXPORTED })

/** Through JSON text, as a harvest travels. */
const viaJson = (h: Harvest): unknown => JSON.parse(JSON.stringify(h))

function roundTrip(h: Harvest): Harvest {
  return exportHarvest(importHarvest(viaJson(h)), {
    boardId: h.board.id,
    now: () => EXPORTED + 1000,
  })
}

const retroBoard = () => {
  const doc = new Y.Doc()
  seedBoard(doc, { title: 'Team retro', template: RETRO_TEMPLATE })
  createNote(doc, { text: 'Pairing worked', column: 'went-well', lever: 'people', city: 'Lahti' })
  return doc
}

const fixtures: [string, () => Y.Doc][] = [
  ['the realistic fixture', () => buildFixtureBoard({ hostile: false })],
  ['the hostile fixture', () => buildFixtureBoard()],
  ['a board of another template', retroBoard],
  [
    'an empty board',
    () => {
      const doc = new Y.Doc()
      seedBoard(doc, { title: '' })
      return doc
    },
  ],
]

describe('harvest import round trip', () => {
  it.each(fixtures)('[H11.3] %s: the export of the import equals the original', (name, build) => {
    const h = exp(build(), name)
    const back = roundTrip(h)
    expect(back.exportedAt).not.toBe(h.exportedAt)
    expect(back.invalid).toEqual([])
    expect({ ...back, exportedAt: h.exportedAt, invalid: h.invalid }).toEqual(viaJson(h))
  })

  it('[H11.3] the realistic fixture has no invalid entries, so it round-trips whole', () => {
    const h = exp(buildFixtureBoard({ hostile: false }), 'b')
    expect(h.invalid).toEqual([])
    expect({ ...roundTrip(h), exportedAt: h.exportedAt }).toEqual(viaJson(h))
  })

  it('[H11.3] a second round trip changes nothing', () => {
    const once = roundTrip(exp(buildFixtureBoard(), 'b'))
    expect({ ...roundTrip(once), exportedAt: once.exportedAt }).toEqual(viaJson(once))
  })

  it('[H11.3] [H10.3] 60 seeded random boards round-trip through JSON and CSV', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const h = exp(randomBoard(seed), `r${seed}`)
      const back = roundTrip(h)
      expect({ ...back, exportedAt: h.exportedAt, invalid: h.invalid }, `seed ${seed}`).toEqual(
        viaJson(h),
      )
      const rows = parseCsv(harvestToCsv(h))
      const texts = [...h.columns.flatMap((c) => c.notes), ...h.parkingLot].map((n) => n.text)
      expect(
        rows.slice(1).map((r) => r[5]),
        `seed ${seed}`,
      ).toEqual(texts)
    }
  })
})

describe('the previous version of the harvest', () => {
  it('[H11.6] the 1.0 golden harvest (as 1.0 wrote it) still imports, and exports again as its 1.1 upgrade', () => {
    const v10 = JSON.parse(
      readFileSync(new URL('./golden/fixture.v1_0.golden.json', import.meta.url), 'utf8'),
    )
    expect(v10.minorVersion).toBeUndefined()
    const back = exportHarvest(importHarvest(v10), { boardId: v10.board.id, now: () => EXPORTED })
    const { invalid: _a, exportedAt: _b, ...got } = back
    const { invalid: _c, exportedAt: _d, ...want } = upgradeHarvest(HarvestSchemaV1_0.parse(v10))
    expect(got).toEqual(want)
    expect(back.minorVersion).toBe(1)
    expect(back.summary.levers[0]!.notes).toBeGreaterThan(0)
  })
})
