/**
 * Writes the server makes to a board itself (a session control, an erasure, retention's
 * erasure) run on the board's owner, as clients' edits do: here when this node owns the board
 * or takes it (free), else posted to the owner on the nodes' own route, signed like a forwarded
 * connection. One hop: an owner that lost the board meanwhile answers `board_moved` and the
 * caller asks again, a bounded number of times. On one node every write runs here.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import type * as z from 'zod/mini'
import { HttpError, readJson, sendJson } from '../http/respond'
import type { Router } from '../http/router'
import type { Cluster } from './cluster'

/** The nodes' own route; answers 404 to anything but another node of the cluster. */
export const ON_OWNER_PATH = '/internal/boards/:id/:op'
const MOVED = 'board_moved'
const TRIES = 3
const TIMEOUT_MS = 15_000

/**
 * The schema of a write's arguments, loaded when another node first posts one: on one node no
 * write crosses, and a start loads no schema library.
 */
export type LazySchema<A> = () => Promise<z.ZodMiniType<A>>

interface Op {
  schema: LazySchema<unknown>
  run(boardId: string, args: unknown): Promise<unknown>
}

/** A write defined once and called on any node. */
export type OnOwnerWrite<A, R> = (boardId: string, args: A) => Promise<R>

export class OnOwner {
  private readonly ops = new Map<string, Op>()

  constructor(private readonly cluster: Cluster | undefined) {}

  /**
   * A write named `name`: `run` applies it on the owner; `args` cross between nodes as JSON,
   * checked by `schema` on arrival, and so does the result.
   */
  define<A, R>(
    name: string,
    schema: LazySchema<A>,
    run: (boardId: string, args: A) => Promise<R>,
  ): OnOwnerWrite<A, R> {
    this.ops.set(name, { schema, run: run as Op['run'] })
    return (boardId, args) => this.call(name, boardId, args, run)
  }

  private async call<A, R>(
    name: string,
    boardId: string,
    args: A,
    run: (boardId: string, args: A) => Promise<R>,
  ): Promise<R> {
    const cluster = this.cluster
    if (!cluster) return run(boardId, args)
    for (let i = 0; i < TRIES; i++) {
      if (i > 0) await sleep(cluster.ownerPingMs)
      const route = await cluster.route(boardId).catch((e: Error) => {
        throw new HttpError(
          503,
          'board_unavailable',
          `The board's server is not known now: ${e.message}`,
        )
      })
      if (route.local) return run(boardId, args)
      const r = await fetch(`${route.url}/internal/boards/${encodeURIComponent(boardId)}/${name}`, {
        method: 'POST',
        headers: { ...cluster.forwardHeaders(null), 'content-type': 'application/json' },
        body: JSON.stringify(args),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      }).catch(() => null)
      // The owner did not answer (it may be going away, its lease with it): ask again.
      if (r === null) continue
      const body = (await r.json().catch(() => null)) as { error?: string; message?: string } | null
      if (r.ok) return body as R
      if (body?.error === MOVED) continue
      throw new HttpError(
        r.status,
        body?.error ?? 'internal',
        body?.message ?? 'The board’s server failed',
      )
    }
    throw new HttpError(503, 'board_unavailable', 'The board is moving between servers; try again')
  }

  /**
   * The route other nodes post to. `defineMore` loads the modules that define the other writes
   * (the HTTP API's, loaded on its first request): a node asked for one of those before anyone
   * asked it anything else must know it all the same.
   */
  routes(router: Router, defineMore: () => Promise<void>): void {
    router.on('POST', ON_OWNER_PATH, async ({ req, res, params }) => {
      const cluster = this.cluster
      if (!cluster || cluster.forwardedFor(req) === null)
        throw new HttpError(404, 'not_found', 'Nothing here')
      if (!this.ops.has(params.op!)) await defineMore()
      const op = this.ops.get(params.op!)
      if (!op) throw new HttpError(404, 'not_found', 'Nothing here')
      const args = await readJson(req, await op.schema())
      const route = await cluster.route(params.id!).catch(() => null)
      if (!route?.local) throw new HttpError(409, MOVED, 'Another node owns the board now')
      sendJson(res, 200, await op.run(params.id!, args))
    })
  }
}
