/**
 * Readers of board format v1. They never throw on a malformed document [F9]: a bad
 * entry is reported in `invalid` with a reason and everything else still reads.
 */
import * as Y from 'yjs'
import { readNoteSource, readThemeSources } from '../provenance/source'
import { BOARD, CLUSTER, NOTE, ROOT } from '../schema/keys'
import { type ColumnDef, DEFAULT_TEMPLATE, type KindDef, type TagDef } from '../schema/template'
import type { BoardMeta, BoardSnapshot, ClusterView, InvalidEntry, NoteView } from './types'

export const boardMap = (doc: Y.Doc) => doc.getMap<unknown>(ROOT.board)
export const notesMap = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>(ROOT.notes)
export const clustersMap = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>(ROOT.clusters)
export const votesMap = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>(ROOT.votes)

const isString = (v: unknown): v is string => typeof v === 'string'
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

/**
 * A column's kinds [F2.8]: entries without a string id are skipped, a title defaults to the
 * id, an id given twice is kept at its first place. Absent when the column defines none.
 */
function readKinds(v: unknown): KindDef[] | undefined {
  if (!Array.isArray(v)) return undefined
  const out: KindDef[] = []
  for (const k of v) {
    if (!k || typeof k !== 'object' || !isString((k as KindDef).id)) continue
    const kind = k as Partial<KindDef>
    if (out.some((o) => o.id === kind.id)) continue
    out.push({ id: kind.id!, title: isString(kind.title) ? kind.title : kind.id! })
  }
  return out
}

function readColumns(v: unknown): ColumnDef[] | null {
  if (!Array.isArray(v)) return null
  const out: ColumnDef[] = []
  v.forEach((c, i) => {
    if (c && typeof c === 'object' && isString((c as ColumnDef).id)) {
      const col = c as Partial<ColumnDef>
      const def: ColumnDef = {
        id: col.id!,
        title: isString(col.title) ? col.title : col.id!,
        prompt: isString(col.prompt) ? col.prompt : '',
        order: isFiniteNumber(col.order) ? col.order : i,
      }
      const kinds = readKinds(col.kinds)
      if (kinds) def.kinds = kinds
      if (isString(col.heading)) def.heading = col.heading
      out.push(def)
    }
  })
  return out.length > 0 ? out : null
}

/** The kinds a note in `column` may carry [F2.8]: none in the parking lot. */
export function kindsOf(meta: Pick<BoardMeta, 'columns'>, column: string | null): KindDef[] {
  if (column === null) return []
  return meta.columns.find((c) => c.id === column)?.kinds ?? []
}

function readTags(v: unknown): TagDef[] | null {
  if (!Array.isArray(v)) return null
  const out: TagDef[] = []
  for (const t of v) {
    if (t && typeof t === 'object' && isString((t as TagDef).id)) {
      const tag = t as Partial<TagDef>
      out.push({
        id: tag.id!,
        label: isString(tag.label) ? tag.label : tag.id!,
        color: isString(tag.color) ? tag.color : '#888888',
      })
    }
  }
  return out.length > 0 ? out : null
}

/**
 * The board's settings. A board without `columns` or `tags` (an older or third-party
 * document) reads with the default template's [F2.3].
 */
export function readMeta(doc: Y.Doc): BoardMeta {
  const b = boardMap(doc)
  const columns = readColumns(b.get(BOARD.columns)) ?? DEFAULT_TEMPLATE.columns
  const tags = readTags(b.get(BOARD.tags)) ?? DEFAULT_TEMPLATE.tags
  const phase = b.get(BOARD.phase)
  const fv = b.get(BOARD.formatVersion)
  const sessionId = b.get(BOARD.sessionId)
  const sessionTitle = b.get(BOARD.sessionTitle)
  const title = b.get(BOARD.title)
  const template = b.get(BOARD.template)
  return {
    title: isString(title) ? title : '',
    formatVersion: isFiniteNumber(fv) ? fv : null,
    template: isString(template) ? template : DEFAULT_TEMPLATE.id,
    columns,
    tags,
    phase: isString(phase) && columns.some((c) => c.id === phase) ? phase : null,
    locked: b.get(BOARD.locked) === true,
    sessionId: isString(sessionId) ? sessionId : null,
    sessionTitle: isString(sessionTitle) ? sessionTitle : null,
  }
}

type NoteResult = { note: NoteView; problems: string[] } | { note: null; problems: string[] }

/**
 * Read one note against the board's own columns and tags [F3]. A wrong type or a
 * missing required field makes the note invalid; an unknown lever or column keeps the
 * note (lever null, column null) and reports it, so no participant's words are lost [F9.2].
 */
export function readNote(id: string, value: unknown, meta: BoardMeta): NoteResult {
  if (!(value instanceof Y.Map)) return { note: null, problems: ['note is not a Y.Map'] }
  const m = value as Y.Map<unknown>
  const problems: string[] = []
  const text = m.get(NOTE.text)
  let textStr: string
  if (text instanceof Y.Text) textStr = text.toString()
  else if (isString(text)) textStr = text
  else return { note: null, problems: ['text is missing or not a Y.Text'] }

  const x = m.get(NOTE.x)
  const y = m.get(NOTE.y)
  if (!isFiniteNumber(x) || !isFiniteNumber(y)) {
    return { note: null, problems: ['x or y is missing or not a finite number'] }
  }
  const createdAt = m.get(NOTE.createdAt)
  if (!isFiniteNumber(createdAt)) {
    return { note: null, problems: ['createdAt is missing or not a number'] }
  }
  const updatedAtRaw = m.get(NOTE.updatedAt)
  const updatedAt = isFiniteNumber(updatedAtRaw) ? updatedAtRaw : createdAt

  let column: string | null = null
  const colRaw = m.get(NOTE.column)
  if (isString(colRaw)) {
    if (meta.columns.some((c) => c.id === colRaw)) column = colRaw
    else problems.push(`unknown column "${colRaw}", read as the parking lot`)
  } else if (colRaw !== null && colRaw !== undefined) {
    problems.push('column is not a string, read as the parking lot')
  }

  let lever: string | null = null
  const leverRaw = m.get(NOTE.lever)
  if (isString(leverRaw)) {
    if (meta.tags.some((t) => t.id === leverRaw)) lever = leverRaw
    else problems.push(`unknown lever "${leverRaw}", read as untagged`)
  } else if (leverRaw !== null && leverRaw !== undefined) {
    problems.push('lever is not a string, read as untagged')
  }

  // A kind belongs to a column [F3.9]: one of another column (the note was moved) reads as
  // null and comes back if the note does; one no column offers is reported.
  let kind: string | null = null
  const kindRaw = m.get(NOTE.kind)
  if (isString(kindRaw)) {
    if (kindsOf(meta, column).some((k) => k.id === kindRaw)) kind = kindRaw
    else if (!meta.columns.some((c) => c.kinds?.some((k) => k.id === kindRaw))) {
      problems.push(`unknown kind "${kindRaw}", read as none`)
    }
  } else if (kindRaw !== null && kindRaw !== undefined) {
    problems.push('kind is not a string, read as none')
  }

  const source = readNoteSource(m.get(NOTE.source))
  if (source.problem) problems.push(source.problem)

  const str = (k: string) => {
    const v = m.get(k)
    return isString(v) ? v : ''
  }
  const clusterRaw = m.get(NOTE.clusterId)
  const deletedRaw = m.get(NOTE.deletedAt)
  return {
    note: {
      id,
      text: textStr,
      column,
      lever,
      kind,
      city: str(NOTE.city),
      author: str(NOTE.author),
      authorId: str(NOTE.authorId),
      x,
      y,
      clusterId: isString(clusterRaw) ? clusterRaw : null,
      createdAt,
      updatedAt,
      deletedAt: isFiniteNumber(deletedRaw) ? deletedRaw : null,
      locked: m.get(NOTE.locked) === true,
      source: source.source,
    },
    problems,
  }
}

/**
 * Read one cluster [F4]; null with a reason when it cannot be read. Malformed provenance is
 * left out and reported in `problems` [F11.3]; the cluster still reads.
 */
export function readCluster(
  id: string,
  value: unknown,
  meta: BoardMeta,
): { cluster: ClusterView | null; problem?: string; problems?: string[] } {
  if (!(value instanceof Y.Map)) return { cluster: null, problem: 'cluster is not a Y.Map' }
  const m = value as Y.Map<unknown>
  const num = (k: string, d: number) => {
    const v = m.get(k)
    return isFiniteNumber(v) ? v : d
  }
  const title = m.get(CLUSTER.title)
  const column = m.get(CLUSTER.column)
  const sources = readThemeSources(m.get(CLUSTER.sources))
  return {
    problems: sources.problems,
    cluster: {
      id,
      title: isString(title) ? title : '',
      column: isString(column) && meta.columns.some((c) => c.id === column) ? column : null,
      x: num(CLUSTER.x, 0),
      y: num(CLUSTER.y, 0),
      w: num(CLUSTER.w, 0),
      h: num(CLUSTER.h, 0),
      locked: m.get(CLUSTER.locked) === true,
      sources: sources.sources,
    },
  }
}

/** Dots per voter per note [F5], in id order; non-numeric entries are ignored. */
export function readVotes(doc: Y.Doc): {
  votes: Map<string, Map<string, number>>
  invalid: InvalidEntry[]
} {
  const votes = new Map<string, Map<string, number>>()
  const invalid: InvalidEntry[] = []
  const entries = [...votesMap(doc).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  for (const [noteId, value] of entries) {
    if (!(value instanceof Y.Map)) {
      invalid.push({ id: noteId, kind: 'vote', reason: 'votes entry is not a Y.Map' })
      continue
    }
    const perVoter = new Map<string, number>()
    const voters = [...(value as Y.Map<unknown>).entries()].sort(([a], [b]) => (a < b ? -1 : 1))
    for (const [voter, n] of voters) {
      if (isFiniteNumber(n) && n > 0) perVoter.set(voter, Math.floor(n))
    }
    votes.set(noteId, perVoter)
  }
  return { votes, invalid }
}

/** The total dots on one note. */
export function voteTotal(votes: Map<string, Map<string, number>>, noteId: string): number {
  let total = 0
  for (const n of votes.get(noteId)?.values() ?? []) total += n
  return total
}

/** Read the whole board; never throws [F9]. */
export function readBoard(doc: Y.Doc): BoardSnapshot {
  const meta = readMeta(doc)
  const invalid: InvalidEntry[] = []
  const notes: NoteView[] = []
  notesMap(doc).forEach((value, id) => {
    const r = readNote(id, value, meta)
    for (const reason of r.problems) invalid.push({ id, kind: 'note', reason })
    if (r.note) notes.push(r.note)
  })
  const clusters: ClusterView[] = []
  clustersMap(doc).forEach((value, id) => {
    const r = readCluster(id, value, meta)
    for (const reason of r.problems ?? []) invalid.push({ id, kind: 'cluster', reason })
    if (r.cluster) clusters.push(r.cluster)
    else invalid.push({ id, kind: 'cluster', reason: r.problem ?? 'unreadable' })
  })
  const v = readVotes(doc)
  invalid.push(...v.invalid)
  notes.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  clusters.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return { meta, notes, clusters, votes: v.votes, invalid }
}

/** True when the document holds a board of format v1 (has `formatVersion`). */
export function isBoard(doc: Y.Doc): boolean {
  return readMeta(doc).formatVersion !== null
}
