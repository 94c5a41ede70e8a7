/**
 * A 90-minute session as a list of operations (pure, seeded): people join in shifts, post
 * notes, drag them around (the drop is the document write), edit their text, re-tag them and
 * delete a few. Every operation names its actor and a note that exists by then.
 */
import * as prng from 'lib0/prng'

export type TraceOp =
  | { kind: 'create'; actor: number; note: number }
  | { kind: 'move'; actor: number; note: number }
  | { kind: 'text'; actor: number; note: number }
  | { kind: 'retag'; actor: number; note: number }
  | { kind: 'delete'; actor: number; note: number }

export interface TraceSize {
  people: number
  connectedAtOnce: number
  notes: number
  moves: number
  textEdits: number
  retags: number
  deletes: number
}

export interface TraceShift {
  /** People (indexes) connected during this shift. */
  people: number[]
  ops: TraceOp[]
}

/** Split a total into `parts` near-equal counts. */
const share = (total: number, parts: number, i: number) =>
  Math.floor((total * (i + 1)) / parts) - Math.floor((total * i) / parts)

/**
 * The session's shifts. Each shift's operations are shuffled, with every operation on a note
 * placed after that note's creation (notes of earlier shifts exist already).
 */
export function traceShifts(size: TraceSize, seed: number): TraceShift[] {
  const gen = prng.create(seed)
  const shifts = Math.max(1, Math.ceil(size.people / size.connectedAtOnce))
  const out: TraceShift[] = []
  let nextNote = 0
  const deleted = new Set<number>()
  for (let s = 0; s < shifts; s++) {
    const people: number[] = []
    for (
      let p = s * size.connectedAtOnce;
      p < Math.min(size.people, (s + 1) * size.connectedAtOnce);
      p++
    ) {
      people.push(p)
    }
    const actor = () => prng.oneOf(gen, people)
    const counts = {
      create: share(size.notes, shifts, s),
      move: share(size.moves, shifts, s),
      text: share(size.textEdits, shifts, s),
      retag: share(size.retags, shifts, s),
      delete: share(size.deletes, shifts, s),
    }
    // A bag of kinds, shuffled; each later op picks a note existing at that point.
    const bag: TraceOp['kind'][] = []
    for (const [k, n] of Object.entries(counts) as [TraceOp['kind'], number][]) {
      for (let i = 0; i < n; i++) bag.push(k)
    }
    for (let i = bag.length - 1; i > 0; i--) {
      const j = prng.uint32(gen, 0, i)
      ;[bag[i], bag[j]] = [bag[j]!, bag[i]!]
    }
    const ops: TraceOp[] = []
    const pending: TraceOp['kind'][] = []
    for (const kind of bag) {
      if (kind === 'create') {
        ops.push({ kind, actor: actor(), note: nextNote++ })
        // Ops that found no note yet run once one exists.
        while (pending.length > 0)
          ops.push(pickNote(gen, pending.shift()!, actor(), nextNote, deleted))
      } else if (nextNote - deleted.size <= 0) pending.push(kind)
      else ops.push(pickNote(gen, kind, actor(), nextNote, deleted))
    }
    for (const kind of pending) {
      if (nextNote - deleted.size > 0) ops.push(pickNote(gen, kind, actor(), nextNote, deleted))
    }
    out.push({ people, ops })
  }
  return out
}

function pickNote(
  gen: prng.PRNG,
  kind: TraceOp['kind'],
  actor: number,
  made: number,
  deleted: Set<number>,
): TraceOp {
  // Bounded: at least one live note exists, so a few draws find one, else take the first.
  let note = prng.uint32(gen, 0, made - 1)
  for (let i = 0; i < 20 && deleted.has(note); i++) note = prng.uint32(gen, 0, made - 1)
  if (deleted.has(note)) {
    for (let n = 0; n < made; n++) {
      if (!deleted.has(n)) {
        note = n
        break
      }
    }
  }
  if (kind === 'delete') deleted.add(note)
  return { kind, actor, note } as TraceOp
}

/** Counts of each kind over all shifts. */
export function countOps(shifts: TraceShift[]): Record<TraceOp['kind'], number> {
  const c = { create: 0, move: 0, text: 0, retag: 0, delete: 0 }
  for (const s of shifts) for (const op of s.ops) c[op.kind]++
  return c
}
