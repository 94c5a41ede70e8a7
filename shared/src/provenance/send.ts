/**
 * Sending notes and themes from one board to another (a breakout to its plenary) [F11.5]:
 * a copy that keeps its provenance. Sending again adds nothing; a changed source is reported,
 * never written over, until `refreshCopies` is asked to. Pure over two documents: the caller
 * (the server's send route, later) loads both boards and stores what changes.
 */
import * as Y from 'yjs'
import { createCluster } from '../board/clusters'
import { BOARD_ERROR, BoardError } from '../board/errors'
import { createNote, type WriteOptions } from '../board/notes'
import { clustersMap, notesMap, readBoard, voteTotal } from '../board/read'
import { capText } from '../board/text'
import type { BoardSnapshot, ClusterView, NoteView } from '../board/types'
import { CLUSTER, NOTE } from '../schema/keys'
import { carried, fillText, kindIn, themeBlock } from './place'
import { type NoteSource, noteDigest, sourceKey, type ThemeSource, themeDigest } from './source'

/** A board and its id: documents do not know their own id. */
export interface BoardRef {
  doc: Y.Doc
  boardId: string
}

/** What to send: note ids and theme (cluster) ids of the source board. */
export interface SendRequest {
  notes?: readonly string[]
  themes?: readonly string[]
}

/** What became of one item sent [F11.5]. */
export const SEND_OUTCOME = {
  /** A new copy was made. */
  sent: 'sent',
  /** The copy had been deleted on the target: it is restored, not made twice. */
  restored: 'restored',
  /** A live copy exists and the source has not changed: nothing is written. */
  alreadySent: 'already-sent',
  /** A live copy exists and the source has changed since: nothing is written (refresh it). */
  changed: 'changed-since-sent',
  /** No live note or theme of that id on the source board. */
  notFound: 'not-found',
  /** The note is itself a copy of a note of the target board: sending it back would loop. */
  fromTarget: 'from-target',
} as const
export type SendOutcome = (typeof SEND_OUTCOME)[keyof typeof SEND_OUTCOME]

export interface SentItem {
  /** The id on the source board. */
  id: string
  /** The copy's id on the target board, when there is one. */
  copyId: string | null
  outcome: SendOutcome
}

export interface SendResult {
  notes: SentItem[]
  /** Each theme with what became of its members (empty unless the theme was copied now). */
  themes: Array<SentItem & { notes: SentItem[] }>
}

/** Where each source note and theme already has a copy on a board (live copies first). */
interface Copies {
  notes: Map<string, NoteView>
  themes: Map<string, ClusterView>
}

function copiesOn(snap: BoardSnapshot): Copies {
  const notes = new Map<string, NoteView>()
  for (const n of snap.notes) {
    if (!n.source) continue
    const key = sourceKey(n.source.boardId, n.source.noteId)
    const have = notes.get(key)
    // Two copies of one source (a hostile or merged document): the live one, then the first id.
    if (!have || (have.deletedAt !== null && n.deletedAt === null)) notes.set(key, n)
  }
  const themes = new Map<string, ClusterView>()
  for (const c of snap.clusters) {
    for (const s of c.sources) {
      const key = sourceKey(s.boardId, s.clusterId)
      if (!themes.has(key)) themes.set(key, c)
    }
  }
  return { notes, themes }
}

/** The snapshot of a source note that its copy keeps [F11.1]. */
export function noteSourceOf(
  n: NoteView,
  from: { boardId: string; title: string },
  votes: number,
  now: number,
): NoteSource {
  return {
    boardId: from.boardId,
    boardName: from.title,
    noteId: n.id,
    city: n.city,
    author: n.author,
    lever: n.lever,
    column: n.column,
    kind: n.kind,
    votes,
    sentAt: now,
    digest: noteDigest(n),
  }
}

/** The live members of a theme on its board, in reading order. */
export function membersOf(snap: BoardSnapshot, clusterId: string): NoteView[] {
  return snap.notes
    .filter((n) => n.deletedAt === null && n.clusterId === clusterId)
    .sort((a, b) => a.y - b.y || a.x - b.x || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

/** The snapshot of a source theme that its copy keeps [F11.2]. */
export function themeSourceOf(
  c: ClusterView,
  members: readonly NoteView[],
  from: { boardId: string; title: string },
  now: number,
): ThemeSource {
  return {
    boardId: from.boardId,
    boardName: from.title,
    clusterId: c.id,
    title: c.title,
    sentAt: now,
    digest: themeDigest(
      c.title,
      members.map((m) => m.id),
    ),
  }
}

/** What copying needs to know, for sending and refreshing alike. */
export interface CopyContext {
  target: BoardRef
  targetSnap: BoardSnapshot
  fromSnap: BoardSnapshot
  from: { boardId: string; title: string }
  now: number
  opts: WriteOptions
}

interface Context extends CopyContext {
  copies: Copies
}

/**
 * Make a copy of `src` on the target with its provenance [F11.1]: the source's column, lever
 * and kind where the target defines them (else none), its words, city and author, and no dots.
 * `place.at` puts it at a position (else a free slot of its column), `place.clusterId` in a theme.
 */
export function copyNote(
  cx: CopyContext,
  src: NoteView,
  place?: { at?: { x: number; y: number }; clusterId: string },
): { copyId: string; source: NoteSource } {
  const { meta } = cx.targetSnap
  const { column, lever } = carried(meta, src)
  const head = capText(src.text)
  const doc = cx.target.doc
  const copyId = createNote(
    doc,
    {
      text: head,
      column,
      lever,
      kind: kindIn(meta, column, src.kind),
      city: src.city,
      author: src.author,
      authorId: src.authorId,
      x: place?.at?.x,
      y: place?.at?.y,
      clusterId: place?.clusterId ?? null,
    },
    { origin: cx.opts.origin, now: () => cx.now },
  )
  fillText(doc, copyId, src.text, head)
  const source = noteSourceOf(src, cx.from, voteTotal(cx.fromSnap.votes, src.id), cx.now)
  notesMap(doc).get(copyId)!.set(NOTE.source, source)
  return { copyId, source }
}

/**
 * Send one note: a copy with its provenance [F11.5], or what is already there. `place` puts a
 * new copy at a given position and in a theme; without it the copy takes a free slot.
 */
function sendNote(
  cx: Context,
  src: NoteView | undefined,
  id: string,
  place?: { at?: { x: number; y: number }; clusterId: string },
): SentItem {
  if (!src || src.deletedAt !== null) return { id, copyId: null, outcome: SEND_OUTCOME.notFound }
  if (src.source?.boardId === cx.target.boardId) {
    return { id, copyId: null, outcome: SEND_OUTCOME.fromTarget }
  }
  const key = sourceKey(cx.from.boardId, id)
  const have = cx.copies.notes.get(key)
  if (have) {
    if (have.deletedAt !== null) {
      const m = notesMap(cx.target.doc).get(have.id)
      if (m instanceof Y.Map) {
        m.set(NOTE.deletedAt, null)
        m.set(NOTE.updatedAt, cx.now)
      }
      cx.copies.notes.set(key, { ...have, deletedAt: null })
      return { id, copyId: have.id, outcome: SEND_OUTCOME.restored }
    }
    const changed = have.source!.digest !== noteDigest(src)
    return {
      id,
      copyId: have.id,
      outcome: changed ? SEND_OUTCOME.changed : SEND_OUTCOME.alreadySent,
    }
  }
  const { copyId, source } = copyNote(cx, src, place)
  cx.copies.notes.set(key, { ...src, id: copyId, source, deletedAt: null })
  return { id, copyId, outcome: SEND_OUTCOME.sent }
}

/** Send one theme: a framed copy with the copies of its members [F11.5]. */
function sendTheme(cx: Context, id: string): SentItem & { notes: SentItem[] } {
  const src = cx.fromSnap.clusters.find((c) => c.id === id)
  if (!src) return { id, copyId: null, outcome: SEND_OUTCOME.notFound, notes: [] }
  const members = membersOf(cx.fromSnap, id)
  const have = cx.copies.themes.get(sourceKey(cx.from.boardId, id))
  if (have) {
    const mine = have.sources.find((s) => s.boardId === cx.from.boardId && s.clusterId === id)!
    const changed =
      mine.digest !==
      themeDigest(
        src.title,
        members.map((m) => m.id),
      )
    return {
      id,
      copyId: have.id,
      outcome: changed ? SEND_OUTCOME.changed : SEND_OUTCOME.alreadySent,
      notes: [],
    }
  }
  const { column } = carried(cx.targetSnap.meta, { column: src.column, lever: null })
  // Members not on the target yet go into the frame; those sent before stay where they are.
  const fresh = members.filter(
    (n) =>
      !cx.copies.notes.has(sourceKey(cx.from.boardId, n.id)) &&
      n.source?.boardId !== cx.target.boardId &&
      carried(cx.targetSnap.meta, n).column === column,
  )
  const block = themeBlock(cx.targetSnap, cx.target.doc, column, fresh.length)
  const sources = [themeSourceOf(src, members, cx.from, cx.now)]
  const copyId = createCluster(
    cx.target.doc,
    { title: src.title, column, ...block.frame },
    { origin: cx.opts.origin, now: () => cx.now },
  )
  clustersMap(cx.target.doc).get(copyId)!.set(CLUSTER.sources, sources)
  const slot = new Map(fresh.map((n, i) => [n.id, block.positions[i]!]))
  // A member in another column than the theme's joins the theme from a free slot there.
  const notes = members.map((n) => sendNote(cx, n, n.id, { at: slot.get(n.id), clusterId: copyId }))
  return { id, copyId, outcome: SEND_OUTCOME.sent, notes }
}

/**
 * Copy notes and themes of `from` onto `target`, each keeping its provenance [F11.5]. In one
 * transaction on the target with the caller's origin; the source is only read. Sending what is
 * already there adds nothing: a live copy is reported as already sent (or changed since sent),
 * a deleted one is restored. Throws a `BoardError` when both are the same board.
 */
export function sendToBoard(
  target: BoardRef,
  from: BoardRef,
  req: SendRequest,
  opts: WriteOptions = {},
): SendResult {
  if (target.boardId === from.boardId) {
    throw new BoardError(BOARD_ERROR.sameBoard, 'A board cannot send notes to itself')
  }
  const fromSnap = readBoard(from.doc)
  const targetSnap = readBoard(target.doc)
  const cx: Context = {
    target,
    targetSnap,
    fromSnap,
    from: { boardId: from.boardId, title: fromSnap.meta.title },
    copies: copiesOn(targetSnap),
    now: (opts.now ?? Date.now)(),
    opts,
  }
  const byId = new Map(fromSnap.notes.map((n) => [n.id, n]))
  const result: SendResult = { notes: [], themes: [] }
  target.doc.transact(() => {
    for (const id of new Set(req.themes ?? [])) result.themes.push(sendTheme(cx, id))
    for (const id of new Set(req.notes ?? [])) result.notes.push(sendNote(cx, byId.get(id), id))
  }, opts.origin)
  return result
}
