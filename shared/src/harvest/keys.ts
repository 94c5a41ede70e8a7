/**
 * The harvest's version and the keys of its `byColumn` and `byLever` [H8], apart from its zod
 * schema (`schema.ts`) so that the board's counts and the export read them without building
 * the schema: a module that imports a value from `schema.ts` evaluates its hundred-odd
 * schemas (the server's HTTP API did, on its first request).
 */

/** The version 1.x this code writes: 1.1 [H1.5]. */
export const HARVEST_MINOR_VERSION = 1

/** Key of the parking lot in `byColumn` and `byLever` [H8]. */
export const PARKING_LOT = 'parkingLot'
/** Key of untagged notes in `byLever` [H8]. */
export const UNTAGGED = 'untagged'
/** Key of a lever's total in `byLever` [H8]. */
export const TOTAL = 'total'
