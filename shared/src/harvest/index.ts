/** Harvest export v1: JSON, Markdown and CSV of a board or a session, and import. See ../../HARVEST-SPEC.md. */
export * from './export'
export * from './jsonSchema'
export * from './markdown'
export * from './mdEscape'
export * from './schema'
export * from './summary'
export * from './time'
