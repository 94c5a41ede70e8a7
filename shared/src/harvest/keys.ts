/**
 * Keys of the harvest's `byColumn` and `byLever` [H8], apart from its zod schema (`schema.ts`)
 * so that the board's counts read them without loading the schema.
 */

/** Key of the parking lot in `byColumn` and `byLever` [H8]. */
export const PARKING_LOT = 'parkingLot'
/** Key of untagged notes in `byLever` [H8]. */
export const UNTAGGED = 'untagged'
/** Key of a lever's total in `byLever` [H8]. */
export const TOTAL = 'total'
