/**
 * The canvas's gesture planner, table style: what a gesture writes for whom [F12], where a drop
 * lands [F7.3], what a frame carries [F4.2], and the drafts of a private round [F8.3].
 */
import {
  type Actor,
  type ClusterView,
  columnRegion,
  createCluster,
  createNote,
  lockedThemeIds,
  type Role,
  readBoard,
  readMeta,
  seedBoard,
  setItemsLocked,
} from '@sensemaking/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { type GestureBoard, type GestureShapes, planGesture } from './commitPlan'

const ME = 'u-me'

/** A board with my note `mine`, someone's note `theirs`, a theme `t` (with `member`). */
function setup(o: { themeLocked?: boolean; boardLocked?: boolean } = {}) {
  const doc = new Y.Doc()
  seedBoard(doc, { title: 'Plan' })
  const what = columnRegion(readMeta(doc).columns, 'what')
  createNote(doc, { id: 'mine', text: 'm', column: 'what', authorId: ME, x: what.x + 40, y: 900 })
  createNote(doc, {
    id: 'theirs',
    text: 't',
    column: 'what',
    authorId: 'u-x',
    x: what.x + 400,
    y: 900,
  })
  createNote(doc, {
    id: 'member',
    text: 'in',
    column: 'what',
    authorId: ME,
    x: what.x + 80,
    y: 300,
  })
  createCluster(doc, {
    id: 't',
    title: 'Theme',
    column: 'what',
    x: what.x + 40,
    y: 200,
    w: 500,
    h: 400,
    noteIds: ['member'],
  })
  if (o.themeLocked) setItemsLocked(doc, { clusters: ['t'] }, true)
  const snap = readBoard(doc)
  const clusters = new Map<string, ClusterView>(snap.clusters.map((c) => [c.id, c]))
  const board = (role: Role, privateRound = false): GestureBoard => ({
    meta: snap.meta,
    notes: new Map(snap.notes.map((n) => [n.id, n])),
    clusters,
    lockedThemes: lockedThemeIds(clusters.values()),
    actor: { role, person: ME } satisfies Actor,
    policy: { locked: o.boardLocked === true, voteOpen: false },
    privateRound,
    author: { name: 'Aino', city: 'Lahti', id: ME },
  })
  return { what, board, frame: clusters.get('t')! }
}

const gesture = (g: Partial<GestureShapes>): GestureShapes => ({
  noteMoves: new Map(),
  frames: new Map(),
  removedNotes: [],
  removedClusters: [],
  createdNotes: [],
  ...g,
})

describe('planning a gesture’s writes', () => {
  it('[F7.3] my note dropped elsewhere moves; someone else’s stays and is drawn back [F12.8]', () => {
    const { what, board } = setup()
    const to = { x: what.x + 700, y: 1100 }
    const plan = planGesture(
      gesture({
        noteMoves: new Map([
          ['mine', to],
          ['theirs', to],
        ]),
      }),
      board('participant'),
    )
    expect(plan.noteMoves).toEqual([{ id: 'mine', ...to, column: 'what' }])
    expect([...plan.redrawNotes].sort()).toEqual(['mine', 'theirs'])
    // A facilitator moves anyone's.
    const fac = planGesture(gesture({ noteMoves: new Map([['theirs', to]]) }), board('facilitator'))
    expect(fac.noteMoves.map((m) => m.id)).toEqual(['theirs'])
  })

  it('[F12.10] a note of a locked theme stays for a participant, not for a facilitator', () => {
    const { what, board } = setup({ themeLocked: true })
    const away = new Map([['member', { x: what.x + 700, y: 1300 }]])
    expect(planGesture(gesture({ noteMoves: away }), board('participant')).noteMoves).toEqual([])
    const fac = planGesture(gesture({ noteMoves: away }), board('facilitator'))
    expect(fac.noteMoves.map((m) => m.id)).toEqual(['member'])
    expect(fac.membership).toEqual([{ target: null, ids: ['member'] }])
  })

  it('[F8.8] my note dropped into an unlocked theme joins it; into a locked one it moves but stays out', () => {
    const { frame, board } = setup()
    const into = new Map([['mine', { x: frame.x + 60, y: frame.y + 120 }]])
    expect(planGesture(gesture({ noteMoves: into }), board('participant')).membership).toEqual([
      { target: 't', ids: ['mine'] },
    ])
    const locked = setup({ themeLocked: true })
    const plan = planGesture(gesture({ noteMoves: into }), locked.board('participant'))
    expect(plan.noteMoves.map((m) => m.id)).toEqual(['mine'])
    expect(plan.membership).toEqual([])
  })

  it('[F4.2, F12.9] a facilitator’s moved frame carries its notes; a participant’s frame stays', () => {
    const { frame, board } = setup()
    const moved = new Map([['t', { x: frame.x + 20, y: frame.y + 100, w: frame.w, h: frame.h }]])
    const fac = planGesture(gesture({ frames: moved }), board('facilitator'))
    expect(fac.clusterBounds).toMatchObject([{ id: 't', moveNotes: true, column: 'what' }])
    expect(fac.redrawNotes.has('member')).toBe(true)
    expect(fac.redrawClusters).toEqual(new Set(['t']))
    const part = planGesture(gesture({ frames: moved }), board('participant'))
    expect(part.clusterBounds).toEqual([])
    expect(part.redrawClusters).toEqual(new Set(['t']))
  })

  it('deletes only what the person may [F12.8]; dissolves themes for facilitators only [F12.9]', () => {
    const { board } = setup()
    const g = gesture({ removedNotes: ['mine', 'theirs'], removedClusters: ['t'] })
    const part = planGesture(g, board('participant'))
    expect(part).toMatchObject({ deletes: ['mine'], dissolves: [] })
    expect(part.redrawNotes.has('member')).toBe(true)
    expect(planGesture(g, board('facilitator'))).toMatchObject({
      deletes: ['mine', 'theirs'],
      dissolves: ['t'],
    })
  })

  it('[F8.3] a pasted note is written by its author, or kept as a draft in a private round', () => {
    const { what, board } = setup()
    const pasted = gesture({
      createdNotes: [{ id: 'p', x: what.x + 60, y: 1500, text: 'pasted', lever: 'nope' }],
    })
    expect(planGesture(pasted, board('participant')).creates).toEqual([
      {
        id: 'p',
        text: 'pasted',
        column: 'what',
        lever: null,
        x: what.x + 60,
        y: 1500,
        author: 'Aino',
        city: 'Lahti',
        authorId: ME,
      },
    ])
    const draft = planGesture(pasted, board('participant', true))
    expect(draft).toMatchObject({ creates: [], drafts: [{ text: 'pasted', column: 'what' }] })
    expect(planGesture(pasted, board('observer'))).toMatchObject({ creates: [], drafts: [] })
    // A locked board takes no new notes from participants [F12.3].
    const locked = setup({ boardLocked: true })
    expect(planGesture(pasted, locked.board('participant')).creates).toEqual([])
  })
})
