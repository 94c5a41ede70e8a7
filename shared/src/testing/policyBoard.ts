/** A policy case [F12] on a real board: the board before the change, and the change itself. */
import * as Y from 'yjs'
import {
  assignToCluster,
  createCluster,
  dissolveCluster,
  setClusterBounds,
} from '../board/clusters'
import { setLocked, setPhase } from '../board/meta'
import {
  createNote,
  deleteNote,
  moveNotes,
  purgeNote,
  setKind,
  setLever,
  setText,
  type WriteOptions,
} from '../board/notes'
import { clustersMap, notesMap, votesMap } from '../board/read'
import { setVotes } from '../board/votes'
import { setItemsLocked } from '../facilitation/locks'
import { setVote, startPrivateWriting } from '../facilitation/session'
import { recordErased } from '../privacy/erasure'
import { CLUSTER, NOTE, ROOT } from '../schema/keys'
import { newBoard } from './board'
import { ME, OTHER, type PolicyCase } from './policyCases'
import { authorOf, DOTS, ERASED_ID, FORGED_SIGNATURE, SIGNED } from './policyUnits'

/** A source as a forger would write it: a board and note that do not exist. */
const FORGED = { boardId: 'elsewhere', boardName: 'Elsewhere', noteId: 'x', digest: '0' }

/**
 * The board before the change, written as a facilitator would: note `n` (and `m`, `gone`),
 * themes `c` and `d`, locks, the vote and my dots.
 */
export function setUpBoard(c: PolicyCase, doc: Y.Doc = newBoard()): Y.Doc {
  const at = (x: number, y: number) => ({ column: 'so-what', x, y })
  createNote(doc, { id: 'n', text: 'the note', authorId: authorOf(c), ...at(80, 400) })
  createNote(doc, { id: 'm', text: 'another note', authorId: OTHER, ...at(400, 400) })
  createNote(doc, { id: 'gone', text: 'a deleted note', authorId: OTHER, ...at(720, 400) })
  if (c.note?.theme) {
    createCluster(doc, {
      id: 'c',
      title: 'Theme',
      column: 'so-what',
      x: 40,
      y: 300,
      w: 300,
      h: 360,
      noteIds: ['n'],
    })
  }
  createCluster(doc, {
    id: 'd',
    title: 'Other theme',
    column: 'so-what',
    x: 40,
    y: 900,
    w: 300,
    h: 300,
  })
  if (c.note?.noVoteMap) votesMap(doc).delete('n')
  if (c.dots?.onNote) setVotes(doc, 'n', ME, c.dots.onNote)
  if (c.dots?.elsewhere) setVotes(doc, 'm', ME, c.dots.elsewhere)
  if (c.dots?.onDeleted) setVotes(doc, 'gone', ME, c.dots.onDeleted)
  deleteNote(doc, 'gone')
  if (c.note?.locked) setItemsLocked(doc, { notes: ['n'] }, true)
  if (c.note?.theme === 'locked') setItemsLocked(doc, { clusters: ['c'] }, true)
  if (c.note?.targetLocked) setItemsLocked(doc, { clusters: ['d'] }, true)
  if (c.board?.vote) setVote(doc, { status: c.board.vote, dotsPerPerson: DOTS, round: 1 })
  if (c.board?.privateWriting) startPrivateWriting(doc)
  if (c.board?.locked) setLocked(doc, true)
  if (c.board?.erased) recordErased(doc, [ERASED_ID], 1)
  return doc
}

/** The change itself, as the writer's replica makes it. */
export function act(c: PolicyCase, doc: Y.Doc, opts: WriteOptions = {}): void {
  const mine = (n: number) => setVotes(doc, 'n', ME, n, opts)
  switch (c.change) {
    case 'post':
      createNote(doc, { id: 'new', text: 'a new note', column: 'what', ...SIGNED }, opts)
      return
    case 'post as someone else':
      createNote(doc, { id: 'new', text: 'a new note', column: 'what', ...FORGED_SIGNATURE }, opts)
      return
    case 'post with dots':
      // No view writes dots with a note: a hand-made write, as a forged one would be.
      doc.transact(() => {
        createNote(doc, { id: 'new', text: 'a new note', column: 'what', ...SIGNED }, opts)
        votesMap(doc).get('new')!.set(ME, 1)
      }, opts.origin)
      return
    case 'forge author':
      doc.transact(() => {
        notesMap(doc).get('n')!.set(NOTE.author, 'Someone else')
        notesMap(doc).get('n')!.set(NOTE.city, 'Elsewhere')
      }, opts.origin)
      return
    case 'half a dot':
      doc.transact(() => votesMap(doc).get('n')!.set(ME, 0.5), opts.origin)
      return
    case 'edit':
      setText(doc, 'n', 'the note, changed', opts)
      return
    case 'move':
      moveNotes(doc, [{ id: 'n', x: 120, y: 460 }], opts)
      return
    case 'tag':
      setLever(doc, 'n', 'finance-funding', opts)
      return
    case 'kind':
      setKind(doc, 'n', 'insight', opts)
      return
    case 'forge source':
      // No view writes provenance: a hand-made write, as a forged one would be.
      doc.transact(() => notesMap(doc).get('n')!.set(NOTE.source, FORGED), opts.origin)
      return
    case 'forge theme sources':
      doc.transact(() => clustersMap(doc).get('c')!.set(CLUSTER.sources, [FORGED]), opts.origin)
      return
    case 'delete':
      deleteNote(doc, 'n', opts)
      return
    case 'purge':
      purgeNote(doc, 'n', opts)
      return
    case 'lock note':
      setItemsLocked(doc, { notes: ['n'] }, true, opts)
      return
    case 'lock theme':
      setItemsLocked(doc, { clusters: ['c'] }, true, opts)
      return
    case 'join theme':
      assignToCluster(doc, ['n'], 'd', opts)
      return
    case 'leave theme':
      assignToCluster(doc, ['n'], null, opts)
      return
    case 'move theme':
      setClusterBounds(doc, 'c', { x: 60 }, opts)
      return
    case 'make theme':
      createCluster(
        doc,
        { id: 'made', title: 'New', column: 'what', x: 0, y: 200, w: 300, h: 300 },
        opts,
      )
      return
    case 'unlock theme while editing':
      doc.transact(() => {
        setItemsLocked(doc, { clusters: ['c'] }, false, opts)
        setText(doc, 'n', 'slipped in while unlocking', opts)
      }, opts.origin)
      return
    case 'dissolve theme while moving':
      doc.transact(() => {
        dissolveCluster(doc, 'c', opts)
        moveNotes(doc, [{ id: 'n', x: 120, y: 460 }], opts)
      }, opts.origin)
      return
    case 'setting':
      setPhase(doc, 'what', opts)
      return
    case 'dot':
      mine((c.dots?.onNote ?? 0) + 1)
      return
    case 'take back a dot':
      mine((c.dots?.onNote ?? 0) - 1)
      return
    case 'dot for someone else':
      setVotes(doc, 'n', OTHER, 1, opts)
      return
    case 'write erased record':
      // Only the server's erasure writes the record: a hand-made write.
      doc.transact(() => doc.getMap(ROOT.erased).set('n', 1), opts.origin)
      return
    case 'write merged record':
      // Only the server's merge writes the record: a hand-made write.
      doc.transact(() => doc.getMap(ROOT.merged).set('p-me', 'p-other'), opts.origin)
      return
  }
}

/** Used by `setUpBoard` callers that need a replica of the board as it stood. */
export function replicaOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  return copy
}
