/**
 * What a transaction changed, in the units the permission check speaks of: entries of the root
 * maps (a note, a cluster, a note's votes, a board setting). Read from the structs the
 * transaction inserted and deleted, so it sees nested edits (a note's text) and deletions alike.
 */
import type { UnitChange } from '@sensemaking/shared'
import {
  CLUSTER,
  clustersMap,
  forEachItemIn,
  NOTE,
  notesMap,
  placeOfItem,
  ROOT,
} from '@sensemaking/shared'
import * as Y from 'yjs'

/** Where one struct sits: its unit and the field inside the unit's entry. */
export interface StructPlace {
  root: string
  key: string | null
  /** The key directly inside the entry (a note field, a voter id); null for the entry itself. */
  field: string | null
}

/** A unit's identity, for sets and maps. */
export const unitId = (root: string, key: string | null) => `${root}\u0000${key ?? ''}`

/** The names of the document's root types, by type. */
export function rootNames(doc: Y.Doc): Map<object, string> {
  const out = new Map<object, string>()
  for (const [name, type] of doc.share) out.set(type, name)
  return out
}

/** Where an item sits; null for what cannot be placed (a struct without a parent). */
export function placeOf(item: Y.Item, roots: Map<object, string>): StructPlace | null {
  const p = placeOfItem(item)
  return p && { root: roots.get(p.root) ?? '', key: p.key, field: p.field }
}

/** The clock ranges a transaction inserted, as delete-set-shaped ranges. */
export function insertedRanges(tr: Y.Transaction): [number, { clock: number; len: number }[]][] {
  const out: [number, { clock: number; len: number }[]][] = []
  tr.afterState.forEach((end, client) => {
    const start = tr.beforeState.get(client) ?? 0
    if (end > start) out.push([client, [{ clock: start, len: end - start }]])
  })
  return out
}

interface MutableChange extends UnitChange {
  fields: Set<string>
  /** Notes: the themes the note left in this change (its overwritten `clusterId`s). */
  leftClusters?: string[]
}

/**
 * Summarise a transaction (read after it ran, while its deleted structs are still kept from
 * garbage collection) into unit changes.
 */
export function summarizeTransaction(doc: Y.Doc, tr: Y.Transaction): UnitChange[] {
  const roots = rootNames(doc)
  const units = new Map<string, MutableChange>()
  const touch = (item: Y.Item, inserted: boolean) => {
    const p = placeOf(item, roots)
    const root = p?.root ?? ''
    const key = p?.key ?? null
    const id = unitId(root, key)
    let u = units.get(id)
    if (!u) {
      u = { root, key, created: false, removed: false, fields: new Set(), locked: false }
      units.set(id, u)
    }
    if (p && p.field === null && item.parent === doc.share.get(root)) {
      if (inserted) u.created = true
      else u.removed = true
    } else if (p?.field != null) {
      u.fields.add(p.field)
      // The theme a note was in before the change: a note taken out of a locked theme is
      // read-only too [F8.8].
      if (!inserted && root === ROOT.notes && p.field === NOTE.clusterId && item.parent !== null) {
        const old = item.content.getContent()[0]
        if (typeof old === 'string') u.leftClusters = [...(u.leftClusters ?? []), old]
      }
    }
  }
  forEachItemIn(doc, insertedRanges(tr), (item) => touch(item, true))
  forEachItemIn(doc, tr.deleteSet.clients, (item) => touch(item, false))
  for (const u of units.values()) {
    if (u.key === null) continue
    if (u.root === ROOT.notes) u.locked = noteLocked(doc, u.key, u.leftClusters ?? [])
    if (u.root === ROOT.clusters) u.locked = lockedFlag(clustersMap(doc).get(u.key), CLUSTER.locked)
  }
  return [...units.values()]
}

function lockedFlag(entry: unknown, key: string): boolean {
  return entry instanceof Y.Map && entry.get(key) === true
}

/** A note is locked by its own flag or by its theme's, before or after the change [F8.8]. */
function noteLocked(doc: Y.Doc, noteId: string, leftClusters: readonly string[]): boolean {
  const note = notesMap(doc).get(noteId)
  if (lockedFlag(note, NOTE.locked)) return true
  const clusters = clustersMap(doc)
  const now = note instanceof Y.Map ? note.get(NOTE.clusterId) : null
  const themes = typeof now === 'string' ? [now, ...leftClusters] : leftClusters
  return themes.some((id) => lockedFlag(clusters.get(id), CLUSTER.locked))
}

/** The unit ids of a list of changes, for RevertGuard.revert. */
export function changesAsIds(changes: readonly UnitChange[]): Set<string> {
  return new Set(changes.map((c) => unitId(c.root, c.key)))
}
