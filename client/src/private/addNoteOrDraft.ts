/**
 * The one way a view adds a note: to the board, or, while private writing is on [F8.3], as a
 * draft kept on this device until the facilitator reveals the round. Both the columns view
 * and the canvas call it, so a private round works in either.
 */
import { createNote, type NewNote, readPrivateWriting } from '@sensemaking/shared'
import type { BoardContextValue } from '../board/BoardContext'
import { UI_ORIGIN } from '../board/origins'
import { mayPost } from '../board/selectors'
import { draftStoreFor } from './draftStore'
import { newDraftId } from './drafts'

export type AddedNote = { kind: 'note'; id: string } | { kind: 'draft'; id: string }

export type NoteContext = Pick<
  BoardContextValue,
  'doc' | 'boardId' | 'user' | 'role' | 'meta' | 'store'
>

/**
 * Add a note by this person (author, city and author id are theirs). Returns null when the
 * person may not write (an observer, a participant on a locked board). A draft made with no
 * text is put in editing in whichever view shows drafts (`focus`, default true).
 */
export function addNoteOrDraft(
  ctx: NoteContext,
  note: Omit<NewNote, 'author' | 'city' | 'authorId'>,
  opts: { focus?: boolean; now?: () => number } = {},
): AddedNote | null {
  if (!mayPost(ctx)) return null
  const who = { author: ctx.user.name, city: ctx.user.city, authorId: ctx.user.id }
  const pw = readPrivateWriting(ctx.doc)
  if (!pw.on) {
    const id = createNote(ctx.doc, { ...note, ...who }, { origin: UI_ORIGIN, now: opts.now })
    return { kind: 'note', id }
  }
  const column = note.column
  if (column !== null && !ctx.meta.columns.some((c) => c.id === column)) return null
  const lever = note.lever ?? null
  const id = newDraftId()
  draftStoreFor(ctx.boardId).add(
    {
      id,
      round: pw.round,
      column,
      lever: ctx.meta.tags.some((t) => t.id === lever) ? lever : null,
      text: note.text ?? '',
      ...who,
      createdAt: (opts.now ?? Date.now)(),
    },
    opts.focus ?? (note.text ?? '') === '',
  )
  return { kind: 'draft', id }
}
