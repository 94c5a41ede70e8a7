/**
 * The contract every BoardStorage passes (run against each backend by its own test file), so a
 * new backend is done when this suite is green. Cases are numbered [S1]… and cited in docs/server.md.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { peopleContractCases } from './peopleContract'
import type { BoardRecord, BoardStats, BoardStorage, SessionRecord } from './types'

export interface ContractHarness {
  storage: BoardStorage
  /** Damage a board's row's bytes, leaving its checksum as it was. */
  corruptRow(seq: number, boardId: string): void
  /** Damage a board's snapshot the same way. */
  corruptSnapshot(boardId: string): void
  /** Close and open the same store again (persistent backends only). */
  reopen?(): BoardStorage
  cleanup(): void
}

const bytes = (...xs: number[]) => Uint8Array.from(xs)
const session = (id: string, createdAt = 1000): SessionRecord => ({
  id,
  title: `Session ${id}`,
  template: 'w3',
  createdAt,
  expiresAt: null,
  erasedAt: null,
})
const board = (id: string, sessionId: string, position: number): BoardRecord => ({
  id,
  sessionId,
  name: `Board ${id}`,
  position,
  createdAt: 1000,
})
const plain = (u: Uint8Array) => [...u]

export function storageContractSuite(name: string, make: () => ContractHarness): void {
  describe(`BoardStorage contract: ${name}`, () => {
    let h: ContractHarness
    let s: BoardStorage
    beforeEach(() => {
      h = make()
      s = h.storage
      s.createSession(session('s1'), [
        { board: board('b2', 's1', 1), initialUpdate: bytes(0, 0) },
        { board: board('b1', 's1', 0), initialUpdate: bytes(1, 2, 3) },
      ])
    })
    afterEach(() => h.cleanup())

    it('[S1] sessions and boards read back; unknown ids read as null', () => {
      expect(s.getSession('s1')).toEqual(session('s1'))
      expect(s.getSession('nope')).toBeNull()
      expect(s.getBoard('b1')).toEqual(board('b1', 's1', 0))
      expect(s.getBoard('nope')).toBeNull()
      expect(s.listBoards('s1').map((b) => b.id)).toEqual(['b1', 'b2'])
      expect(s.listBoards('nope')).toEqual([])
      s.createSession(session('s0', 500), [])
      expect(s.listSessions().map((x) => x.id)).toEqual(['s0', 's1'])
    })

    it('[S2] a session with a clashing board id is refused whole', () => {
      expect(() =>
        s.createSession(session('s2'), [
          { board: board('b3', 's2', 0), initialUpdate: bytes(0, 0) },
          { board: board('b1', 's2', 1), initialUpdate: bytes(0, 0) },
        ]),
      ).toThrow()
      expect(s.getSession('s2')).toBeNull()
      expect(s.getBoard('b3')).toBeNull()
      expect(s.getBoard('b1')?.sessionId).toBe('s1')
    })

    it('[S3] appended updates load in order, byte for byte, per board', () => {
      const a = s.appendUpdate('b1', bytes(4))
      s.appendUpdate('b2', bytes(5, 5))
      const c = s.appendUpdate('b1', bytes(6, 7))
      // Numbers increase per board (one store may number all boards in one series).
      expect(a).toBeLessThan(c)
      const l = s.loadBoard('b1')
      expect(l.snapshot).toBeNull()
      expect(l.updates.map((u) => plain(u.data))).toEqual([[1, 2, 3], [4], [6, 7]])
      expect(l.lastSeq).toBe(c)
      expect(l.logBytes).toBe(6)
      expect(l.corrupt).toBe(0)
      expect(s.loadBoard('b2').updates.map((u) => plain(u.data))).toEqual([
        [0, 0],
        [5, 5],
      ])
    })

    it('[S17] rows of several boards appended in one transaction load in order', () => {
      const before = s.appendUpdate('b1', bytes(4))
      const seqs = s.appendUpdates([
        { boardId: 'b2', data: bytes(5) },
        { boardId: 'b1', data: bytes(6) },
        { boardId: 'b1', data: bytes(7, 7) },
      ])
      expect(seqs).toHaveLength(3)
      // Numbers increase per board (one store may number all boards in one series).
      expect(before).toBeLessThan(seqs[1]!)
      expect(seqs[1]!).toBeLessThan(seqs[2]!)
      const l = s.loadBoard('b1')
      expect(l.updates.map((u) => plain(u.data))).toEqual([[1, 2, 3], [4], [6], [7, 7]])
      expect(l.lastSeq).toBe(seqs[2])
      expect(s.loadBoard('b2').updates.map((u) => plain(u.data))).toEqual([[0, 0], [5]])
      expect(s.appendUpdate('b2', bytes(8))).toBeGreaterThan(seqs[0]!)
    })

    it('[S4] an unknown board loads empty', () => {
      expect(s.loadBoard('nope')).toEqual({
        snapshot: null,
        updates: [],
        corrupt: 0,
        lastSeq: 0,
        logBytes: 0,
      })
    })

    it('[S5] compaction keeps the snapshot and deletes only rows up to its sequence', () => {
      const a = s.appendUpdate('b1', bytes(4))
      const b = s.appendUpdate('b1', bytes(5))
      s.appendUpdate('b2', bytes(9))
      s.compact('b1', bytes(42, 42), a)
      const l = s.loadBoard('b1')
      expect(l.snapshot && { seq: l.snapshot.seq, data: plain(l.snapshot.data) }).toEqual({
        seq: a,
        data: [42, 42],
      })
      expect(l.updates.map((u) => u.seq)).toEqual([b])
      expect(s.loadBoard('b2').updates).toHaveLength(2)
    })

    it('[S5b] a snapshot keeps the state vector stored with it', () => {
      const a = s.appendUpdate('b1', bytes(4))
      s.compact('b1', bytes(42), a, bytes(1, 7, 3))
      expect(plain(s.loadBoard('b1').snapshot!.stateVector!)).toEqual([1, 7, 3])
      s.compact('b1', bytes(43), a)
      expect(s.loadBoard('b1').snapshot!.stateVector).toBeNull()
    })

    it('[S6] sequence numbers keep increasing after the newest rows were compacted away', () => {
      const a = s.appendUpdate('b1', bytes(4))
      s.compact('b1', bytes(1), a)
      const b = s.appendUpdate('b1', bytes(5))
      expect(b).toBeGreaterThan(a)
      const l = s.loadBoard('b1')
      expect(l.updates.map((u) => plain(u.data))).toEqual([[5]])
      s.compact('b1', bytes(2), b)
      const again = s.loadBoard('b1')
      expect(plain(again.snapshot!.data)).toEqual([2])
      expect(again.updates).toEqual([])
      expect(again.lastSeq).toBe(b)
    })

    it('[S7] a corrupt row is skipped and counted; the rows around it still load', () => {
      const a = s.appendUpdate('b1', bytes(4))
      const b = s.appendUpdate('b1', bytes(5))
      const c = s.appendUpdate('b1', bytes(6))
      h.corruptRow(b, 'b1')
      const l = s.loadBoard('b1')
      expect(l.corrupt).toBe(1)
      expect(l.updates.map((u) => u.seq).slice(1)).toEqual([a, c])
      expect(l.updates.map((u) => plain(u.data))).toEqual([[1, 2, 3], [4], [6]])
      expect(l.lastSeq).toBe(c)
    })

    it('[S8] a corrupt snapshot is skipped and counted', () => {
      const a = s.appendUpdate('b1', bytes(4))
      s.compact('b1', bytes(7), a)
      s.appendUpdate('b1', bytes(8))
      h.corruptSnapshot('b1')
      const l = s.loadBoard('b1')
      expect(l.snapshot).toBeNull()
      expect(l.corrupt).toBe(1)
      expect(l.updates.map((u) => plain(u.data))).toEqual([[8]])
    })

    it('[S9] link generations start at 0 and rotate per scope, id and role', () => {
      expect(s.getGeneration('board', 'b1', 'participant')).toBe(0)
      expect(s.bumpGeneration('board', 'b1', 'participant')).toBe(1)
      expect(s.bumpGeneration('board', 'b1', 'participant')).toBe(2)
      expect(s.getGeneration('board', 'b1', 'participant')).toBe(2)
      expect(s.getGeneration('board', 'b1', 'observer')).toBe(0)
      expect(s.getGeneration('session', 'b1', 'participant')).toBe(0)
      expect(s.getGeneration('board', 'b2', 'participant')).toBe(0)
    })

    it('[S10] board figures round-trip; unknown boards have none', () => {
      const stats: BoardStats = {
        title: 'Breakout',
        notes: { total: 3, byColumn: { what: 2, parkingLot: 1 } },
        byLever: { 'finance-funding': 1, untagged: 2 },
        updatedAt: 1234,
      }
      expect(s.readStats('b1')).toBeNull()
      s.writeStats('b1', stats)
      expect(s.readStats('b1')).toEqual(stats)
      s.writeStats('b1', { ...stats, updatedAt: 99 })
      expect(s.readStats('b1')?.updatedAt).toBe(99)
    })

    it('[S13] a rebase replaces the snapshot, keeps later rows, and counts epochs', () => {
      expect(s.readRebase('b1')).toBeNull()
      expect(s.retiredClients('b1')).toEqual([])
      const a = s.appendUpdate('b1', bytes(4))
      const later = s.appendUpdate('b1', bytes(5))
      const w = { fresh: bytes(9), stateVector: bytes(1, 2), base: bytes(8, 8), retired: [7, 3] }
      expect(s.rebase('b1', { ...w, upToSeq: a })).toBe(1)
      const l = s.loadBoard('b1')
      expect(plain(l.snapshot!.data)).toEqual([9])
      expect(plain(l.snapshot!.stateVector!)).toEqual([1, 2])
      expect(l.updates.map((u) => u.seq)).toEqual([later])
      const r = s.readRebase('b1')!
      expect({ ...r, base: plain(r.base), rebasedAt: typeof r.rebasedAt }).toEqual({
        epoch: 1,
        base: [8, 8],
        retired: [7, 3],
        rebasedAt: 'number',
      })
      // The next epoch keeps every retired client, and only the newest base.
      expect(s.rebase('b1', { ...w, base: bytes(6), retired: [3, 11], upToSeq: later })).toBe(2)
      expect([...s.retiredClients('b1')].sort((x, y) => x - y)).toEqual([3, 7, 11])
      const r2 = s.readRebase('b1')!
      expect([r2.epoch, plain(r2.base), [...r2.retired].sort((x, y) => x - y)]).toEqual([
        2,
        [6],
        [3, 7, 11],
      ])
      expect(s.readRebase('b2')).toBeNull()
    })

    it('[S14] an erasure drops every row of the board, stores the new epoch, and refuses a stale plan', () => {
      const a = s.appendUpdate('b1', bytes(4))
      const other = s.appendUpdate('b2', bytes(5))
      s.compact('b1', bytes(7, 7), a)
      const last = s.appendUpdate('b1', bytes(6))
      const w = { fresh: bytes(9), stateVector: bytes(1), base: bytes(8), retired: [4] }
      // Planned before the last row: refused whole, nothing changed.
      expect(() => s.erase('b1', { ...w, upToSeq: a })).toThrow()
      expect(s.loadBoard('b1').updates.map((u) => u.seq)).toEqual([last])
      expect(s.readRebase('b1')).toBeNull()
      expect(s.erase('b1', { ...w, upToSeq: last })).toBe(1)
      const l = s.loadBoard('b1')
      expect(plain(l.snapshot!.data)).toEqual([9])
      expect(l.updates).toEqual([])
      expect(l.lastSeq).toBe(last)
      expect(s.readRebase('b1')).toMatchObject({ epoch: 1, retired: [4] })
      expect(plain(s.readRebase('b1')!.base)).toEqual([8])
      // Other boards keep their rows; later appends load after the new snapshot.
      expect(s.loadBoard('b2').updates.map((u) => u.seq)).toContain(other)
      const next = s.appendUpdate('b1', bytes(3))
      expect(s.loadBoard('b1').updates.map((u) => u.seq)).toEqual([next])
      expect(s.scrub()).toBe(true)
    })

    it('[S15] a session keeps its expiry and the time its boards were erased', () => {
      expect(s.getSession('s1')).toMatchObject({ expiresAt: null, erasedAt: null })
      s.createSession({ ...session('s3'), expiresAt: 5000 }, [])
      expect(s.getSession('s3')?.expiresAt).toBe(5000)
      s.setSessionExpiry('s1', 9000)
      s.markSessionErased('s3', 6000)
      expect(s.getSession('s1')).toMatchObject({ expiresAt: 9000, erasedAt: null })
      expect(s.listSessions().find((x) => x.id === 's3')).toMatchObject({
        expiresAt: 5000,
        erasedAt: 6000,
      })
      s.setSessionExpiry('s1', null)
      expect(s.getSession('s1')?.expiresAt).toBeNull()
    })

    it('[S16] a board added to a session later reads back with its update; one plenary per session', () => {
      const plenary: BoardRecord = { ...board('p1', 's1', 2), plenary: true }
      s.addBoard(plenary, bytes(9, 9))
      expect(s.getBoard('p1')).toEqual(plenary)
      expect(s.getBoard('b1')?.plenary).toBeUndefined()
      expect(s.listBoards('s1').map((b) => [b.id, b.plenary ?? false])).toEqual([
        ['b1', false],
        ['b2', false],
        ['p1', true],
      ])
      expect(s.loadBoard('p1').updates.map((u) => plain(u.data))).toEqual([[9, 9]])
      expect(() => s.addBoard({ ...board('p2', 's1', 3), plenary: true }, bytes(0, 0))).toThrow()
      expect(() => s.addBoard(board('b1', 's1', 4), bytes(0, 0))).toThrow()
      expect(() => s.addBoard(board('x1', 'nope', 0), bytes(0, 0))).toThrow()
      expect(s.getBoard('p2')).toBeNull()
      expect(s.getBoard('x1')).toBeNull()
      expect(s.listBoards('s1')).toHaveLength(3)
      // Another session has a plenary of its own.
      s.createSession(session('s2'), [
        { board: { ...board('p3', 's2', 0), plenary: true }, initialUpdate: bytes(0, 0) },
      ])
      expect(s.getBoard('p3')?.plenary).toBe(true)
    })

    peopleContractCases(() => ({ h, s }))

    it('[S11] a closed store refuses writes', () => {
      s.close()
      expect(() => s.appendUpdate('b1', bytes(1))).toThrow()
      expect(() => s.appendUpdates([{ boardId: 'b1', data: bytes(1) }])).toThrow()
    })

    it('[S12] everything survives closing and opening again', (ctx) => {
      if (!h.reopen) {
        ctx.skip()
        return
      }
      const a = s.appendUpdate('b1', bytes(4))
      s.compact('b1', bytes(7, 7), a)
      const b = s.appendUpdate('b1', bytes(8))
      s.bumpGeneration('session', 's1', 'facilitator')
      s.rebase('b2', {
        fresh: bytes(1),
        stateVector: bytes(0),
        base: bytes(2),
        retired: [5],
        upToSeq: 0,
      })
      s = h.reopen()
      expect(s.readRebase('b2')).toMatchObject({ epoch: 1, retired: [5] })
      expect(s.getSession('s1')?.title).toBe('Session s1')
      const l = s.loadBoard('b1')
      expect(plain(l.snapshot!.data)).toEqual([7, 7])
      expect(l.updates.map((u) => u.seq)).toEqual([b])
      expect(s.getGeneration('session', 's1', 'facilitator')).toBe(1)
      expect(s.appendUpdate('b1', bytes(9))).toBeGreaterThan(b)
    })
  })
}
