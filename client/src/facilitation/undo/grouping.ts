/**
 * Which own changes make one undo step. Typing into one note within the capture time is
 * one step (character by character would be tedious); anything else (a lever, a move, a
 * dot, a new note) is a step of its own, even right after typing.
 */
import { NOTE } from '@sensemaking/shared'
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
    if (type instanceof Y.Text) {
      const noteMap = type._item?.parent as Y.AbstractType<unknown> | null
      const entry = noteMap?._item
      if (type._item?.parentSub !== NOTE.text || !entry || entry.parent !== notes) return null
      if (!same(entry.parentSub)) return null
    } else if (type instanceof Y.Map && type._item?.parent === notes) {
      // The writer's updatedAt goes with every text edit [F3.8].
      if ([...keys].some((k) => k !== NOTE.updatedAt)) return null
      if (!same(type._item.parentSub)) return null
    } else {
      return null
    }
  }
  return note === null ? null : `text:${note}`
}
