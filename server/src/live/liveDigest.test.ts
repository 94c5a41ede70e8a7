import {
  assignToCluster,
  BOARD,
  BoardError,
  boardMap,
  createCluster,
  createNote,
  DEFAULT_TEMPLATE,
  deleteNote,
  dissolveCluster,
  moveNotes,
  NOTE,
  notesMap,
  purgeNote,
  renameCluster,
  restoreNote,
  seedBoard,
  setKind,
  setLever,
  setLocked,
  setPhase,
  setText,
} from '@sensemaking/shared'
import * as prng from 'lib0/prng'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { computeStats } from '../rooms/boardStats'
import { LiveDigest, liveDigestOf } from './liveDigest'

const COLUMNS = ['what', 'so-what', 'now-what', null, 'gone']
const LEVERS = [...DEFAULT_TEMPLATE.tags.map((t) => t.id), null]

/** The figures computeStats gives, without its time. */
function expected(doc: Y.Doc) {
  const { updatedAt: _, ...rest } = computeStats(doc, 0)
  return rest
}

/** One random change of the kinds a board sees, hostile ones included. */
function step(doc: Y.Doc, gen: prng.PRNG, t: number) {
  const ids = [...notesMap(doc).keys()]
  const any = () => prng.oneOf(gen, ids)
  const now = () => t
  const r = prng.uint32(gen, 0, 15)
  if (ids.length === 0 || r < 3) {
    createNote(
      doc,
      {
        text: prng.oneOf(gen, ['Heat pumps', '', '   ', 'Bike lanes on bridges', 'x'.repeat(300)]),
        column: prng.oneOf(gen, ['what', 'so-what', 'now-what', null] as const),
        lever: prng.oneOf(gen, LEVERS),
        city: prng.oneOf(gen, ['Lahti', 'Umeå', '']),
      },
      { now },
    )
  } else if (r === 3) setText(doc, any(), prng.oneOf(gen, ['', 'Grid queues', ' ']), { now })
  else if (r === 4) setLever(doc, any(), prng.oneOf(gen, LEVERS), { now })
  else if (r === 5) moveNotes(doc, [{ id: any(), x: prng.uint32(gen, 0, 3000), y: 400 }], { now })
  else if (r === 6) deleteNote(doc, any(), { now })
  else if (r === 7) restoreNote(doc, any(), { now })
  else if (r === 8) purgeNote(doc, any())
  else if (r === 9) {
    // Hostile values straight into the map: the readers must agree on them too.
    const m = notesMap(doc).get(any())!
    const k = prng.oneOf(gen, [NOTE.column, NOTE.lever, NOTE.x, NOTE.createdAt, NOTE.text])
    m.set(k, prng.oneOf(gen, [Number.NaN, 'gone', 7, null, 'what', 'plain text', 12]))
  } else if (r === 10) {
    const id = createCluster(doc, {
      title: prng.oneOf(gen, ['Heat', 'Data', '']),
      column: 'what',
      x: 0,
      y: 0,
      w: 10,
      h: 10,
    })
    assignToCluster(doc, [any(), any()], id, { now })
  } else if (r === 11) {
    const themes = [...doc.getMap('clusters').keys()]
    if (themes.length > 0) {
      const id = prng.oneOf(gen, themes)
      if (prng.bool(gen)) renameCluster(doc, id, prng.oneOf(gen, ['Heating', 'Data']))
      else dissolveCluster(doc, id)
    }
  } else if (r === 12) {
    const m = notesMap(doc).get(any())!
    m.set(NOTE.column, prng.oneOf(gen, COLUMNS))
  } else if (r === 13) {
    setPhase(doc, prng.oneOf(gen, ['what', 'so-what', null] as const))
    setLocked(doc, prng.bool(gen))
  } else if (r === 14) {
    setKind(doc, any(), prng.oneOf(gen, ['insight', 'idea', null] as const))
  } else {
    // The board's own columns change: every note is counted again.
    const cols = boardMap(doc).get(BOARD.columns) as Array<{ id: string }>
    boardMap(doc).set(BOARD.columns, prng.bool(gen) ? cols.slice(0, 2) : DEFAULT_TEMPLATE.columns)
  }
}

describe("a loaded board's live figures", () => {
  it('[SE4.4] stay what computeStats reads, through 3,000 random changes of 10 boards', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const gen = prng.create(seed)
      const doc = new Y.Doc()
      seedBoard(doc, { title: `Room ${seed}`, template: DEFAULT_TEMPLATE })
      const digest = new LiveDigest(doc)
      for (let i = 0; i < 300; i++) {
        try {
          step(doc, gen, 1000 + i)
        } catch (e) {
          // A writer refusing a column the board no longer has, as it would a person.
          if (!(e instanceof BoardError)) throw e
        }
        if (i % 7 === 0 || i === 299) {
          const { title, notes, byLever, byLeverColumn, state, recent, themes } = expected(doc)
          expect({ seed, i, ...digest.figures() }, `seed ${seed}, step ${i}`).toEqual({
            seed,
            i,
            title,
            notes,
            byLever,
            byLeverColumn,
            state,
            recent,
            themes,
          })
        }
      }
      digest.destroy()
    }
  })

  it('[SE4.2] [SE4.4] the latest notes stay right as the newest are deleted, blanked and restored', () => {
    const doc = new Y.Doc()
    seedBoard(doc, { title: 'Room', template: DEFAULT_TEMPLATE })
    const ids = Array.from({ length: 40 }, (_, i) =>
      createNote(doc, { text: `note ${i}`, column: 'what' }, { now: () => 1000 + i }),
    )
    const digest = new LiveDigest(doc)
    const same = () => expect(digest.figures().recent).toEqual(expected(doc).recent)
    same()
    for (const id of ids.slice(-30).reverse()) {
      deleteNote(doc, id)
      same()
    }
    for (const id of ids.slice(0, 8)) setText(doc, id, '  ')
    same()
    for (const id of ids.slice(-30)) restoreNote(doc, id)
    same()
    expect(digest.figures().recent.map((n) => n.text)).toEqual([
      'note 39',
      'note 38',
      'note 37',
      'note 36',
      'note 35',
    ])
    // An old note coming back while the newest few are fewer than kept must not pass the
    // notes between: note 9 is older than notes 23 and 24.
    deleteNote(doc, ids[9]!)
    for (const id of ids.slice(-10)) deleteNote(doc, id)
    restoreNote(doc, ids[9]!)
    setText(doc, ids[29]!, ' ')
    setText(doc, ids[28]!, ' ')
    same()
    expect(digest.figures().recent.map((n) => n.text)).toEqual([
      'note 27',
      'note 26',
      'note 25',
      'note 24',
      'note 23',
    ])
  })

  it('[SE4.4] a move changes no figure and computes nothing; a new note is there at once', () => {
    const doc = new Y.Doc()
    seedBoard(doc, { title: 'Room', template: DEFAULT_TEMPLATE })
    // Times of their own: two notes made in one millisecond are ordered by their random ids.
    const id = createNote(doc, { text: 'Heat pumps', column: 'what' }, { now: () => 1_000 })
    const digest = liveDigestOf(doc)
    expect(liveDigestOf(doc)).toBe(digest)
    const before = digest.figures()
    moveNotes(doc, [{ id, x: 900, y: 700 }])
    expect(digest.figures()).toBe(before)
    createNote(doc, { text: 'Grid queues', column: 'so-what' }, { now: () => 2_000 })
    expect(digest.figures().recent.map((n) => n.text)).toEqual(['Grid queues', 'Heat pumps'])
  })
})
