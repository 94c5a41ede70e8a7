/**
 * What the rules of ownership need to know about a change, beyond what the transaction's summary
 * says by itself (`changes.ts`), read for the person the server knows is writing [F14]: whose
 * note each changed note is [F12.8], how a new note is signed [F12.15], whether the dots
 * written are whole [F12.16], and the writer's dots before and after the change [F12.14].
 * Read after the transaction ran, while what it overwrote is still kept from garbage collection.
 */
import type { Attribution, PolicyState, Role, UnitChange } from '@sensemaking/shared'
import { deniedChanges, forEachItemIn, NOTE, notesMap, ROOT, votesMap } from '@sensemaking/shared'
import * as Y from 'yjs'
import { isIssuedId, type Person } from '../auth/people'
import { placeOf, rootNames, summarizeTransaction } from './changes'

const text = (v: unknown) => (typeof v === 'string' ? v : '')
const countOf = (v: unknown) => (typeof v === 'number' && v > 0 ? v : 0)
const isWholeDots = (v: unknown) => v === undefined || (Number.isInteger(v) && (v as number) >= 1)

/** The note's attribution as it stands. */
function attributionOf(note: Y.Map<unknown>): Attribution {
  return {
    authorId: text(note.get(NOTE.authorId)),
    author: text(note.get(NOTE.author)),
    city: text(note.get(NOTE.city)),
  }
}

/**
 * `person`'s counts on each note that the transaction overwrote or removed, as they stood before
 * it: only items that existed before the transaction count, so a value written and overwritten
 * within one change cannot stand in for what the person had.
 */
function countsBefore(doc: Y.Doc, tr: Y.Transaction, person: string): Map<string, number> {
  const roots = rootNames(doc)
  const out = new Map<string, number>()
  forEachItemIn(doc, tr.deleteSet.clients, (item) => {
    if (item.id.clock >= (tr.beforeState.get(item.id.client) ?? 0)) return
    const p = placeOf(item, roots)
    if (p?.root !== ROOT.votes || p.key === null || p.field !== person) return
    if (item.parentSub !== person) return
    out.set(p.key, countOf(item.content.getContent()[0]))
  })
  return out
}

/** `person`'s dots on live notes, and on the notes `touched` whether live or not. */
function dotsOf(doc: Y.Doc, person: string, touched: ReadonlySet<string>): number {
  const notes = notesMap(doc)
  let used = 0
  votesMap(doc).forEach((perVoter, noteId) => {
    if (!(perVoter instanceof Y.Map)) return
    const n = countOf(perVoter.get(person))
    if (n === 0) return
    const note = notes.get(noteId)
    const live = note instanceof Y.Map && (note.get(NOTE.deletedAt) ?? null) === null
    if (live || touched.has(noteId)) used += n
  })
  return used
}

/**
 * The units of a change with the facts of ownership added. `person` is the writer's id as the
 * server knows it; the dots are counted for them.
 */
export function withOwnership(
  doc: Y.Doc,
  tr: Y.Transaction,
  units: readonly UnitChange[],
  person: string | null,
): UnitChange[] {
  const notes = notesMap(doc)
  const votes = votesMap(doc)
  const mine = units.filter(
    (u) => u.root === ROOT.votes && u.key !== null && person !== null && u.fields.has(person),
  )
  let dots: { before: number; after: number } | undefined
  if (person !== null && mine.length > 0) {
    // Dots on a note this change touches count, live or not: a dot placed on a deleted note
    // would otherwise come back over the cap when the note is restored.
    const touched = new Set(mine.map((u) => u.key!))
    const after = dotsOf(doc, person, touched)
    const before = countsBefore(doc, tr, person)
    let delta = 0
    for (const key of touched) {
      const perVoter = votes.get(key)
      const now = perVoter instanceof Y.Map ? countOf(perVoter.get(person)) : 0
      delta += now - (before.get(key) ?? 0)
    }
    dots = { before: after - delta, after }
  }
  return units.map((u) => {
    if (u.key === null) return u
    if (u.root === ROOT.notes) {
      const note = notes.get(u.key)
      if (!(note instanceof Y.Map)) return u
      return u.created
        ? { ...u, attribution: attributionOf(note) }
        : { ...u, author: text(note.get(NOTE.authorId)) }
    }
    if (u.root === ROOT.votes && u.fields.size > 0) {
      const perVoter = votes.get(u.key)
      const values = perVoter instanceof Y.Map ? [...u.fields].map((f) => perVoter.get(f)) : []
      const whole = { wholeDots: values.every(isWholeDots) }
      return person !== null && u.fields.has(person) && dots
        ? { ...u, ...whole, dots }
        : { ...u, ...whole }
    }
    return u
  })
}

/** True when `id` is nobody's on the board before this change: no note names it, no dot is under it. */
function unused(doc: Y.Doc, id: string, created: ReadonlySet<string>): boolean {
  let used = false
  notesMap(doc).forEach((note, key) => {
    if (!used && !created.has(key) && note instanceof Y.Map && note.get(NOTE.authorId) === id)
      used = true
  })
  votesMap(doc).forEach((perVoter) => {
    if (!used && perVoter instanceof Y.Map && perVoter.has(id)) used = true
  })
  return !used
}

/**
 * A connection without a credential becomes the author its first new note names [F14.3], when
 * that author is nobody's on the board yet and is not an id the server issues: it owns what it
 * makes on this connection, and nothing anyone else made.
 */
function claim(doc: Y.Doc, person: Person, units: readonly UnitChange[]): void {
  const made = units.filter((u) => u.root === ROOT.notes && u.created && u.attribution)
  const first = made[0]?.attribution
  if (!first || first.authorId === '' || isIssuedId(first.authorId)) return
  if (!unused(doc, first.authorId, new Set(made.map((u) => u.key!)))) return
  person.id = first.authorId
  person.name = first.author
  person.city = first.city
  person.unclaimed = false
}

/** A note without an author id, author or city: nobody's by name [F14.3]. */
const anonymous = (a: Attribution) => a.authorId === '' && a.author === '' && a.city === ''

/**
 * [F14.3] A connection without a credential owns the notes it makes there: the server knows
 * nobody to sign them, so a note it makes either names the author it became (its first note's)
 * or names nobody at all, and it edits those notes and no others while it stays connected.
 */
function asConnection(person: Person, units: readonly UnitChange[]): UnitChange[] {
  person.made ??= new Set()
  const made = person.made
  const self: Attribution = { authorId: person.id, author: person.name, city: person.city }
  return units.map((u) => {
    if (u.root !== ROOT.notes || u.key === null) return u
    if (u.created && u.attribution && anonymous(u.attribution)) {
      made.add(u.key)
      return { ...u, attribution: self }
    }
    if (u.created) {
      if (u.attribution?.authorId === person.id) made.add(u.key)
      return u
    }
    return made.has(u.key) ? { ...u, author: person.id } : u
  })
}

/**
 * The units of a transaction the server refuses from `role`, written by `person` (null: nobody
 * known, so ownership is not checked; only tools and tests apply writes so).
 */
export function deniedIn(
  doc: Y.Doc,
  tr: Y.Transaction,
  role: Role,
  policy: PolicyState,
  person: Person | null,
): UnitChange[] {
  const units = summarizeTransaction(doc, tr)
  if (!person) return deniedChanges(role, policy, units)
  if (person.unclaimed) {
    claim(doc, person, withOwnership(doc, tr, units, null))
  }
  const known = withOwnership(doc, tr, units, person.id)
  return deniedChanges(role, policy, person.signed ? known : asConnection(person, known), {
    person: person.id,
    name: person.name,
    city: person.city,
  })
}
