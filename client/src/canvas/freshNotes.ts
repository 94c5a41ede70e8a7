/**
 * Notes this tab has just created with "+" or a key and not yet typed into. If the person
 * leaves one empty, it is deleted rather than left as a blank sticky.
 */
export const freshNotes = new Set<string>()
