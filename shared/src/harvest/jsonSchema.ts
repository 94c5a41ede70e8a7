/**
 * The JSON Schema of the harvest, generated from the zod schemas [H1]: one document whose root
 * validates a board harvest and whose `$defs.SessionHarvest` validates a session harvest.
 */
import * as z from 'zod'
import { harvestRegistry, SessionHarvestSchema } from './schema'

/** The harvest JSON Schema (draft 2020-12, extra properties allowed). */
export function harvestJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(SessionHarvestSchema, {
    target: 'draft-2020-12',
    metadata: harvestRegistry,
    reused: 'inline',
  }) as Record<string, unknown>
  const { $schema, $ref: _sessionRef, $defs, ...rest } = generated
  return {
    $schema,
    title: 'Sensemaking board harvest, version 1.1',
    description:
      'A board harvest (the root) and, in $defs.SessionHarvest, a session harvest. ' +
      'Generated from shared/src/harvest/schema.ts: do not edit by hand.',
    ...rest,
    $ref: '#/$defs/Harvest',
    $defs,
  }
}

/** The schema file's exact text, as `npm run schema -w shared` writes it. */
export function harvestJsonSchemaText(): string {
  return `${JSON.stringify(harvestJsonSchema(), null, 2)}\n`
}
