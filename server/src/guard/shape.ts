/**
 * Where board format v1 has shared types, and what each place may hold [G3]. A place is a
 * parent type (a root map, an entry's map, a note's text) and the key under it. Pure: the
 * guard resolves places, this says yes or no.
 */
import { NOTE, ROOT } from '@sensemaking/shared'
import { CONTENT, TYPE_REF } from './scan'

/** A shared type an item can sit in: a root map, a root map's entry, or a note's text. */
export interface TypePlace {
  /** Identity, for grouping items by parent. */
  readonly id: number
  /** The root map's name. */
  readonly root: string
  /** 0 for a root map, 1 for an entry of it (a note's map), 2 for a field (a note's text). */
  readonly depth: number
  /** The key of the entry in its root map (depth ≥ 1). */
  readonly entry: string | null
  /** The key of the field in its entry (depth 2). */
  readonly field: string | null
  /** One of TYPE_REF. */
  readonly typeRef: number
}

const ENTRY_ROOTS: ReadonlySet<string> = new Set([ROOT.notes, ROOT.clusters, ROOT.votes])
const ROOTS: ReadonlySet<string> = new Set(Object.values(ROOT))

/** Deepest place of the format: a character of a note's text sits at depth 2 (root → note → text). */
export const MAX_PLACE_DEPTH = 2

/**
 * Why an item of `content` (and `typeRef` for a type) may not sit under `sub` of `parent`, or
 * null when the format has it there.
 */
export function shapeProblem(
  parent: TypePlace,
  sub: string | null,
  content: number,
  typeRef: number,
): string | null {
  if (!ROOTS.has(parent.root)) return `unknown root "${parent.root}"`
  const isJson = content === CONTENT.any
  const isDeleted = content === CONTENT.deleted
  switch (parent.depth) {
    case 0:
      if (parent.typeRef !== TYPE_REF.map) return `root "${parent.root}" used as a list`
      if (sub === null) return `a list item in root "${parent.root}"`
      if (isDeleted) return null
      if (ENTRY_ROOTS.has(parent.root)) {
        return content === CONTENT.type && typeRef === TYPE_REF.map
          ? null
          : `an entry of "${parent.root}" that is not a map`
      }
      return isJson ? null : `a board setting that is not a plain value`
    case 1:
      if (parent.typeRef !== TYPE_REF.map) return 'an entry that is not a map'
      if (sub === null) return 'a list item in an entry'
      if (isDeleted || isJson) return null
      if (
        parent.root === ROOT.notes &&
        sub === NOTE.text &&
        content === CONTENT.type &&
        typeRef === TYPE_REF.text
      ) {
        return null
      }
      return `a shared type or binary value under "${sub}"`
    case 2:
      if (parent.root !== ROOT.notes || parent.field !== NOTE.text) {
        return 'content inside a field that is not a note’s text'
      }
      if (parent.typeRef !== TYPE_REF.text) return 'a note’s text that is not a text'
      if (sub !== null) return 'a keyed value inside a text'
      return content === CONTENT.string || content === CONTENT.format || isDeleted
        ? null
        : 'something other than characters in a text'
    default:
      return 'nesting deeper than the format'
  }
}

let nextPlaceId = 1

/** The place of a root map. */
export function rootPlace(root: string, typeRef: number = TYPE_REF.map): TypePlace {
  return { id: nextPlaceId++, root, depth: 0, entry: null, field: null, typeRef }
}

/** The place of a type held by an item under `sub` of `parent`. */
export function childPlace(parent: TypePlace, sub: string | null, typeRef: number): TypePlace {
  return {
    id: nextPlaceId++,
    root: parent.root,
    depth: parent.depth + 1,
    entry: parent.depth === 0 ? sub : parent.entry,
    field: parent.depth === 1 ? sub : parent.field,
    typeRef,
  }
}
