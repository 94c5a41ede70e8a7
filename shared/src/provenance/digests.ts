/**
 * "Changed since sent" for every copy of a board at once [F11.7], against what a server can
 * keep of each source board: the digests of its notes and themes (`BoardDigests`), computed
 * once per version of that board and reused however many copies, boards and people ask. The
 * answer is the one `noteSourceStatus` and `themeSourceStatus` give, copy by copy.
 */
import type * as Y from 'yjs'
import { readBoard } from '../board/read'
import type { BoardSnapshot } from '../board/types'
import { membersOf } from './send'
import { noteDigest, themeDigest } from './source'
import { SOURCE_STATUS, type SourceStatus } from './status'

/** What a board says of one of its notes, for a copy elsewhere to compare with. */
export interface NoteDigest {
  digest: string
  deleted: boolean
  /** When the note is itself a copy: its source, to tell a loop. */
  source: { boardId: string; noteId: string } | null
}

/** The digests of a board's notes (deleted ones too) and themes. */
export interface BoardDigests {
  notes: Map<string, NoteDigest>
  /** Theme id → `themeDigest` of its title and live members. */
  themes: Map<string, string>
}

/** Digests of every note and theme of a board [F11.4]. */
export function boardDigests(from: Y.Doc | BoardSnapshot): BoardDigests {
  const snap = 'notes' in from && Array.isArray(from.notes) ? from : readBoard(from as Y.Doc)
  const notes = new Map<string, NoteDigest>()
  for (const n of snap.notes) {
    notes.set(n.id, {
      digest: noteDigest(n),
      deleted: n.deletedAt !== null,
      source: n.source ? { boardId: n.source.boardId, noteId: n.source.noteId } : null,
    })
  }
  const themes = new Map<string, string>()
  for (const c of snap.clusters) {
    themes.set(
      c.id,
      themeDigest(
        c.title,
        membersOf(snap, c.id).map((m) => m.id),
      ),
    )
  }
  return { notes, themes }
}

/** A source board's digests by its id, or null when there is no such board (or it may not be read). */
export type DigestLookup = (boardId: string) => BoardDigests | null

/** How every copy of a board stands against its source [F11.7]. */
export interface CopyStatuses {
  /** Copy id → status, for every live note copy. */
  notes: Record<string, SourceStatus>
  /** Theme copy id → one status per source, in the order of its `sources`. */
  themes: Record<string, Array<{ boardId: string; clusterId: string; status: SourceStatus }>>
}

/**
 * The status of every live copy on board `ownBoardId` [F11.7], looking one step back as
 * `noteSourceStatus` does; `lookup` is asked once per source board. Never throws.
 */
export function copyStatuses(
  snap: BoardSnapshot,
  ownBoardId: string,
  lookup: DigestLookup,
): CopyStatuses {
  const cache = new Map<string, BoardDigests | null>()
  const digestsOf = (boardId: string) => {
    if (!cache.has(boardId)) cache.set(boardId, lookup(boardId))
    return cache.get(boardId)!
  }
  const notes: CopyStatuses['notes'] = {}
  for (const n of snap.notes) {
    const s = n.source
    if (!s || n.deletedAt !== null) continue
    if (s.boardId === ownBoardId) {
      notes[n.id] = SOURCE_STATUS.loop
      continue
    }
    const board = digestsOf(s.boardId)
    const src = board?.notes.get(s.noteId)
    notes[n.id] = !board
      ? SOURCE_STATUS.noBoard
      : !src
        ? SOURCE_STATUS.noSource
        : src.source?.boardId === ownBoardId && src.source.noteId === n.id
          ? SOURCE_STATUS.loop
          : src.deleted
            ? SOURCE_STATUS.deleted
            : src.digest === s.digest
              ? SOURCE_STATUS.unchanged
              : SOURCE_STATUS.changed
  }
  const themes: CopyStatuses['themes'] = {}
  for (const c of snap.clusters) {
    if (c.sources.length === 0) continue
    themes[c.id] = c.sources.map((s) => {
      const at = { boardId: s.boardId, clusterId: s.clusterId }
      if (s.boardId === ownBoardId) return { ...at, status: SOURCE_STATUS.loop }
      const board = digestsOf(s.boardId)
      const digest = board?.themes.get(s.clusterId)
      const status: SourceStatus = !board
        ? SOURCE_STATUS.noBoard
        : digest === undefined
          ? SOURCE_STATUS.noSource
          : digest === s.digest
            ? SOURCE_STATUS.unchanged
            : SOURCE_STATUS.changed
      return { ...at, status }
    })
  }
  return { notes, themes }
}
