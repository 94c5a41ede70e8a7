import { createNote, readBoard, seedBoard } from '@sensemaking/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { LoadedBoard } from '../storage/types'
import { applyStored, applyStoredInSlices } from './loadDoc'

/** A board stored as a snapshot and a log of `rows` notes, one per row. */
function stored(rows: number): LoadedBoard {
  const d = new Y.Doc()
  seedBoard(d, { title: 'Sliced' })
  const snapshot = Y.encodeStateAsUpdate(d)
  const updates: LoadedBoard['updates'] = []
  d.on('update', (u: Uint8Array) => updates.push({ seq: updates.length + 2, data: u }))
  for (let i = 0; i < rows; i++) createNote(d, { id: `n${i}`, text: `row ${i}`, column: 'what' })
  return {
    snapshot: { seq: 1, data: snapshot },
    updates,
    corrupt: 0,
    lastSeq: rows + 1,
    logBytes: updates.reduce((n, u) => n + u.data.length, 0),
  } as LoadedBoard
}

describe('[G12] a board with a long log loads in slices', () => {
  it('lets the event loop run between parts, and builds the same document', async () => {
    const board = stored(40)
    const whole = new Y.Doc()
    expect(applyStored(whole, board)).toBe(0)
    let turns = 0
    let loading = true
    const count = () => {
      if (!loading) return
      turns++
      setImmediate(count)
    }
    setImmediate(count)
    const sliced = new Y.Doc()
    expect(await applyStoredInSlices(sliced, board, 0)).toBe(0)
    loading = false
    // With a slice of 0 ms, other work ran between every two parts.
    expect(turns).toBeGreaterThanOrEqual(40)
    expect(readBoard(sliced)).toEqual(readBoard(whole))
    expect(Y.encodeStateVector(sliced)).toEqual(Y.encodeStateVector(whole))
  })
})
