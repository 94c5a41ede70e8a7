/**
 * What the screen reader hears, through one polite live region: confirmations of one's own
 * actions at once, and other people's new notes summed up at most every few seconds so a
 * busy board does not talk over the person.
 */
export interface Addition {
  column: string
  city: string
}

/** "New note in So What? from Lahti", or a count when several arrived together. */
export function describeAdditions(adds: readonly Addition[]): string {
  if (adds.length === 0) return ''
  const columns = new Set(adds.map((a) => a.column))
  const only = columns.size === 1 ? [...columns][0] : null
  if (adds.length === 1) {
    const a = adds[0]!
    return `New note in ${a.column}${a.city ? ` from ${a.city}` : ''}`
  }
  return only ? `${adds.length} new notes in ${only}` : `${adds.length} new notes`
}

export type Announce = (message: string) => void
