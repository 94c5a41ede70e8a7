/**
 * Ids of boards and sessions in paths: what the server makes, and a little more for imported
 * boards. The one pattern both ends check. (Apart from the zod schemas, so that what checks an
 * id alone does not load them.)
 */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/
