import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { harvestJsonSchema, harvestJsonSchemaText } from './jsonSchema'

const shipped = new URL('../../harvest.schema.json', import.meta.url)

describe('harvest JSON Schema', () => {
  it('[H1.3] shared/harvest.schema.json is what the zod source generates (run `npm run schema -w shared`)', () => {
    expect(readFileSync(shipped, 'utf8')).toBe(harvestJsonSchemaText())
  })

  it('[H1.3] is draft 2020-12, rooted at the board harvest, with the session harvest in $defs', () => {
    const s = harvestJsonSchema() as {
      $schema: string
      $ref: string
      $defs: Record<string, { required?: string[]; additionalProperties?: unknown }>
    }
    expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
    expect(s.$ref).toBe('#/$defs/Harvest')
    expect(s.$defs.SessionHarvest?.required).toEqual(
      expect.arrayContaining(['format', 'version', 'exportedAt', 'session', 'boards', 'summary']),
    )
    expect(s.$defs.Note?.required).toEqual(
      expect.arrayContaining(['id', 'text', 'column', 'lever', 'votes', 'createdAt', 'updatedAt']),
    )
  })

  it('[H1.3] allows extra properties on every object', () => {
    const objects: unknown[] = []
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk)
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>
        if (o.type === 'object' && o.properties) objects.push(o.additionalProperties)
        Object.values(o).forEach(walk)
      }
    }
    walk(harvestJsonSchema())
    expect(objects.length).toBeGreaterThan(10)
    for (const ap of objects)
      expect(ap === undefined || (typeof ap === 'object' && ap !== null)).toBe(true)
    expect(objects).not.toContain(false)
  })
})
