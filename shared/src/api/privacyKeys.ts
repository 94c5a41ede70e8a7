/**
 * The privacy endpoints' constants, apart from their zod schemas (`privacy.ts`) so that the
 * server's core reads them without loading the schemas.
 */

/** Longest retention a session may be given: ten years. */
export const MAX_RETENTION_DAYS = 3650

/** The header that carries a device's author key [F13.9], on the own-data routes only. */
export const AUTHOR_KEY_HEADER = 'X-Author-Key'
