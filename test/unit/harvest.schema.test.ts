/**
 * Exports validated against the shipped shared/harvest.schema.json with a real JSON Schema
 * validator (Ajv, draft 2020-12) [H1.3]: the zod source, the generated file and the exporter
 * must agree.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import {
  exportHarvest,
  exportSessionHarvest,
  type Harvest,
  importHarvest,
} from '@sensemaking/shared'
import Ajv2020 from 'ajv/dist/2020'
import { describe, expect, it } from 'vitest'
import { buildFixtureBoard, FIXTURE_EXPORTED_AT } from './fixtures/board'
import { randomBoard } from './fixtures/random'

const require = createRequire(import.meta.url)
const schemaPath = require.resolve('@sensemaking/shared/harvest.schema.json')
const schema = JSON.parse(readFileSync(schemaPath, 'utf8'))

// The time format is checked by the schema's own pattern; Ajv's strict mode only needs to
// know the format name.
const ajv = new Ajv2020({ strict: true, allErrors: true, formats: { 'date-time': true } })
ajv.addSchema(schema, 'harvest')
const validateHarvest = ajv.getSchema('harvest')!
const validateSession = ajv.getSchema('harvest#/$defs/SessionHarvest')!
const schemaV1_0 = JSON.parse(
  readFileSync(require.resolve('@sensemaking/shared/harvest-1.0.schema.json'), 'utf8'),
)
ajv.addSchema(schemaV1_0, 'harvest-1.0')
const validateV1_0 = ajv.getSchema('harvest-1.0')!
const validateSessionV1_0 = ajv.getSchema('harvest-1.0#/$defs/SessionHarvest')!
const goldenV1_0 = JSON.parse(
  readFileSync(new URL('./golden/fixture.v1_0.golden.json', import.meta.url), 'utf8'),
)

const now = () => FIXTURE_EXPORTED_AT
const errors = (v: typeof validateHarvest) => ajv.errorsText(v.errors)

describe('harvest JSON Schema with Ajv', () => {
  it('[H1.3] the fixture harvest is valid', () => {
    const h = exportHarvest(buildFixtureBoard(), { boardId: 'b', now })
    expect(validateHarvest(h), errors(validateHarvest)).toBe(true)
  })

  it('[H1.3] harvests of 20 random boards are valid', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const h = exportHarvest(randomBoard(seed), { boardId: `r${seed}`, now })
      expect(validateHarvest(h), `seed ${seed}: ${errors(validateHarvest)}`).toBe(true)
    }
  })

  it('[H1.3] a session harvest is valid against $defs/SessionHarvest', () => {
    const boards = [buildFixtureBoard(), randomBoard(7)].map((d, i) =>
      exportHarvest(d, { boardId: `b${i}`, now }),
    )
    const s = exportSessionHarvest({ id: 's', title: 'Round 2' }, boards, { now })
    expect(validateSession(s), errors(validateSession)).toBe(true)
    expect(validateHarvest(s)).toBe(false)
  })

  it('[H1.2] extra properties are allowed', () => {
    const h = exportHarvest(buildFixtureBoard(), { boardId: 'b', now }) as Harvest & {
      generator?: string
    }
    h.generator = 'a later exporter'
    ;(h.columns[0]!.notes[0] as Record<string, unknown>).colour = 'yellow'
    expect(validateHarvest(h), errors(validateHarvest)).toBe(true)
    expect(
      exportHarvest(importHarvest(h), { boardId: 'b', now }).columns[0]!.notes[0],
    ).not.toHaveProperty('colour')
  })

  // biome-ignore lint/suspicious/noExplicitAny: the cases spoil a harvest in ways its type forbids
  type Spoil = [string, (h: any) => unknown, RegExp]
  it.each<Spoil>([
    ['a missing note field', (h) => delete h.columns[0].notes[0].city, /city/],
    [
      'a renamed field',
      (h) => {
        h.parking = h.parkingLot
        delete h.parkingLot
      },
      /parkingLot/,
    ],
    [
      'a time that is not ISO-8601',
      (h) => {
        h.exportedAt = '14/05/2025'
      },
      /exportedAt/,
    ],
    [
      'fractional votes',
      (h) => {
        h.columns[0].notes[0].votes = 1.5
      },
      /votes/,
    ],
    [
      'another format',
      (h) => {
        h.format = 'csv'
      },
      /format/,
    ],
  ])('[H1.2] the schema rejects %s', (_, spoil, path) => {
    const h = exportHarvest(buildFixtureBoard(), { boardId: 'b', now })
    spoil(h)
    expect(validateHarvest(h)).toBe(false)
    expect(errors(validateHarvest)).toMatch(path)
  })

  it('[H1.5] a 1.1 harvest is valid against the 1.0 JSON Schema: readers of 1.0 keep working', () => {
    const h = exportHarvest(buildFixtureBoard(), { boardId: 'b', now })
    expect(validateV1_0(h), errors(validateV1_0)).toBe(true)
    for (let seed = 1; seed <= 10; seed++) {
      const r = exportHarvest(randomBoard(seed), { boardId: `r${seed}`, now })
      expect(validateV1_0(r), `seed ${seed}: ${errors(validateV1_0)}`).toBe(true)
    }
    const s = exportSessionHarvest({ id: 's', title: 'Round 2' }, [h], { now })
    expect(validateSessionV1_0(s), errors(validateSessionV1_0)).toBe(true)
  })

  it('[H1.5] a 1.0 harvest is valid against the 1.0 schema, not against 1.1 (it lacks its fields)', () => {
    expect(validateV1_0(goldenV1_0), errors(validateV1_0)).toBe(true)
    expect(validateHarvest(goldenV1_0)).toBe(false)
    expect(errors(validateHarvest)).toMatch(/minorVersion/)
  })
})
