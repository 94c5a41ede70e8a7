import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { servicesMissing, startPostgres, type TestPostgres } from '../../testing/services'
import { storageContractSuite } from '../storageContract'
import type { BoardStorage } from '../types'
import { FencedWrite, PgStorage, SCRUBBED_TABLES } from './pgStorage'
import { SyncPg } from './syncPg'

const missing = servicesMissing({ postgres: true })

describe.skipIf(missing)('PostgreSQL storage', () => {
  let pg: TestPostgres
  beforeAll(async () => {
    pg = await startPostgres()
  }, 90_000)
  afterAll(() => pg?.stop())

  /** Run one statement on a database from outside the store under test. */
  const exec = (url: string, text: string, values?: unknown[]) => {
    const c = new SyncPg({ url })
    try {
      return c.query(text, values)
    } finally {
      c.close()
    }
  }

  storageContractSuite('PostgreSQL', () => {
    const url = pg.newDatabase()
    let storage: BoardStorage = new PgStorage({ url })
    return {
      get storage() {
        return storage
      },
      corruptRow: (seq, boardId) =>
        exec(url, 'UPDATE updates SET data = $1 WHERE board_id = $2 AND seq = $3', [
          Uint8Array.of(1, 2, 3),
          boardId,
          seq,
        ]),
      corruptSnapshot: (boardId) =>
        exec(url, 'UPDATE snapshots SET data = $1 WHERE board_id = $2', [
          Uint8Array.of(9),
          boardId,
        ]),
      reopen() {
        storage.close()
        storage = new PgStorage({ url })
        return storage
      },
      cleanup() {
        storage.close()
      },
    }
  })

  const session = (s: BoardStorage, boardId: string) =>
    s.createSession({ id: `s-${boardId}`, title: 'S', template: 'w3', createdAt: 1 }, [
      {
        board: { id: boardId, sessionId: `s-${boardId}`, name: boardId, position: 0, createdAt: 1 },
        initialUpdate: Uint8Array.of(0, 0),
      },
    ])
  const data = (s: BoardStorage, boardId: string) =>
    s.loadBoard(boardId).updates.map((u) => [...u.data])

  describe('fencing and sequence numbers', () => {
    const open: PgStorage[] = []
    const store = (url: string, fenced = true) => {
      const s = new PgStorage({ url, fenced })
      open.push(s)
      return s
    }
    afterAll(() => {
      for (const s of open) s.close()
    })

    it('numbers each board on its own, in commit order, and counts on after compaction', () => {
      const s = store(pg.newDatabase(), false)
      session(s, 'a')
      session(s, 'b')
      expect([
        s.appendUpdate('a', Uint8Array.of(1)),
        s.appendUpdate('b', Uint8Array.of(2)),
      ]).toEqual([2, 2])
      s.compact('a', Uint8Array.of(7), 2)
      expect(s.appendUpdate('a', Uint8Array.of(3))).toBe(3)
    })

    it('refuses a write of a board this node has not claimed', () => {
      const s = store(pg.newDatabase())
      session(s, 'a')
      expect(() => s.appendUpdate('a', Uint8Array.of(1))).toThrow(FencedWrite)
      expect(s.claim('a', 1)).toBe(true)
      s.loadBoard('a')
      expect(s.appendUpdate('a', Uint8Array.of(1))).toBe(2)
    })

    it("refuses the writes of an owner whose epoch was taken over, and keeps the new owner's", () => {
      const url = pg.newDatabase()
      const fenced: string[] = []
      const old = new PgStorage({ url, fenced: true, onFenced: (b) => fenced.push(b) })
      open.push(old)
      const next = store(url)
      session(old, 'a')
      expect(old.claim('a', 1)).toBe(true)
      old.loadBoard('a')
      old.appendUpdate('a', Uint8Array.of(1))
      // The other node takes the board (its lease moved on) and reads it.
      expect(next.claim('a', 2)).toBe(true)
      expect(next.loadBoard('a').lastSeq).toBe(2)
      expect(() => old.appendUpdate('a', Uint8Array.of(66))).toThrow(FencedWrite)
      expect(() => old.compact('a', Uint8Array.of(66), 2)).toThrow(FencedWrite)
      expect(fenced).toEqual(['a', 'a'])
      expect(next.appendUpdate('a', Uint8Array.of(2))).toBe(3)
      // An old epoch cannot claim back, nor can the current one be claimed twice (a Redis
      // restarted without its counters hands an epoch out again, maybe to another node).
      expect(old.claim('a', 1)).toBe(false)
      expect(old.claim('a', 2)).toBe(false)
      expect(() => old.appendUpdate('a', Uint8Array.of(67))).toThrow(FencedWrite)
      expect(data(next, 'a')).toEqual([[0, 0], [1], [2]])
    })

    it('[S17] fences a group of rows by each board: one taken over stores none of the group', () => {
      const url = pg.newDatabase()
      const old = store(url)
      const next = store(url)
      session(old, 'a')
      session(old, 'b')
      expect(old.claim('a', 1) && old.claim('b', 1)).toBe(true)
      old.loadBoard('a')
      old.loadBoard('b')
      expect(
        old.appendUpdates([
          { boardId: 'a', data: Uint8Array.of(1) },
          { boardId: 'b', data: Uint8Array.of(2) },
          { boardId: 'a', data: Uint8Array.of(3) },
        ]),
      ).toEqual([2, 2, 3])
      // Another node takes b: a group holding a row of b is refused whole.
      expect(next.claim('b', 2)).toBe(true)
      next.loadBoard('b')
      expect(() =>
        old.appendUpdates([
          { boardId: 'a', data: Uint8Array.of(4) },
          { boardId: 'b', data: Uint8Array.of(66) },
        ]),
      ).toThrow()
      // Alone (as the group commit tries each board after), b is fenced and a is stored.
      expect(() =>
        old.appendUpdates([
          { boardId: 'b', data: Uint8Array.of(66) },
          { boardId: 'b', data: Uint8Array.of(67) },
        ]),
      ).toThrow(FencedWrite)
      expect(() => old.appendUpdates([{ boardId: 'b', data: Uint8Array.of(66) }])).toThrow(
        FencedWrite,
      )
      expect(old.appendUpdates([{ boardId: 'a', data: Uint8Array.of(4) }])).toEqual([4])
      expect(next.appendUpdates([{ boardId: 'b', data: Uint8Array.of(5) }])).toEqual([3])
      expect(data(next, 'a')).toEqual([[0, 0], [1], [3], [4]])
      expect(data(next, 'b')).toEqual([[0, 0], [2], [5]])
    })

    it('[S18] fences the records of who writes like the rows: an owner taken over stores neither', () => {
      const url = pg.newDatabase()
      const old = store(url)
      const next = store(url)
      session(old, 'a')
      expect(old.claim('a', 1)).toBe(true)
      old.loadBoard('a')
      const owner = { kind: 'owner' as const, boardId: 'a', client: 7, owner: 'person|p-old' }
      expect(old.appendTurn([{ boardId: 'a', data: Uint8Array.of(1) }], [owner])).toEqual([2])
      expect(next.claim('a', 2)).toBe(true)
      next.loadBoard('a')
      const late = { ...owner, client: 8 }
      // Records alone: refused by the fence in the database (the old owner still thinks it owns
      // the board); then, with a row, refused before anything is sent.
      expect(() => old.appendTurn([], [late])).toThrow(FencedWrite)
      expect(() => old.appendTurn([{ boardId: 'a', data: Uint8Array.of(2) }], [late])).toThrow(
        FencedWrite,
      )
      expect(next.readClientOwners('a')).toEqual([{ client: 7, owner: 'person|p-old' }])
      expect(next.appendTurn([], [{ ...late, owner: 'person|p-new' }])).toEqual([])
      expect(next.readClientOwners('a')).toHaveLength(2)
    })

    it('compaction deletes only the rows its snapshot merged', () => {
      const url = pg.newDatabase()
      const s = store(url)
      session(s, 'a')
      s.claim('a', 5)
      const loaded = s.loadBoard('a')
      const a = s.appendUpdate('a', Uint8Array.of(1))
      const b = s.appendUpdate('a', Uint8Array.of(2))
      expect([loaded.lastSeq, a, b]).toEqual([1, 2, 3])
      s.compact('a', Uint8Array.of(9), a)
      const l = s.loadBoard('a')
      expect(l.snapshot?.seq).toBe(a)
      expect(l.updates.map((u) => [u.seq, ...u.data])).toEqual([[b, 2]])
    })

    it('[R3] a scrub vacuums every table an erasure deletes from, the change history included', () => {
      const url = pg.newDatabase()
      const s = store(url, false)
      session(s, 'a')
      const vacuumed = () =>
        exec(
          url,
          'SELECT relname FROM pg_stat_user_tables WHERE last_vacuum IS NOT NULL ORDER BY relname',
        ).map((r) => (r as { relname: string }).relname)
      expect(vacuumed()).toEqual([])
      expect(s.scrub()).toBe(true)
      // The statistics collector reports a vacuum a moment after it ends.
      let seen: string[] = []
      for (let i = 0; i < 50 && seen.length < SCRUBBED_TABLES.length; i++) {
        seen = vacuumed()
        if (seen.length < SCRUBBED_TABLES.length)
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100)
      }
      expect(seen).toEqual([...SCRUBBED_TABLES].sort())
    })

    it('makes a shared secret once, the same for every node', () => {
      const url = pg.newDatabase()
      const one = store(url, false)
      const two = store(url, false)
      const a = one.sharedSecret('token', () => 'first')
      const b = two.sharedSecret('token', () => 'second')
      expect([a, b]).toEqual(['first', 'first'])
    })

    it('fails with a clear error, not a hang, when the database is gone', () => {
      expect(
        () => new PgStorage({ url: 'postgres://postgres@127.0.0.1:1/none', timeoutMs: 2000 }),
      ).toThrow(/ECONNREFUSED|connect/)
    })
  })
})
