/** The summary figures of a harvest and of a session harvest [H8]. */
import { cityKey, normalizeCity } from '../board/text'
import { PARKING_LOT, TOTAL, UNTAGGED } from './keys'
import { compareText } from './order'
import type { HarvestCity, HarvestNote, HarvestSummary } from './schema'

type Counts = Record<string, number>

/** The counts of a summary [H8.1]–[H8.3], before the rankings are added. */
export type Counted = Pick<
  HarvestSummary,
  'notes' | 'participants' | 'cities' | 'byColumn' | 'byLever'
>

/**
 * Cities grouped by `cityKey` [H8]. A group shows its most frequent spelling (after
 * `normalizeCity`), ties going to the first in code-unit order; groups are sorted by notes
 * (most first), then by name. Notes without a city count in no group.
 */
export function cityCounts(notes: readonly Pick<HarvestNote, 'city'>[]): HarvestCity[] {
  const groups = new Map<string, Map<string, number>>()
  for (const n of notes) {
    const name = normalizeCity(n.city)
    if (name === '') continue
    const key = cityKey(n.city)
    let spellings = groups.get(key)
    if (!spellings) {
      spellings = new Map()
      groups.set(key, spellings)
    }
    spellings.set(name, (spellings.get(name) ?? 0) + 1)
  }
  const out: HarvestCity[] = []
  for (const spellings of groups.values()) {
    let best = ''
    let bestCount = -1
    let total = 0
    for (const [name, c] of spellings) {
      total += c
      if (c > bestCount || (c === bestCount && compareText(name, best) < 0)) {
        best = name
        bestCount = c
      }
    }
    out.push({ name: best, notes: total })
  }
  return out.sort((a, b) => b.notes - a.notes || compareText(a.name, b.name))
}

/** Distinct non-empty author ids [H8]. */
export function participantCount(notes: readonly Pick<HarvestNote, 'authorId'>[]): number {
  return new Set(notes.map((n) => n.authorId).filter((id) => id !== '')).size
}

const columnKey = (column: string | null) => column ?? PARKING_LOT

/** An empty counter object; no prototype, so an id like "__proto__" is just a key. */
export const counts = (): Counts => Object.create(null) as Counts

/** Zeroed counters for every column, then the parking lot, in that order. */
function zeroes(columnIds: readonly string[]): Counts {
  const out = counts()
  for (const id of columnIds) out[id] = 0
  out[PARKING_LOT] = 0
  return out
}

/**
 * The summary of one board's live notes [H8]: every column and every lever of the board
 * appears, with zero when it has no notes, so tables keep their shape.
 */
export function summarize(
  notes: readonly HarvestNote[],
  columnIds: readonly string[],
  leverIds: readonly string[],
): Counted {
  const byColumn = zeroes(columnIds)
  const byLever = Object.create(null) as Record<string, Counts>
  for (const id of [...leverIds, UNTAGGED]) {
    const row = zeroes(columnIds)
    row[TOTAL] = 0
    byLever[id] = row
  }
  for (const n of notes) {
    const col = columnKey(n.column)
    byColumn[col] = (byColumn[col] ?? 0) + 1
    const row = byLever[n.lever !== null && Object.hasOwn(byLever, n.lever) ? n.lever : UNTAGGED]!
    row[col] = (row[col] ?? 0) + 1
    row[TOTAL] = (row[TOTAL] ?? 0) + 1
  }
  return {
    notes: notes.length,
    participants: participantCount(notes),
    cities: cityCounts(notes),
    byColumn,
    byLever,
  }
}

/** Add `from` into `into`, key by key, keeping the order in which keys first appear. */
export function addCounts(into: Counts, from: Readonly<Counts>): Counts {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v
  return into
}
