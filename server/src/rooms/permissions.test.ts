/**
 * The pure role check, table style: a theme's lock over its notes [F8.8] next to the rules
 * it extends [F2.6, F8.2, F8.5].
 */
import { CLUSTER, NOTE, ROOT } from '@sensemaking/shared'
import { describe, expect, it } from 'vitest'
import { deniedChanges, type PolicyState, type Role, type UnitChange } from './permissions'

const OPEN: PolicyState = { locked: false, voteOpen: false }

const unit = (root: string, key: string, over: Partial<UnitChange> = {}): UnitChange => ({
  root,
  key,
  created: false,
  removed: false,
  fields: new Set<string>(),
  locked: false,
  ...over,
})
const noteEdit = (key: string, fields: string[], locked = false) =>
  unit(ROOT.notes, key, { fields: new Set(fields), locked })
const themeEdit = (key: string, over: Partial<UnitChange> = {}) => unit(ROOT.clusters, key, over)

const keys = (role: Role, changes: UnitChange[], state = OPEN) =>
  deniedChanges(role, state, changes).map((c) => `${c.root}:${c.key}`)

describe('[F8.8] a theme’s lock reaches its notes (pure check)', () => {
  const cases: Array<[string, Role, UnitChange[], string[]]> = [
    [
      'a participant editing a note of a locked theme (reported locked) is refused',
      'participant',
      [noteEdit('n1', [NOTE.text], true)],
      ['notes:n1'],
    ],
    [
      'a participant taking a note out of a locked theme (locked before the change) is refused',
      'participant',
      [noteEdit('n1', [NOTE.clusterId], true)],
      ['notes:n1'],
    ],
    [
      'the unlocked note next to it passes',
      'participant',
      [noteEdit('n1', [NOTE.text], true), noteEdit('n2', [NOTE.text])],
      ['notes:n1'],
    ],
    [
      'a participant unlocking a theme while editing its note is refused whole',
      'participant',
      [themeEdit('c1', { fields: new Set([CLUSTER.locked]) }), noteEdit('n1', [NOTE.text])],
      ['clusters:c1', 'notes:n1'],
    ],
    [
      'a participant removing a theme while moving its note is refused whole',
      'participant',
      [themeEdit('c1', { removed: true }), noteEdit('n1', [NOTE.x, NOTE.y])],
      ['clusters:c1', 'notes:n1'],
    ],
    [
      'a facilitator edits, moves and takes out notes of a locked theme',
      'facilitator',
      [
        noteEdit('n1', [NOTE.text, NOTE.clusterId], true),
        themeEdit('c1', { fields: new Set([CLUSTER.locked]) }),
      ],
      [],
    ],
    [
      'dots on a note of a locked theme are the vote’s, not the note’s',
      'participant',
      [unit(ROOT.votes, 'n1', { fields: new Set(['u-p']) })],
      ['votes:n1'],
    ],
  ]
  for (const [name, role, changes, denied] of cases) {
    it(name, () => expect(keys(role, changes).sort()).toEqual(denied.sort()))
  }

  it('dots on a note of a locked theme pass while a vote is open', () => {
    const dots = [unit(ROOT.votes, 'n1', { fields: new Set(['u-p']) })]
    expect(keys('participant', dots, { locked: false, voteOpen: true })).toEqual([])
  })
})

describe('[F3.9] [F11.8] kinds are a participant’s to set; provenance is not (pure check)', () => {
  it('a participant sets the kind of a note as they set its lever', () => {
    expect(keys('participant', [noteEdit('n1', [NOTE.kind, NOTE.lever, NOTE.updatedAt])])).toEqual(
      [],
    )
  })

  it('a participant writing a source or theme sources is refused; a facilitator’s passes', () => {
    const forged = [
      unit(ROOT.notes, 'n1', { created: true, fields: new Set([NOTE.text, NOTE.source]) }),
      noteEdit('n2', [NOTE.source]),
      themeEdit('c1', { fields: new Set([CLUSTER.sources]) }),
    ]
    expect(keys('participant', forged).sort()).toEqual(['clusters:c1', 'notes:n1', 'notes:n2'])
    expect(keys('facilitator', forged)).toEqual([])
  })
})
