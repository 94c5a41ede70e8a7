/**
 * The part of the storage contract on who writes a board [S18]–[S20]: changes of notes'
 * texts [F14.8] and owners of client ids [F14.7], stored in the transaction of a turn's rows.
 * Run inside `storageContractSuite`, on each backend.
 */
import type { NoteChange } from '@sensemaking/shared'
import { expect, it } from 'vitest'
import type { BoardStorage, PeopleRecord } from './types'

const bytes = (...xs: number[]) => Uint8Array.from(xs)
const change = (
  text: string,
  personId: string | null = 'p-a',
  at: number | null = 100,
): NoteChange => ({
  at,
  personId,
  name: personId ? 'Ana' : '',
  city: personId ? 'Guimarães' : '',
  role: personId ? 'participant' : null,
  text,
})
const put = (boardId: string, noteId: string, n: number, c: NoteChange): PeopleRecord => ({
  kind: 'change',
  boardId,
  noteId,
  n,
  change: c,
})
const texts = (s: BoardStorage, boardId: string, noteId: string) =>
  s.readNoteChanges(boardId, noteId).map((c) => [c.n, c.change.text])

/** What the cases need of the suite's harness: the store under test, and opening it again. */
interface Harness {
  reopen?(): BoardStorage
}

export function peopleContractCases(get: () => { h: Harness; s: BoardStorage }): void {
  it('[S18] a turn stores its rows and its records of who writes in one transaction', () => {
    const { s } = get()
    const seqs = s.appendTurn(
      [
        { boardId: 'b1', data: bytes(4) },
        { boardId: 'b2', data: bytes(5) },
      ],
      [
        put('b1', 'n1', 1, change('as it stood', null, null)),
        put('b1', 'n1', 2, change('Shared bikes')),
        { kind: 'owner', boardId: 'b1', client: 7, owner: 'person|p-a' },
        { kind: 'owner', boardId: 'b1', client: 7, owner: 'person|p-b' },
        { kind: 'owner', boardId: 'b2', client: 9, owner: 'person|p-b' },
      ],
    )
    expect(seqs).toHaveLength(2)
    expect(s.loadBoard('b1').updates.map((u) => u.seq)).toContain(seqs[0])
    expect(s.readNoteChanges('b1', 'n1')).toEqual([
      { n: 1, change: change('as it stood', null, null) },
      { n: 2, change: change('Shared bikes') },
    ])
    expect(s.readNoteChanges('b2', 'n1')).toEqual([])
    // The first owner of an id stays; each board has its own.
    expect(s.readClientOwners('b1')).toEqual([{ client: 7, owner: 'person|p-a' }])
    expect(s.readClientOwners('b2')).toEqual([{ client: 9, owner: 'person|p-b' }])
    // Records alone, without a row, are a turn too; a merge re-keys a person's ids.
    expect(
      s.appendTurn(
        [],
        [
          { kind: 'owner', boardId: 'b1', client: 8, owner: 'person|p-a' },
          { kind: 'rekey', boardId: 'b1', from: 'person|p-a', to: 'person|p-c' },
        ],
      ),
    ).toEqual([])
    expect(
      s
        .readClientOwners('b1')
        .map((o) => [o.client, o.owner])
        .sort(),
    ).toEqual([
      [7, 'person|p-c'],
      [8, 'person|p-c'],
    ])
    expect(s.readClientOwners('b2')).toEqual([{ client: 9, owner: 'person|p-b' }])
    // A record that cannot be stored takes the turn's rows with it.
    const before = s.loadBoard('b1').updates.length
    const bad = { ...change('x'), name: null } as unknown as NoteChange
    expect(() =>
      s.appendTurn([{ boardId: 'b1', data: bytes(6) }], [put('b1', 'n9', 1, bad)]),
    ).toThrow()
    expect(s.loadBoard('b1').updates).toHaveLength(before)
    expect(s.readNoteChanges('b1', 'n9')).toEqual([])
    // Numbers go on after a failed turn.
    const [next] = s.appendTurn([{ boardId: 'b1', data: bytes(6) }], [])
    expect(next).toBeGreaterThan(seqs[0]!)
    s.dropClientOwners('b1')
    expect(s.readClientOwners('b1')).toEqual([])
    expect(s.readClientOwners('b2')).toHaveLength(1)
  })

  it('[S19] a note’s changes are cut by number; spans list notes by their latest change', () => {
    const { s } = get()
    const records: PeopleRecord[] = []
    for (let n = 1; n <= 5; n++) records.push(put('b1', 'a', n, change(`a${n}`, 'p-a', 100 + n)))
    records.push(put('b1', 'b', 1, change('b1', 'p-a', 103)))
    records.push(put('b1', 'c', 1, change('c1', 'p-a', 200)))
    s.appendTurn([], records)
    expect(s.readHistorySpans('b1')).toEqual([
      { noteId: 'b', first: 1, last: 1 },
      { noteId: 'a', first: 1, last: 5 },
      { noteId: 'c', first: 1, last: 1 },
    ])
    s.appendTurn(
      [],
      [
        { kind: 'cut', boardId: 'b1', noteId: 'a', from: 2, to: 3 },
        { kind: 'cut', boardId: 'b1', noteId: 'c', from: 0, to: null },
      ],
    )
    expect(texts(s, 'b1', 'a')).toEqual([
      [1, 'a1'],
      [4, 'a4'],
      [5, 'a5'],
    ])
    expect(s.readNoteChanges('b1', 'c')).toEqual([])
    expect(s.readHistorySpans('b1').map((x) => x.noteId)).toEqual(['b', 'a'])
    expect(s.readHistorySpans('b2')).toEqual([])
  })

  it('[S20] an erasure takes out the changes of erased notes and of erased people', () => {
    const { s } = get()
    s.appendTurn(
      [],
      [
        put('b1', 'mine', 1, change('my words', 'p-a')),
        put('b1', 'theirs', 1, change('as it stood', null, null)),
        put('b1', 'theirs', 2, change('Ana edits Bo', 'p-a')),
        put('b1', 'theirs', 3, change('Bo again', 'p-b')),
        put('b1', 'gone', 1, change('purged', 'p-b')),
        put('b2', 'other', 1, change('another board', 'p-a')),
      ],
    )
    s.eraseHistory('b1', { notes: ['mine', 'gone', 'unknown'], people: ['p-a'] })
    expect(s.readNoteChanges('b1', 'mine')).toEqual([])
    expect(s.readNoteChanges('b1', 'gone')).toEqual([])
    expect(texts(s, 'b1', 'theirs')).toEqual([
      [1, 'as it stood'],
      [3, 'Bo again'],
    ])
    // Another board's history is its own erasure's.
    expect(texts(s, 'b2', 'other')).toEqual([[1, 'another board']])
    s.eraseHistory('b1', { all: true })
    expect(s.readHistorySpans('b1')).toEqual([])
    expect(s.readHistorySpans('b2')).toHaveLength(1)
  })

  it('[S12b] the records of who writes survive closing and opening again', (ctx) => {
    const { h } = get()
    if (!h.reopen) {
      ctx.skip()
      return
    }
    get().s.appendTurn(
      [{ boardId: 'b1', data: bytes(4) }],
      [
        put('b1', 'n1', 1, change('kept')),
        { kind: 'owner', boardId: 'b1', client: 42, owner: 'person|p-a' },
      ],
    )
    const s = h.reopen()
    expect(texts(s, 'b1', 'n1')).toEqual([[1, 'kept']])
    expect(s.readClientOwners('b1')).toEqual([{ client: 42, owner: 'person|p-a' }])
  })
}
