/**
 * A CSV of stickies into a new board [H11]: rows in the export's columns, matched to the
 * template's columns and levers by id or by title/label, laid out in the column grids.
 */
import * as Y from 'yjs'
import { createCluster } from '../board/clusters'
import { columnRegion, NOTE_SIZE, SLOT_GAP, SLOTS_PER_ROW, slotPosition } from '../board/layout'
import { seedBoard } from '../board/meta'
import { createNote, moveNotes, noteText } from '../board/notes'
import { capText } from '../board/text'
import { setVotes } from '../board/votes'
import { DEFAULT_TEMPLATE, type Template } from '../schema/template'
import { parseCsv } from './csv'
import { HarvestImportError, IMPORTED_VOTER } from './import'
import { PARKING_LOT } from './keys'
import { PARKING_LOT_TITLE } from './report'

export interface CsvImportOptions {
  /** The new board's title; defaults to "Imported notes". */
  title?: string
  /** The columns and levers rows are matched to; defaults to the W³ template. */
  template?: Template
  /** The time for rows without a valid `created` / `updated`. */
  now?: () => number
  origin?: unknown
  /** Told about every row that could not be imported as written. */
  onWarning?: (w: CsvImportWarning) => void
}

export interface CsvImportWarning {
  /** The row as a spreadsheet numbers it: the header is row 1. */
  row: number
  message: string
}

interface Row {
  row: number
  id?: string
  text: string
  column: string | null
  lever: string | null
  /** A kind of the row's column, or null. */
  kind: string | null
  cluster: string
  city: string
  author: string
  /** Not in the export's CSV (a spreadsheet has no use for it); read when a sheet has it. */
  authorId: string
  votes: number
  created: number
  updated: number
}

const fold = (s: string) => s.normalize('NFC').trim().toLowerCase()

/** Look up an id by its id or its title/label, case-insensitively. */
function matcher(items: readonly { id: string; name: string }[]) {
  const map = new Map<string, string>()
  for (const it of items) {
    if (!map.has(fold(it.id))) map.set(fold(it.id), it.id)
  }
  for (const it of items) {
    if (!map.has(fold(it.name))) map.set(fold(it.name), it.id)
  }
  return (value: string) => map.get(fold(value))
}

function readRows(csv: string, t: Template, now: number, warn: (w: CsvImportWarning) => void) {
  const [header, ...data] = parseCsv(csv)
  const names = (header ?? []).map(fold)
  const at = (name: string) => names.indexOf(name)
  if (at('text') < 0) throw new HarvestImportError('CSV has no "text" column in its first row')
  const column = matcher(t.columns.map((c) => ({ id: c.id, name: c.title })))
  const lever = matcher(t.tags.map((l) => ({ id: l.id, name: l.label })))
  const parking = new Set([fold(PARKING_LOT_TITLE), fold(PARKING_LOT), ''])
  const seen = new Set<string>()
  const rows: Row[] = []
  data.forEach((cells, i) => {
    const row = i + 2
    if (cells.every((c) => c.trim() === '')) return
    const get = (name: string) => (at(name) < 0 ? '' : (cells[at(name)] ?? ''))
    let col: string | null = null
    const colText = get('column')
    if (!parking.has(fold(colText))) {
      col = column(colText) ?? null
      if (col === null)
        warn({ row, message: `unknown column "${colText}", put in the parking lot` })
    }
    let lev: string | null = null
    const levText = get('lever')
    if (fold(levText) !== '') {
      lev = lever(levText) ?? null
      if (lev === null) warn({ row, message: `unknown lever "${levText}", left untagged` })
    }
    // A kind matches a kind of the row's own column, by id or title [H11.5].
    let kind: string | null = null
    const kindText = get('kind')
    if (fold(kindText) !== '') {
      const kinds = t.columns.find((c) => c.id === col)?.kinds ?? []
      kind = matcher(kinds.map((k) => ({ id: k.id, name: k.title })))(kindText) ?? null
      if (kind === null) warn({ row, message: `unknown kind "${kindText}", left without a kind` })
    }
    const votesText = get('votes').trim()
    let votes = 0
    if (votesText !== '') {
      votes = /^\d+$/.test(votesText) ? Number(votesText) : 0
      if (!/^\d+$/.test(votesText))
        warn({ row, message: `votes "${votesText}" is not a count, read as 0` })
    }
    const time = (name: string) => {
      const ms = Date.parse(get(name))
      return Number.isFinite(ms) ? ms : now
    }
    const rawId = get('id').trim()
    let id: string | undefined
    if (rawId !== '' && !seen.has(rawId)) id = rawId
    else if (rawId !== '') warn({ row, message: `id "${rawId}" appears twice, given a new one` })
    if (id !== undefined) seen.add(id)
    const created = time('created')
    rows.push({
      row,
      id,
      text: get('text'),
      column: col,
      lever: lev,
      kind,
      cluster: get('cluster').trim(),
      city: get('city'),
      author: get('author'),
      authorId: get('authorid'),
      votes,
      created,
      updated: Math.max(created, time('updated')),
    })
  })
  return rows
}

/**
 * Slots of one column's grid: each cluster's notes side by side from the start of a row, then
 * the unclustered notes from a fresh row, so cluster frames never overlap.
 */
function layOut(rows: readonly Row[]) {
  const clusters = new Map<string, Row[]>()
  const loose: Row[] = []
  for (const r of rows) {
    if (r.cluster === '') loose.push(r)
    else clusters.set(r.cluster, [...(clusters.get(r.cluster) ?? []), r])
  }
  const slots = new Map<Row, number>()
  const frames: { title: string; first: number; last: number; members: Row[] }[] = []
  let n = 0
  const newRow = () => {
    n = Math.ceil(n / SLOTS_PER_ROW) * SLOTS_PER_ROW
  }
  for (const [title, members] of clusters) {
    newRow()
    const first = n
    for (const r of members) slots.set(r, n++)
    frames.push({ title, first, last: n - 1, members })
  }
  newRow()
  for (const r of loose) slots.set(r, n++)
  return { slots, frames }
}

/** Like `importCsv`, returning the warnings with the document. */
export function importCsvWithReport(
  csv: string,
  opts: Omit<CsvImportOptions, 'onWarning'> = {},
): { doc: Y.Doc; warnings: CsvImportWarning[] } {
  const warnings: CsvImportWarning[] = []
  const doc = importCsv(csv, { ...opts, onWarning: (w) => warnings.push(w) })
  return { doc, warnings }
}

/**
 * A new board from a CSV of stickies [H11]. Columns and levers are matched by id or by
 * title/label, case-insensitively; an unknown column goes to the parking lot and an unknown
 * lever is left untagged, each reported through `onWarning`. Notes with the same cluster title
 * in one column form a cluster. Positions are laid out in the column grids.
 */
export function importCsv(csv: string, opts: CsvImportOptions = {}): Y.Doc {
  const t = opts.template ?? DEFAULT_TEMPLATE
  const now = (opts.now ?? Date.now)()
  const rows = readRows(csv, t, now, opts.onWarning ?? (() => {}))
  const doc = new Y.Doc()
  const write = { origin: opts.origin, now: () => now }
  doc.transact(() => {
    seedBoard(doc, { title: opts.title ?? 'Imported notes', template: t }, write)
    const columns: (string | null)[] = [...t.columns.map((c) => c.id), null]
    for (const column of columns) {
      const region = columnRegion(t.columns, column)
      const { slots, frames } = layOut(rows.filter((r) => r.column === column))
      const clusterOf = new Map<Row, string>()
      for (const f of frames) {
        const a = slotPosition(region, f.first)
        const b = slotPosition(region, f.last)
        const wide = f.last - f.first + 1 >= SLOTS_PER_ROW
        const right = wide ? slotPosition(region, f.first + SLOTS_PER_ROW - 1).x : b.x
        const pad = SLOT_GAP / 2
        const id = createCluster(
          doc,
          {
            title: f.title,
            column,
            x: a.x - pad,
            y: a.y - pad,
            w: right + NOTE_SIZE.w - a.x + 2 * pad,
            h: b.y + NOTE_SIZE.h - a.y + 2 * pad,
          },
          write,
        )
        for (const r of f.members) clusterOf.set(r, id)
      }
      for (const [r, slot] of slots) {
        const pos = slotPosition(region, slot)
        const head = capText(r.text)
        const id = createNote(
          doc,
          {
            id: r.id,
            text: head,
            column,
            lever: r.lever,
            kind: r.kind,
            city: r.city,
            author: r.author,
            authorId: r.authorId,
            x: pos.x,
            y: pos.y,
            clusterId: clusterOf.get(r) ?? null,
          },
          { origin: opts.origin, now: () => r.created },
        )
        if (head.length < r.text.length)
          noteText(doc, id).insert(head.length, r.text.slice(head.length))
        moveNotes(doc, [{ id, x: pos.x, y: pos.y }], { origin: opts.origin, now: () => r.updated })
        if (r.votes > 0) setVotes(doc, id, IMPORTED_VOTER, r.votes, write)
      }
    }
  }, opts.origin)
  return doc
}
