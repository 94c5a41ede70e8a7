/**
 * Two server nodes in this process on one PostgreSQL and one Redis (each real, started once
 * per test file), for the integration tests of several nodes. `useTwoNodes()` registers the
 * hooks that start the services and close every node after each test.
 */

import type { CreatedSession } from '@sensemaking/shared'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import type { ServerOptions } from '../server'
import { newTestServer, type TestClient, type TestServer } from './newTestServer'
import { startPostgres, startRedis, type TestPostgres, type TestRedis } from './services'
import { waitFor } from './waitFor'

export interface TwoNodes {
  /**
   * Two nodes on a fresh database (the first makes the schema and the shared secrets, the
   * second finds them), with a short lease.
   */
  start(leaseMs?: number, more?: Partial<ServerOptions>): Promise<readonly [TestServer, TestServer]>
  /** Another server on the last database: one node, no Redis (a one-node reading of it). */
  oneNode(): Promise<TestServer>
  /**
   * Two nodes and a session of two boards (`boards`: their titles), the first owned by node a
   * and the second by node b, each joined there by a participant.
   */
  boardsOwnedApart(boards?: string[]): Promise<BoardsApart>
  /**
   * Two nodes and a session of one board, joined by a participant on node a (which then owns
   * it) and by another on node b (forwarded to a).
   */
  boardOnBoth(): Promise<BoardOnBoth>
}

export interface BoardOnBoth {
  a: TestServer
  b: TestServer
  board: Board
  /** The participants' link. */
  token: string
  onA: TestClient
  onB: TestClient
}

type Board = CreatedSession['boards'][number]

export interface BoardsApart {
  a: TestServer
  b: TestServer
  s: CreatedSession
  one: Board
  two: Board
  /** A participant of `one` on node a, and of `two` on node b. */
  onA: TestClient
  onB: TestClient
}

export function useTwoNodes(): TwoNodes {
  let pg: TestPostgres
  let redis: TestRedis
  let nodes: TestServer[] = []
  let databaseUrl = ''
  beforeAll(async () => {
    ;[pg, redis] = await Promise.all([startPostgres(), startRedis()])
  }, 90_000)
  afterEach(async () => {
    await Promise.all(nodes.map((n) => n.close()))
    nodes = []
  })
  afterAll(async () => {
    await redis?.stop()
    pg?.stop()
  })
  return {
    async start(leaseMs = 1500, more = {}) {
      databaseUrl = pg.newDatabase()
      const a = await newTestServer({ databaseUrl, redisUrl: redis.url, leaseMs, ...more })
      nodes.push(a)
      const b = await newTestServer({ databaseUrl, redisUrl: redis.url, leaseMs, ...more })
      nodes.push(b)
      // A node listens before its Redis connection is up (a connection meanwhile is told to
      // retry); a test that routes a board by hand waits for both, as a client would retry.
      for (const n of [a, b]) {
        await waitFor(() => n.server.cluster?.ping() ?? false, 10_000, 'the node to reach Redis')
      }
      return [a, b] as const
    },
    async boardsOwnedApart(boards) {
      const [a, b] = await this.start()
      const s = await a.createSession({ boards: boards ?? 2 })
      const [one, two] = s.boards as [Board, Board]
      const onA = a.client(one.id, one.links.participant.token)
      await onA.synced
      const onB = b.client(two.id, two.links.participant.token)
      await onB.synced
      expect([a.server.cluster!.owned, b.server.cluster!.owned]).toEqual([1, 1])
      return { a, b, s, one, two, onA, onB }
    },
    async boardOnBoth() {
      const [a, b] = await this.start()
      const board = (await a.createSession()).boards[0]!
      const token = board.links.participant.token
      const onA = a.client(board.id, token)
      await onA.synced
      const onB = b.client(board.id, token)
      await onB.synced
      expect([a.server.cluster!.owned, b.server.cluster!.owned]).toEqual([1, 0])
      return { a, b, board, token, onA, onB }
    },
    async oneNode() {
      const one = await newTestServer({ databaseUrl })
      nodes.push(one)
      return one
    },
  }
}
