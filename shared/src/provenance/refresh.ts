/**
 * Refreshing copies from their source [F11.6]: what a facilitator asks for when a copy shows
 * "changed since sent". The copy's words, lever, kind, city and author follow the source; where
 * it sits on the target (column, position, theme) and the target's own dots stay.
 */
import type * as Y from 'yjs'
import { BOARD_ERROR, BoardError } from '../board/errors'
import type { WriteOptions } from '../board/notes'
import { clustersMap, notesMap, readBoard, voteTotal } from '../board/read'
import type { NoteView } from '../board/types'
import { CLUSTER, NOTE } from '../schema/keys'
import { belowFrame, carried, kindIn, replaceText } from './place'
import {
  type BoardRef,
  type CopyContext,
  copyNote,
  membersOf,
  noteSourceOf,
  themeSourceOf,
} from './send'
import { noteDigest, sourceKey } from './source'

/** What became of one copy asked to refresh [F11.6]. */
export const REFRESH_OUTCOME = {
  /** The copy now says what its source says. */
  refreshed: 'refreshed',
  /** Nothing to do: the source has not changed since it was sent. */
  unchanged: 'unchanged',
  /** No such copy on the target, or it was not sent from this source board. */
  notACopy: 'not-a-copy',
  /** The source note or theme is gone or deleted: the copy is kept as it is. */
  sourceGone: 'source-gone',
} as const
export type RefreshOutcome = (typeof REFRESH_OUTCOME)[keyof typeof REFRESH_OUTCOME]

export interface RefreshResult {
  notes: Array<{ copyId: string; outcome: RefreshOutcome }>
  /** Each theme, with the copies of members that joined its source since it was sent. */
  themes: Array<{ copyId: string; outcome: RefreshOutcome; added: string[] }>
}

type Context = CopyContext

function refreshNote(cx: Context, copyId: string): RefreshOutcome {
  const copy = cx.targetSnap.notes.find((n) => n.id === copyId)
  if (!copy?.source || copy.source.boardId !== cx.from.boardId) return REFRESH_OUTCOME.notACopy
  const src = cx.fromSnap.notes.find((n) => n.id === copy.source!.noteId)
  if (!src || src.deletedAt !== null) return REFRESH_OUTCOME.sourceGone
  const votes = voteTotal(cx.fromSnap.votes, src.id)
  if (copy.source.digest === noteDigest(src) && copy.source.votes === votes) {
    return REFRESH_OUTCOME.unchanged
  }
  const doc = cx.target.doc
  const m = notesMap(doc).get(copyId) as Y.Map<unknown>
  const { meta } = cx.targetSnap
  const { lever } = carried(meta, src)
  replaceText(doc, copyId, src.text)
  const fields: Array<[string, unknown]> = [
    [NOTE.lever, lever],
    [NOTE.kind, kindIn(meta, copy.column, src.kind)],
    [NOTE.city, src.city],
    [NOTE.author, src.author],
  ]
  for (const [k, v] of fields) if (m.get(k) !== v) m.set(k, v)
  m.set(NOTE.source, noteSourceOf(src, cx.from, votes, cx.now))
  m.set(NOTE.updatedAt, cx.now)
  return REFRESH_OUTCOME.refreshed
}

function refreshTheme(cx: Context, copyId: string): { outcome: RefreshOutcome; added: string[] } {
  const copy = cx.targetSnap.clusters.find((c) => c.id === copyId)
  const mine = copy?.sources.filter((s) => s.boardId === cx.from.boardId) ?? []
  if (!copy || mine.length === 0) return { outcome: REFRESH_OUTCOME.notACopy, added: [] }
  const live = mine.filter((s) => cx.fromSnap.clusters.some((c) => c.id === s.clusterId))
  if (live.length === 0) return { outcome: REFRESH_OUTCOME.sourceGone, added: [] }
  const doc = cx.target.doc
  const m = clustersMap(doc).get(copyId) as Y.Map<unknown>
  const sent = new Set(
    cx.targetSnap.notes
      .filter((n) => n.source)
      .map((n) => sourceKey(n.source!.boardId, n.source!.noteId)),
  )
  const added: string[] = []
  const next = copy.sources.map((s) => {
    if (s.boardId !== cx.from.boardId) return s
    const src = cx.fromSnap.clusters.find((c) => c.id === s.clusterId)
    if (!src) return s
    const members = membersOf(cx.fromSnap, src.id)
    const snapshot = themeSourceOf(src, members, cx.from, cx.now)
    if (snapshot.digest === s.digest) return s
    // A merged theme has several sources: only a theme of one source follows its title.
    if (copy.sources.length === 1 && m.get(CLUSTER.title) !== src.title) {
      m.set(CLUSTER.title, src.title)
    }
    added.push(
      ...addMembers(
        cx,
        copy,
        members.filter((n) => !sent.has(sourceKey(cx.from.boardId, n.id))),
      ),
    )
    return snapshot
  })
  if (next.every((s, i) => s === copy.sources[i]))
    return { outcome: REFRESH_OUTCOME.unchanged, added }
  m.set(CLUSTER.sources, next)
  return { outcome: REFRESH_OUTCOME.refreshed, added }
}

/** Copy members that joined a source theme into its copy, in rows under the frame. */
function addMembers(
  cx: Context,
  theme: { id: string; column: string | null; x: number; y: number; w: number; h: number },
  notes: readonly NoteView[],
): string[] {
  const { meta } = cx.targetSnap
  const inFrame = notes.filter((n) => carried(meta, n).column === theme.column)
  const rows = belowFrame(meta, theme.column, theme, inFrame.length)
  if (inFrame.length > 0) {
    const m = clustersMap(cx.target.doc).get(theme.id) as Y.Map<unknown>
    m.set(CLUSTER.w, rows.frame.w)
    m.set(CLUSTER.h, rows.frame.h)
  }
  const at = new Map(inFrame.map((n, i) => [n.id, rows.positions[i]!]))
  const out: string[] = []
  for (const n of notes) {
    out.push(copyNote(cx, n, { at: at.get(n.id), clusterId: theme.id }).copyId)
  }
  return out
}

/**
 * Bring copies on `target` up to date with their sources on `from` [F11.6], in one
 * transaction with the caller's origin. Copies whose source has not changed are left as they
 * are; a copy whose source is gone is kept. Throws a `BoardError` when both are the same board.
 */
export function refreshCopies(
  target: BoardRef,
  from: BoardRef,
  req: { notes?: readonly string[]; themes?: readonly string[] },
  opts: WriteOptions = {},
): RefreshResult {
  if (target.boardId === from.boardId) {
    throw new BoardError(BOARD_ERROR.sameBoard, 'A board cannot refresh from itself')
  }
  const fromSnap = readBoard(from.doc)
  const cx: Context = {
    target,
    targetSnap: readBoard(target.doc),
    fromSnap,
    from: { boardId: from.boardId, title: fromSnap.meta.title },
    now: (opts.now ?? Date.now)(),
    opts,
  }
  const result: RefreshResult = { notes: [], themes: [] }
  target.doc.transact(() => {
    for (const copyId of new Set(req.themes ?? [])) {
      result.themes.push({ copyId, ...refreshTheme(cx, copyId) })
    }
    for (const copyId of new Set(req.notes ?? [])) {
      result.notes.push({ copyId, outcome: refreshNote(cx, copyId) })
    }
  }, opts.origin)
  return result
}
