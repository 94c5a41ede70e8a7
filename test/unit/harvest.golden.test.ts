/**
 * The fixture board's harvest against the golden files in test/unit/golden/ ([H1]–[H10] of
 * shared/HARVEST-SPEC.md). After an intended change of the output, rewrite them with
 * `UPDATE_GOLDEN=1 npx vitest run --project unit test/unit/harvest.golden.test.ts` and read
 * the diff before committing it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import {
  BOM,
  exportHarvest,
  type Harvest,
  harvestToCsv,
  harvestToMarkdown,
  parseCsv,
} from '@sensemaking/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { buildFixtureBoard, FIXTURE_BOARD_ID, FIXTURE_EXPORTED_AT } from './fixtures/board'
import { LONG_TEXT } from './fixtures/content'

const update = process.env.UPDATE_GOLDEN === '1'
const golden = (name: string) => new URL(`./golden/${name}`, import.meta.url)

function fixtureHarvest(doc = buildFixtureBoard()): Harvest {
  return exportHarvest(doc, { boardId: FIXTURE_BOARD_ID, now: () => FIXTURE_EXPORTED_AT })
}

/** Compare with a golden file, or rewrite it when UPDATE_GOLDEN=1. */
function expectGolden(name: string, actual: string) {
  const path = golden(name)
  if (update || !existsSync(path)) {
    if (!update) throw new Error(`${name} is missing: run with UPDATE_GOLDEN=1 to write it`)
    writeFileSync(path, actual)
  }
  expect(actual).toBe(readFileSync(path, 'utf8'))
}

describe('harvest of the fixture board: golden files', () => {
  const h = fixtureHarvest()

  it('[H1] JSON equals fixture.golden.json', () => {
    expectGolden('fixture.golden.json', `${JSON.stringify(h, null, 2)}\n`)
  })

  it('[H9] Markdown equals fixture.golden.md', () => {
    expectGolden('fixture.golden.md', harvestToMarkdown(h))
  })

  it('[H10] CSV equals fixture.golden.csv', () => {
    expectGolden('fixture.golden.csv', harvestToCsv(h))
  })

  it('[H3.2] a replica of the board (encoded and decoded) exports the same bytes', () => {
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(buildFixtureBoard()))
    expect(JSON.stringify(fixtureHarvest(copy))).toBe(JSON.stringify(h))
  })
})

describe('harvest of the fixture board: hostile notes', () => {
  const h = fixtureHarvest()
  const all = [...h.columns.flatMap((c) => c.notes), ...h.parkingLot]
  const byId = new Map(all.map((n) => [n.id, n]))
  const md = harvestToMarkdown(h)
  const csv = harvestToCsv(h)

  it('[H4.1] the deleted note is nowhere: not in JSON, Markdown or CSV', () => {
    expect(byId.has('h12')).toBe(false)
    expect(JSON.stringify(h)).not.toContain('Duplicate, please ignore')
    expect(md).not.toContain('Duplicate, please ignore')
    expect(csv).not.toContain('Duplicate, please ignore')
  })

  it('[H6.1] the unknown lever and the entries of the wrong type are listed as invalid', () => {
    expect(h.invalid.map((e) => e.id)).toEqual(['h01', 'h03', 'h11', 'h13', 'h14', 'h15'])
    expect(byId.get('h11')).toMatchObject({ lever: null, column: 'so-what' })
    expect(h.summary.byLever.untagged!['so-what']).toBeGreaterThanOrEqual(1)
  })

  it('[H7.2] right-to-left text, emoji with ZWJ and flags, and 2,000 characters come through whole', () => {
    expect(byId.get('h01')!.text).toBe('בריאות היא המניע החזק ביותר לשינוי הרגלי הנסיעה')
    expect(byId.get('h03')!.text).toContain('🇫🇮')
    expect(byId.get('h03')!.text).toContain('👩🏽‍🔬')
    expect(byId.get('h09')!.text).toBe(LONG_TEXT)
    expect(LONG_TEXT).toHaveLength(2000)
  })

  it('[H5.1] the theme with a member in Now What? is listed under both columns', () => {
    const under = (col: string) =>
      h.columns.find((c) => c.id === col)!.clusters.find((c) => c.id === 'c-continuity')?.noteIds
    expect(under('so-what')).toEqual(['s05', 's06', 's07'])
    expect(under('now-what')).toEqual(['n07'])
  })

  it('[H8.2] four spellings of Umeå count as one city', () => {
    expect(h.summary.cities.filter((c) => c.name.toLowerCase().startsWith('ume'))).toEqual([
      { name: 'Umeå', notes: 6 },
    ])
  })

  it('[H10.2] [H10.3] the CSV has a BOM, CRLF rows, no cell that runs as a formula, and reads back', () => {
    expect(csv.startsWith(BOM)).toBe(true)
    const rows = parseCsv(csv)
    expect(rows).toHaveLength(all.length + 1)
    const text = rows[0]!.indexOf('text')
    const id = rows[0]!.indexOf('id')
    for (const r of rows.slice(1)) expect(r[text]).toBe(byId.get(r[id]!)!.text)
    const unquoted = csv.replace(/"(?:[^"]|"")*"/g, '""')
    expect(unquoted.split('\r\n').every((l) => !l.includes('\n'))).toBe(true)
    for (const line of unquoted.split('\r\n')) {
      for (const cell of line.split(',')) expect(cell).not.toMatch(/^[=+\-@\t\r]/)
    }
    expect(csv).toContain(`"'=HYPERLINK(""http://example.com/x"",""click me"")"`)
    expect(csv).toContain(",'+1,")
  })

  it('[H9.4] the Markdown keeps every hostile note in one bullet', () => {
    expect(md).toContain('\u2068בריאות היא המניע החזק ביותר לשינוי הרגלי הנסיעה\u2069 — Jerusalem (Noa)')
    expect(md).toContain('- \\=HYPERLINK')
    expect(md).toContain('- \\+1 — Malmö (Sara)')
    expect(md).toContain('- \\# Not a heading\\\n  \\> not a quote\\\n  \\- not a list')
    expect(md).not.toMatch(/^#+ Not a heading/m)
  })
})
