/** Provenance of notes and themes sent from one board to another [F11]. See ../../SPEC.md. */
export * from './digests'
export * from './merge'
export * from './refresh'
export * from './send'
export * from './source'
export * from './status'
