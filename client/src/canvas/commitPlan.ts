/**
 * What a finished gesture on the canvas writes, decided by one pure function: where each
 * moved note and frame lands [F7.3, F4.2], which notes change theme, what is deleted, dissolved
 * or created (or kept as a private draft [F8.3]), each only as far as the policy lets this person
 * [F12]. The binding reads the shapes, asks this, and writes the plan in one transaction.
 */
import {
  type Actor,
  type BoardMeta,
  type ClusterView,
  inLockedTheme,
  type NewNote,
  type NoteFacts,
  type NoteMove,
  type NoteView,
  type PolicyState,
  whyNotArrangeThemes,
  whyNotEditNote,
  whyNotPost,
  whyNotRegroup,
} from '@sensemaking/shared'
import { type CommitPlan, dropNote, planCommit } from './mapping'

type Box = { x: number; y: number; w: number; h: number }

/** What the person did, read from the canvas at the gesture's end. */
export interface GestureShapes {
  /** Moved notes: where each one's shape is now (null: its shape is gone). */
  noteMoves: ReadonlyMap<string, { x: number; y: number } | null>
  /** Moved or resized frames: each one's bounds now (null: its shape is gone). */
  frames: ReadonlyMap<string, Box | null>
  removedNotes: readonly string[]
  removedClusters: readonly string[]
  /** Notes pasted or duplicated on the canvas. */
  createdNotes: ReadonlyArray<{ id: string; x: number; y: number; text: string; lever: string }>
}

/** The board as the planner needs it, and who writes. */
export interface GestureBoard {
  meta: BoardMeta
  notes: ReadonlyMap<string, NoteView>
  clusters: ReadonlyMap<string, ClusterView>
  lockedThemes: ReadonlySet<string>
  actor: Actor
  policy: PolicyState
  /** A private writing round is on: new notes stay drafts on the device [F8.3]. */
  privateRound: boolean
  author: { name: string; city: string; id: string }
}

/** The writes of one gesture, in the order the binding makes them. */
export interface GesturePlan {
  clusterBounds: CommitPlan['clusterBounds']
  noteMoves: NoteMove[]
  /** Notes put into a theme (or out of every theme: null), grouped by target. */
  membership: Array<{ target: string | null; ids: string[] }>
  deletes: string[]
  dissolves: string[]
  creates: NewNote[]
  drafts: Array<{ text: string; column: string | null; lever: string | null }>
  /** Notes and frames to draw again from the document afterwards (its decisions, refusals). */
  redrawNotes: Set<string>
  redrawClusters: Set<string>
}

const changed = (a: Box, b: Box) => a.x !== b.x || a.y !== b.y || a.w !== b.w || a.h !== b.h

/** Plan the writes of a gesture. */
export function planGesture(g: GestureShapes, board: GestureBoard): GesturePlan {
  const { meta, actor, policy } = board
  const facts = (n: NoteView): NoteFacts => ({
    id: n.id,
    authorId: n.authorId,
    locked: n.locked,
    inLockedTheme: inLockedTheme(n, board.lockedThemes),
  })
  const mayEdit = (n: NoteView | undefined): n is NoteView =>
    n !== undefined && whyNotEditNote(actor, policy, facts(n)) === null
  const mayArrange = whyNotArrangeThemes(actor, policy) === null
  const redrawNotes = new Set<string>()

  // Moves: the note's shape against where the document has it.
  const noteMoves = new Map<string, { x: number; y: number }>()
  const known = new Map<string, NoteView>()
  for (const [id, shape] of g.noteMoves) {
    redrawNotes.add(id)
    const note = board.notes.get(id)
    if (!shape || !mayEdit(note)) continue
    const drop = dropNote(meta, shape.x, shape.y)
    if (drop.x === note.x && drop.y === note.y && drop.column === note.column) continue
    noteMoves.set(id, shape)
    known.set(id, note)
  }
  const clusterBounds = new Map<string, Box>()
  if (mayArrange) {
    for (const [id, frame] of g.frames) {
      const c = board.clusters.get(id)
      if (frame && c && changed(frame, c)) clusterBounds.set(id, frame)
    }
  }
  const plan = planCommit(
    meta,
    { noteMoves, clusterBounds },
    { notes: known, clusters: [...board.clusters.values()] },
  )

  // Members of a moved or dissolved frame are drawn again: the writers moved or freed them.
  const movedFrames = new Set(plan.clusterBounds.filter((b) => b.moveNotes).map((b) => b.id))
  const regrouped = new Set([...movedFrames, ...g.removedClusters])
  if (regrouped.size > 0) {
    for (const n of board.notes.values()) {
      if (n.clusterId !== null && regrouped.has(n.clusterId)) redrawNotes.add(n.id)
    }
  }

  // Into or out of a theme: a locked theme keeps participants out [F8.8].
  const byTarget = new Map<string | null, string[]>()
  for (const [id, target] of plan.membership) {
    redrawNotes.add(id)
    const note = board.notes.get(id)
    const theme = target === null ? null : { locked: board.lockedThemes.has(target) }
    if (!note || whyNotRegroup(actor, policy, facts(note), theme) !== null) continue
    byTarget.set(target, [...(byTarget.get(target) ?? []), id])
  }

  const deletes: string[] = []
  for (const id of g.removedNotes) {
    redrawNotes.add(id)
    if (mayEdit(board.notes.get(id))) deletes.push(id)
  }
  const dissolves = mayArrange ? g.removedClusters.filter((id) => board.clusters.has(id)) : []

  const creates: NewNote[] = []
  const drafts: GesturePlan['drafts'] = []
  const mayPost = whyNotPost(actor, policy) === null
  for (const s of g.createdNotes) {
    redrawNotes.add(s.id)
    if (board.notes.has(s.id) || !mayPost) continue
    const drop = dropNote(meta, s.x, s.y)
    const lever = meta.tags.some((t) => t.id === s.lever) ? s.lever : null
    if (board.privateRound) {
      drafts.push({ text: s.text, column: drop.column, lever })
      continue
    }
    const { name, city, id } = board.author
    creates.push({
      id: s.id,
      text: s.text,
      column: drop.column,
      lever,
      x: drop.x,
      y: drop.y,
      author: name,
      city,
      authorId: id,
    })
  }

  return {
    clusterBounds: plan.clusterBounds,
    noteMoves: plan.noteMoves,
    membership: [...byTarget].map(([target, ids]) => ({ target, ids })),
    deletes,
    dissolves,
    creates,
    drafts,
    redrawNotes,
    redrawClusters: new Set([...g.frames.keys(), ...g.removedClusters, ...movedFrames]),
  }
}
