/**
 * Which own changes make one undo step. Typing into one note within the capture time is
 * one step (character by character would be tedious); anything else (a lever, a move, a
 * dot, a new note) is a step of its own, even right after typing.
 */
import { holderOf, NOTE } from '@sensemaking/shared'
import * as Y from 'yjs'

/** `text:<noteId>` for a transaction that only typed into that note's text, else null. */
export function editKind(tr: Y.Transaction, notes: object): string | null {
  let note: string | null = null
  const same = (id: string | null) => {
    if (id === null || (note !== null && note !== id)) return false
    note = id
    return true
  }
  for (const [type, keys] of tr.changed) {
    const at = holderOf(type)
    if (type instanceof Y.Text) {
      const entry = at && holderOf(at.parent)
      if (at?.key !== NOTE.text || entry?.parent !== notes) return null
      if (!same(entry.key)) return null
    } else if (type instanceof Y.Map && at?.parent === notes) {
      // The writer's updatedAt goes with every text edit [F3.8].
      if ([...keys].some((k) => k !== NOTE.updatedAt)) return null
      if (!same(at.key)) return null
    } else {
      return null
    }
  }
  return note === null ? null : `text:${note}`
}
