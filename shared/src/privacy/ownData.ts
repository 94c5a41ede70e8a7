/**
 * A person's own data on a board [F13.8]: every note whose author id is theirs (soft-deleted
 * ones too: they are still stored) and the dots they gave, as plain JSON they can keep.
 * Nothing of anyone else: other notes appear only as the ids the person's dots sit on.
 */
import type * as Y from 'yjs'
import { readBoard, voteTotal } from '../board/read'
import { toIso } from '../harvest/time'
import type { Role } from '../policy/roles'

/** The format's name and version, for whoever reads the file later. */
export const OWN_DATA_FORMAT = 'sensemaking-own-data'
export const OWN_DATA_VERSION = 1

export interface OwnNote {
  id: string
  text: string
  /** Column id and title (null and "Parking lot" outside the columns). */
  column: string | null
  columnTitle: string
  lever: string | null
  leverLabel: string | null
  kind: string | null
  author: string
  city: string
  /** The title of the theme the note is in, if any. */
  theme: string | null
  /** Dots on the note, from everyone (a total, nobody's own). */
  dots: number
  createdAt: string
  updatedAt: string
  /** When the note was deleted (it stays stored until erased), or null. */
  deletedAt: string | null
}

export interface OwnData {
  format: typeof OWN_DATA_FORMAT
  version: typeof OWN_DATA_VERSION
  boardId: string
  boardTitle: string
  sessionTitle: string | null
  authorId: string
  exportedAt: string
  notes: OwnNote[]
  /** The dots this person placed, by note id. */
  dotsGiven: { noteId: string; dots: number }[]
  /** The changes of note texts the server recorded under their id [F14.8], on anyone's note, oldest first. */
  changes: OwnChange[]
}

/** One change of a note's text a person wrote, as the server recorded it [F14.8]. */
export interface OwnChange {
  noteId: string
  at: string | null
  role: Role | null
  text: string
}

/** A recorded change as `ownData` reads it (the fields of the API's NoteChange it needs). */
export interface RecordedChange {
  at: number | null
  personId: string | null
  role: Role | null
  text: string
}

/** Everything `authorId` wrote on the board, and the dots they gave [F13.8]. */
export function ownData(
  doc: Y.Doc,
  authorId: string,
  o: {
    boardId: string
    now?: () => number
    /** The board's recorded changes of note texts, whoever wrote them. */
    changes?: readonly { noteId: string; change: RecordedChange }[]
  },
): OwnData {
  const b = readBoard(doc)
  const columns = new Map(b.meta.columns.map((c) => [c.id, c.title]))
  const levers = new Map(b.meta.tags.map((t) => [t.id, t.label]))
  const themes = new Map(b.clusters.map((c) => [c.id, c.title]))
  const notes: OwnNote[] = b.notes
    .filter((n) => authorId !== '' && n.authorId === authorId)
    .sort((x, y) => x.createdAt - y.createdAt || (x.id < y.id ? -1 : 1))
    .map((n) => ({
      id: n.id,
      text: n.text,
      column: n.column,
      columnTitle: n.column === null ? 'Parking lot' : (columns.get(n.column) ?? n.column),
      lever: n.lever,
      leverLabel: n.lever === null ? null : (levers.get(n.lever) ?? n.lever),
      kind: n.kind,
      author: n.author,
      city: n.city,
      theme: n.clusterId === null ? null : (themes.get(n.clusterId) ?? null),
      dots: voteTotal(b.votes, n.id),
      createdAt: toIso(n.createdAt),
      updatedAt: toIso(n.updatedAt),
      deletedAt: n.deletedAt === null ? null : toIso(n.deletedAt),
    }))
  const dotsGiven: OwnData['dotsGiven'] = []
  if (authorId !== '') {
    for (const [noteId, perVoter] of b.votes) {
      const dots = perVoter.get(authorId)
      if (dots !== undefined) dotsGiven.push({ noteId, dots })
    }
  }
  dotsGiven.sort((x, y) => (x.noteId < y.noteId ? -1 : x.noteId > y.noteId ? 1 : 0))
  const changes: OwnChange[] = (o.changes ?? [])
    .filter((c) => authorId !== '' && c.change.personId === authorId)
    .map(({ noteId, change: c }) => ({
      noteId,
      at: c.at === null ? null : toIso(c.at),
      role: c.role,
      text: c.text,
    }))
    .sort((x, y) => (x.at ?? '').localeCompare(y.at ?? '') || (x.noteId < y.noteId ? -1 : 1))
  return {
    format: OWN_DATA_FORMAT,
    version: OWN_DATA_VERSION,
    boardId: o.boardId,
    boardTitle: b.meta.title,
    sessionTitle: b.meta.sessionTitle,
    authorId,
    exportedAt: toIso((o.now ?? Date.now)()),
    notes,
    dotsGiven,
    changes,
  }
}
