import { createNote } from '@sensemaking/shared'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { readStoredDoc } from '../rooms/loadDoc'
import { PgStorage } from '../storage/pg/pgStorage'
import { converge, newTestServer, type TestServer } from '../testing/newTestServer'
import { servicesMissing, startPostgres, type TestPostgres } from '../testing/services'
import { noteTexts as texts } from '../testing/texts'

const missing = servicesMissing({ postgres: true })

describe.skipIf(missing)('one server on PostgreSQL (DATABASE_URL)', () => {
  let pg: TestPostgres
  let t: TestServer | null = null
  beforeAll(async () => {
    pg = await startPostgres()
  }, 90_000)
  afterEach(async () => {
    await t?.close()
    t = null
  })
  afterAll(() => pg?.stop())

  const stored = (url: string, boardId: string) => {
    const s = new PgStorage({ url })
    try {
      return texts(readStoredDoc(s, boardId).doc)
    } finally {
      s.close()
    }
  }

  it('syncs real clients, stores every note in the database, and keeps links across a restart', async () => {
    const url = pg.newDatabase()
    t = await newTestServer({ databaseUrl: url })
    const s = await t.createSession()
    const board = s.boards[0]!
    const a = t.client(board.id, board.links.participant.token)
    const b = t.client(board.id, board.links.participant.token)
    await Promise.all([a.synced, b.synced])
    createNote(a.doc, { text: 'from Lahti', column: 'what' })
    createNote(b.doc, { text: 'from Umeå', column: 'so-what' })
    await converge([a.doc, b.doc], texts, (v) => v.length === 2)
    // Relayed means committed: the database holds what both clients see.
    expect(stored(url, board.id)).toEqual(['from Lahti', 'from Umeå'])
    const admin = t.server.adminToken
    await t.restart()
    // The token secret and the admin token are the database's, not the data dir's.
    expect(t.server.adminToken).toBe(admin)
    const c = t.client(board.id, board.links.participant.token)
    await c.synced
    expect(texts(c.doc)).toEqual(['from Lahti', 'from Umeå'])
  })

  it('a second server on another data dir takes the same links', async () => {
    const url = pg.newDatabase()
    t = await newTestServer({ databaseUrl: url })
    const s = await t.createSession()
    await t.close()
    t = await newTestServer({ databaseUrl: url })
    const board = s.boards[1]!
    const res = await t.fetch(`/api/boards/${board.id}/me`, { token: board.links.observer.token })
    expect(res.status).toBe(200)
    const c = t.client(board.id, board.links.facilitator.token)
    await c.synced
  })
})
