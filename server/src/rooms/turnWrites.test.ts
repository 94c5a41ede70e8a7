import type { NoteChange } from '@sensemaking/shared'
import { describe, expect, it } from 'vitest'
import { ServerMetrics } from '../metrics'
import { MemoryStorage } from '../storage/memoryStorage'
import type { AppendRow, PeopleRecord } from '../storage/types'
import { silentLogger } from '../testing/logger'
import { GroupCommit } from './groupCommit'
import { type TurnHost, TurnWrites } from './turnWrites'

/** Memory storage that keeps the records each transaction was given. */
class Recording extends MemoryStorage {
  readonly turns: PeopleRecord[][] = []
  override appendTurn(rows: readonly AppendRow[], records: readonly PeopleRecord[]): number[] {
    this.turns.push([...records])
    return super.appendTurn(rows, records)
  }
}

const at = (text: string, t: number): NoteChange => ({
  at: t,
  personId: 'p-a',
  name: 'Ana',
  city: 'Braga',
  role: 'participant',
  text,
})
const change = (noteId: string, n: number, text: string, t = 1): PeopleRecord => ({
  kind: 'change',
  boardId: 'b1',
  noteId,
  n,
  change: at(text, t),
})

function turn() {
  const storage = new Recording()
  const metrics = new ServerMetrics(
    { connections: () => 0, boardsInMemory: () => 0 },
    { processMetrics: false },
  )
  const commits = new GroupCommit(storage, metrics, silentLogger(), 'turn')
  const host: TurnHost = {
    boardId: 'b1',
    closed: false,
    appended: () => {},
    relay: () => {},
    together: (f) => f(),
    storeFailed: (e) => {
      throw e
    },
  }
  return { storage, writes: new TurnWrites(host, commits) }
}

describe('a turn’s records of who writes [G13] [F14.8]', () => {
  it('[F14.8] stores a change written several times in one turn once, with its latest text', () => {
    const { storage, writes } = turn()
    writes.record(change('x', 3, 'h'))
    writes.record(change('y', 1, 'other'))
    writes.record(change('x', 3, 'he'))
    writes.record(change('x', 3, 'hey'))
    writes.commitNow()
    expect(storage.turns).toEqual([[change('x', 3, 'hey'), change('y', 1, 'other')]])
    expect(storage.readNoteChanges('b1', 'x').map((c) => c.change.text)).toEqual(['hey'])
  })

  it('[F14.8] a change recorded after a cut of its note is stored after the cut', () => {
    const { storage, writes } = turn()
    writes.record(change('x', 1, 'before'))
    writes.record({ kind: 'cut', boardId: 'b1', noteId: 'x', from: 0, to: null })
    writes.record(change('x', 1, 'after'))
    writes.commitNow()
    expect(storage.turns[0]!.map((r) => r.kind)).toEqual(['change', 'cut', 'change'])
    expect(storage.readNoteChanges('b1', 'x').map((c) => c.change.text)).toEqual(['after'])
    // The next turn starts afresh.
    writes.record(change('x', 1, 'again'))
    writes.commitNow()
    expect(storage.turns[1]).toEqual([change('x', 1, 'again')])
  })
})
