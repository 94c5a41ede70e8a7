/**
 * Erasure [F13]: what an erasure takes out of a board, and the record of erased ids that keeps
 * them out. Removing entries here only deletes them from the document; forgetting them for
 * good is the server's work (a new epoch whose base has them collected, F13.5).
 */
import * as Y from 'yjs'
import { clustersMap, notesMap, votesMap } from '../board/read'
import { readNoteSource } from '../provenance/source'
import { BOARD, NOTE, ROOT } from '../schema/keys'

/** What to erase: some notes, every note of one person, or the whole board [F13.2–F13.4]. */
export type ErasureSelector = { notes: readonly string[] } | { authorId: string } | { all: true }

/** The entries an erasure removes, found in a document. */
export interface ErasureSelection {
  /** Note ids. */
  notes: string[]
  /** Vote maps removed whole: the erased notes' (and, for a whole board, every one). */
  voteMaps: string[]
  /** Theme (cluster) ids: only when the whole board is erased. */
  clusters: string[]
  /** A voter whose dots go from every note: the person erased [F13.3]. */
  voter: string | null
  /** Board settings that carry names: only when the whole board is erased [F13.4]. */
  boardKeys: string[]
}

/** What an erasure removed, in counts only (they go to logs and answers). */
export interface ErasureCounts {
  notes: number
  themes: number
  /** Voter entries removed: a person's dots, and the dots on erased notes. */
  dots: number
}

/** Board settings that name people (the facilitators' message, who summoned). */
const NAMING_SETTINGS: readonly string[] = [BOARD.broadcast, BOARD.summon]

/** The erased ids of a board [F13.1]: notes and themes, by id. */
export const erasedMap = (doc: Y.Doc) => doc.getMap<unknown>(ROOT.erased)

/** Every erased id of a board [F13.1]. */
export function erasedIds(doc: Y.Doc): Set<string> {
  return new Set(erasedMap(doc).keys())
}

/** What `selector` names in `doc` [F13.2–F13.4]; ids the board does not hold are left out. */
export function selectErasure(doc: Y.Doc, selector: ErasureSelector): ErasureSelection {
  const notes = notesMap(doc)
  if ('all' in selector) {
    return {
      notes: [...notes.keys()],
      voteMaps: [...votesMap(doc).keys()],
      clusters: [...clustersMap(doc).keys()],
      voter: null,
      boardKeys: NAMING_SETTINGS.filter((k) => doc.getMap(ROOT.board).has(k)),
    }
  }
  if ('authorId' in selector) {
    const mine: string[] = []
    notes.forEach((m, id) => {
      if (m instanceof Y.Map && m.get(NOTE.authorId) === selector.authorId) mine.push(id)
    })
    return {
      notes: mine,
      voteMaps: mine.filter((id) => votesMap(doc).has(id)),
      clusters: [],
      voter: selector.authorId === '' ? null : selector.authorId,
      boardKeys: [],
    }
  }
  const wanted = [...new Set(selector.notes)].filter((id) => notes.has(id))
  const voteMaps = wanted.filter((id) => votesMap(doc).has(id))
  return { notes: wanted, voteMaps, clusters: [], voter: null, boardKeys: [] }
}

/** How much `selection` removes from `doc`, without changing it; all zero for nothing. */
export function countErasure(doc: Y.Doc, s: ErasureSelection): ErasureCounts {
  const gone = new Set(s.voteMaps)
  let dots = 0
  votesMap(doc).forEach((perVoter, noteId) => {
    if (!(perVoter instanceof Y.Map)) return
    if (gone.has(noteId)) dots += perVoter.size
    else if (s.voter !== null && perVoter.has(s.voter)) dots++
  })
  return { notes: s.notes.length, themes: s.clusters.length, dots }
}

/** True when the selection removes nothing (no note, theme, dot or naming setting). */
export function isEmptyErasure(doc: Y.Doc, s: ErasureSelection): boolean {
  const c = countErasure(doc, s)
  return c.notes + c.themes + c.dots + s.boardKeys.length === 0
}

/**
 * Delete the selected entries from `doc` in one transaction [F13.2–F13.4]: notes and their
 * vote maps (a theme's membership is the note's own field, so it goes with the note), the
 * person's dots, themes, naming settings. Records nothing: see `recordErased`.
 */
export function removeSelected(doc: Y.Doc, s: ErasureSelection, origin?: unknown): void {
  doc.transact(() => {
    const notes = notesMap(doc)
    const votes = votesMap(doc)
    for (const id of s.notes) notes.delete(id)
    for (const id of s.voteMaps) votes.delete(id)
    if (s.voter !== null) {
      const voter = s.voter
      votes.forEach((perVoter) => {
        if (perVoter instanceof Y.Map && perVoter.has(voter)) perVoter.delete(voter)
      })
    }
    const clusters = clustersMap(doc)
    for (const id of s.clusters) clusters.delete(id)
    const board = doc.getMap(ROOT.board)
    for (const k of s.boardKeys) board.delete(k)
  }, origin)
}

/** Remember erased note and theme ids, with when, never their content [F13.1]. */
export function recordErased(
  doc: Y.Doc,
  ids: Iterable<string>,
  at: number,
  origin?: unknown,
): void {
  doc.transact(() => {
    const erased = erasedMap(doc)
    for (const id of ids) if (!erased.has(id)) erased.set(id, at)
  }, origin)
}

/**
 * True when a patch or write touching `path` (root first) would bring an erased entry back or
 * change the record itself [F13.6, F13.7].
 */
export function touchesErased(path: readonly string[], erased: ReadonlySet<string>): boolean {
  const [root, key] = path
  if (root === ROOT.erased) return true
  if (key === undefined) return false
  return (root === ROOT.notes || root === ROOT.clusters || root === ROOT.votes) && erased.has(key)
}

/**
 * The notes of `doc` that are copies of notes `ids` of board `fromBoard` (their `source` names
 * one, F11.1): an erasure reaches them too [F13.10].
 */
export function copiesOf(doc: Y.Doc, fromBoard: string, ids: Iterable<string>): string[] {
  const wanted = new Set(ids)
  const out: string[] = []
  if (wanted.size === 0) return out
  notesMap(doc).forEach((m, id) => {
    if (!(m instanceof Y.Map)) return
    const { source } = readNoteSource(m.get(NOTE.source))
    if (source && source.boardId === fromBoard && wanted.has(source.noteId)) out.push(id)
  })
  return out
}
