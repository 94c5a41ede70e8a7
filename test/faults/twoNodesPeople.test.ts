/**
 * Who writes survives a failover [F14.7], [F14.8]: two server nodes on one PostgreSQL and one
 * Redis behind a load balancer. A board's history and the owners of its client ids are written
 * by its owner with the board's rows; the owner is SIGKILLed and the other node, taking the
 * board over, reads them from PostgreSQL.
 */
import { randomBytes } from 'node:crypto'
import {
  API,
  apiPath,
  createNote,
  NoteHistoryAnswer,
  notesMap,
  readBoard,
  setText,
} from '@sensemaking/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { encodeUpdate } from '../../server/src/protocol/messages'
import {
  type Balancer,
  Node,
  ownerOf,
  servicesMissing,
  startBalancer,
  startPostgres,
  startRedis,
  type TestPostgres,
  type TestRedis,
} from './cluster'
import { replicaOf, updateOf } from './hostileAttacks'
import { BoardClient, createBoards, type SignedPerson, signIn, waitFor } from './support'

const missing = servicesMissing({ postgres: true, redis: true })
/** As in the two-node suite: short, not so short that a busy machine loses live leases. */
const LEASE_MS = 3000
const signed = (p: SignedPerson) => ({ authorId: p.id, author: p.name, city: p.city })
const textOf = (c: BoardClient, id: string) => readBoard(c.doc).notes.find((n) => n.id === id)?.text

describe.skipIf(missing)('people across a failover', { timeout: 180_000 }, () => {
  let pg: TestPostgres
  let redis: TestRedis
  let nodes: Node[] = []
  let balancer: Balancer | null = null
  const clients: BoardClient[] = []
  const sockets: WebSocket[] = []

  beforeAll(async () => {
    ;[pg, redis] = await Promise.all([startPostgres(), startRedis()])
  }, 90_000)
  afterAll(async () => {
    for (const c of clients) c.destroy()
    for (const s of sockets) s.terminate()
    await balancer?.close()
    await Promise.all(nodes.map((n) => n.dispose()))
    await redis?.stop()
    pg?.stop()
  })

  it('[F14.8] [F14.7] the node that takes a board over reads its history and its owners of client ids from PostgreSQL', async () => {
    const env = { databaseUrl: pg.newDatabase(), redisUrl: redis.url, leaseMs: LEASE_MS }
    const adminToken = `admin-${randomBytes(12).toString('hex')}`
    nodes = [new Node(env, adminToken), new Node(env, adminToken)]
    for (const n of nodes) await n.start()
    const lb = await startBalancer(nodes)
    balancer = lb
    const [board] = await createBoards(nodes[0]!.server, 1)
    if (!board) throw new Error('no board')
    const [ana, bo, fia] = [
      await signIn(lb, 'Ana'),
      await signIn(lb, 'Bo'),
      await signIn(lb, 'Fia'),
    ]
    const open = async (syncUrl: string, token: string, name: string, p: SignedPerson) => {
      const c = new BoardClient({ syncUrl, board: board.id, token, name, person: p.credential })
      clients.push(c)
      await c.whenSynced(60_000)
      return c
    }
    const history = async (url: string) => {
      const res = await fetch(`${url}${apiPath(API.noteHistory, board.id)}?note=n`, {
        headers: { authorization: `Bearer ${board.facilitatorToken}` },
      })
      expect(res.status).toBe(200)
      return NoteHistoryAnswer.parse(await res.json()).changes
    }
    const a = await open(lb.syncUrl, board.token, 'ana', ana)
    const f = await open(lb.syncUrl, board.facilitatorToken, 'fia', fia)
    createNote(a.doc, { id: 'n', text: 'Shared bikes', column: 'what', ...signed(ana) })
    await waitFor('the note at the facilitator', () => textOf(f, 'n') === 'Shared bikes', 10_000)
    setText(f.doc, 'n', 'Bikes')
    await waitFor('the facilitator’s edit', () => textOf(a, 'n') === 'Bikes', 10_000)
    const owner = await ownerOf(nodes)
    const other = nodes.find((n) => n !== owner)!
    const before = await history(owner.url)
    expect(before.map((c) => [c.name, c.text])).toEqual([
      ['Ana', 'Shared bikes'],
      ['Fia', 'Bikes'],
    ])
    const anasId = a.doc.clientID
    for (const c of clients.splice(0)) c.destroy()

    await owner.server.kill()
    const reader = await open(other.syncUrl, board.facilitatorToken, 'reader', fia)
    await waitFor(
      'the other node to own the board',
      async () => (await other.owned()) === 1,
      30_000,
    )
    expect(await history(other.url)).toEqual(before)
    // Bo writes under the client id Ana's device wrote under on the dead owner: refused.
    const sendAs = (p: SignedPerson, update: Uint8Array) => {
      const q = `token=${encodeURIComponent(board.token)}&person=${encodeURIComponent(p.credential)}`
      const ws = new WebSocket(`${other.syncUrl}/${encodeURIComponent(board.id)}?${q}`)
      sockets.push(ws)
      // Still open after 10 s: the write was taken (the test fails on it, not on its bound).
      const closed = new Promise<number | 'open'>((resolve) => {
        ws.once('close', (code) => resolve(code))
        setTimeout(() => resolve('open'), 10_000).unref()
      })
      ws.once('open', () => ws.send(encodeUpdate(update)))
      return closed
    }
    const forged = replicaOf(reader.doc)
    forged.clientID = anasId
    const bos = updateOf(forged, (d) =>
      createNote(d, { id: 'forged', text: 'at Ana’s clocks', column: 'what', ...signed(bo) }),
    )
    expect(await sendAs(bo, bos)).toBe(4422)
    const again = replicaOf(reader.doc)
    again.clientID = anasId
    void sendAs(
      ana,
      updateOf(again, (d) =>
        createNote(d, { id: 'again', text: 'Ana again', column: 'what', ...signed(ana) }),
      ),
    )
    await waitFor('Ana’s note under her id', () => notesMap(reader.doc).has('again'), 10_000)
    expect(notesMap(reader.doc).has('forged')).toBe(false)
  })
})
