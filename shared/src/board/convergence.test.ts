/**
 * Seeded random test: three replicas make random concurrent edits and exchange updates in
 * random order; they must end with identical harvests and boards. Prints its seed when it fails; failing
 * seeds are kept below as named regression cases (yjs applyRandomTests, tldraw syncFuzz).
 */
import * as prng from 'lib0/prng'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { exportHarvest } from '../harvest'
import { fakeClock, newBoard } from '../testing/board'
import { assignToCluster, createCluster, dissolveCluster, renameCluster } from './clusters'
import {
  createNote,
  deleteNote,
  editText,
  moveNotes,
  restoreNote,
  setColumn,
  setLever,
} from './notes'
import { readBoard, readMeta } from './read'
import { setVotes } from './votes'

const REPLICAS = 3
const STEPS = 300

type Replica = { doc: Y.Doc; inbox: Uint8Array[] }

function liveNoteIds(doc: Y.Doc) {
  return readBoard(doc).notes.map((n) => n.id)
}

/** One random edit on one replica. */
function randomEdit(gen: prng.PRNG, doc: Y.Doc, who: number, now: () => number) {
  const meta = readMeta(doc)
  const ids = liveNoteIds(doc)
  const pick = <T>(xs: readonly T[]) => prng.oneOf(gen, xs as T[])
  const column = () => pick(meta.columns).id
  const op = ids.length === 0 ? 0 : prng.uint32(gen, 0, 9)
  switch (op) {
    case 0:
      createNote(
        doc,
        {
          text: prng.word(gen, 0, 12),
          column: prng.uint32(gen, 0, 9) === 0 ? null : column(),
          lever: pick([null, ...meta.tags.map((t) => t.id)]),
          city: pick(['Nantes', ' nantes', 'Lahti', 'Umeå']),
          author: `p${who}`,
          authorId: `u${who}`,
        },
        { now },
      )
      return
    case 1: {
      const id = pick(ids)
      const len = readBoard(doc).notes.find((n) => n.id === id)!.text.length
      editText(
        doc,
        id,
        {
          index: prng.uint32(gen, 0, len),
          remove: prng.uint32(gen, 0, 2),
          insert: prng.word(gen, 0, 4),
        },
        { now },
      )
      return
    }
    case 2:
      moveNotes(
        doc,
        ids
          .filter(() => prng.bool(gen))
          .map((id) => ({ id, x: prng.int32(gen, -2000, 4000), y: prng.int32(gen, 0, 3000) })),
        { now },
      )
      return
    case 3:
      setLever(doc, pick(ids), pick([null, ...meta.tags.map((t) => t.id)]), { now })
      return
    case 4:
      setColumn(doc, pick(ids), prng.uint32(gen, 0, 5) === 0 ? null : column(), { now })
      return
    case 5:
      deleteNote(doc, pick(ids), { now })
      return
    case 6:
      restoreNote(doc, pick(ids), { now })
      return
    case 7: {
      const clusters = readBoard(doc).clusters
      if (clusters.length > 0 && prng.bool(gen)) {
        const c = pick(clusters)
        if (prng.bool(gen)) renameCluster(doc, c.id, prng.word(gen, 1, 8))
        else
          assignToCluster(
            doc,
            ids.filter(() => prng.bool(gen)),
            c.id,
            { now },
          )
      } else {
        createCluster(
          doc,
          {
            title: prng.word(gen, 1, 8),
            column: column(),
            x: 0,
            y: 0,
            w: 400,
            h: 300,
            noteIds: ids.filter(() => prng.bool(gen)),
          },
          { now },
        )
      }
      return
    }
    case 8: {
      const clusters = readBoard(doc).clusters
      if (clusters.length > 0) dissolveCluster(doc, pick(clusters).id, { now })
      return
    }
    default:
      setVotes(doc, pick(ids), `u${who}`, prng.uint32(gen, 0, 3))
  }
}

function runRandom(seed: number) {
  const gen = prng.create(seed)
  const origin = newBoard({ title: 'random' })
  const seedUpdate = Y.encodeStateAsUpdate(origin)
  const replicas: Replica[] = Array.from({ length: REPLICAS }, (_, i) => {
    const doc = new Y.Doc()
    doc.clientID = 1000 + i
    Y.applyUpdate(doc, seedUpdate)
    return { doc, inbox: [] }
  })
  replicas.forEach((r, i) => {
    r.doc.on('update', (u: Uint8Array, o: unknown) => {
      if (o === 'remote') return
      replicas.forEach((other, j) => {
        if (j !== i) other.inbox.push(u)
      })
    })
  })
  const now = fakeClock()
  for (let step = 0; step < STEPS; step++) {
    const r = replicas[prng.uint32(gen, 0, REPLICAS - 1)]!
    if (prng.uint32(gen, 0, 2) === 0 && r.inbox.length > 0) {
      // deliver a random pending update (out of order on purpose)
      const k = prng.uint32(gen, 0, r.inbox.length - 1)
      const [u] = r.inbox.splice(k, 1)
      Y.applyUpdate(r.doc, u!, 'remote')
    } else {
      randomEdit(gen, r.doc, replicas.indexOf(r), now)
    }
  }
  // deliver everything left, in random order
  for (const r of replicas) {
    while (r.inbox.length > 0) {
      const [u] = r.inbox.splice(prng.uint32(gen, 0, r.inbox.length - 1), 1)
      Y.applyUpdate(r.doc, u!, 'remote')
    }
  }
  return replicas.map((r) => r.doc)
}

/** Seeds that once failed are kept as regression cases. */
const REGRESSION_SEEDS: number[] = []

describe('convergence', () => {
  // SEED=n replays one run; otherwise 20 fresh seeds a run, printed on failure.
  const fresh = process.env.SEED
    ? [Number(process.env.SEED)]
    : Array.from({ length: 20 }, () => Math.floor(Math.random() * 2 ** 31))
  const seeds = [...REGRESSION_SEEDS, ...fresh]
  it.each(seeds)(
    '[F3.2] three replicas with random concurrent edits end with identical harvests (seed %i)',
    (seed) => {
      try {
        const docs = runRandom(seed)
        // identical harvests (what every harvester sees) and identical raw readings
        const boards = docs.map((d) => {
          const b = readBoard(d)
          const harvest = exportHarvest(d, { boardId: 'random', now: () => 0 })
          return JSON.stringify({ harvest, ...b, votes: [...b.votes].map(([k, v]) => [k, [...v]]) })
        })
        expect(boards[1]).toBe(boards[0])
        expect(boards[2]).toBe(boards[0])
        for (const d of docs) expect(d.store.pendingStructs).toBeNull()
      } catch (e) {
        console.error(`convergence failed with seed ${seed}: add it to REGRESSION_SEEDS`)
        throw e
      }
    },
  )
})
