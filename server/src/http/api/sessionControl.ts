/**
 * Session-wide controls (the dashboard's "for every room" buttons): phase, timer, lock and
 * broadcast written by the server on every board of the session, persisted and relayed like
 * any write. Times are the server's clock [F8.1].
 */
import {
  API,
  BoardError,
  readMeta,
  readTimer,
  type SessionControl,
  type SessionControlAnswer,
  SessionControlBody,
  setBroadcast,
  setLocked,
  setPhase,
  setTimer,
  timerTransitions as T,
} from '@sensemaking/shared'
import type * as Y from 'yjs'
import type { z } from 'zod'
import { type ApiContext, requireSession } from '../context'
import { HttpError, readJson, requestToken, sendJson } from '../respond'
import type { Router } from '../router'

/** Apply one control to a board's document in one transaction. */
export function applyControl(doc: Y.Doc, c: SessionControl, now: number, origin: object): void {
  doc.transact(() => {
    if (c.phase !== undefined) setPhase(doc, c.phase, { origin })
    if (c.locked !== undefined) setLocked(doc, c.locked, { origin })
    if (c.broadcast !== undefined) {
      setBroadcast(
        doc,
        c.broadcast
          ? {
              message: c.broadcast,
              from: 'Facilitator',
              at: now,
              // What it was sent in, so it runs its course when these move on [F8.4].
              phase: readMeta(doc).phase,
              timerOn: readTimer(doc).status !== 'idle',
            }
          : null,
        {
          origin,
        },
      )
    }
    if (c.timer) {
      const t = readTimer(doc)
      const ms = 'minutes' in c.timer ? Math.round(c.timer.minutes * 60_000) : 0
      const next =
        c.timer.action === 'start'
          ? T.start(ms, now)
          : c.timer.action === 'add'
            ? T.addTime(t, ms, now)
            : c.timer.action === 'pause'
              ? T.pause(t, now)
              : c.timer.action === 'resume'
                ? T.resume(t, now)
                : T.stop()
      setTimer(doc, next, { origin })
    }
  }, origin)
}

/**
 * The boards a control reaches: the breakout rooms, as the plenary runs its own phase, timer
 * and lock [SE1.4]; or the boards named, the plenary too when named [SE5.1]. A name that is no
 * board of the session is refused before anything changes.
 */
function targets<B extends { id: string; plenary?: boolean }>(
  boards: readonly B[],
  named: readonly string[] | undefined,
): B[] {
  if (named === undefined) return boards.filter((b) => !b.plenary)
  const wanted = new Set(named)
  const found = boards.filter((b) => wanted.has(b.id))
  if (found.length < wanted.size)
    throw new HttpError(400, 'unknown_board', 'boards: one of them is no board of this session')
  return found
}

export function controlRoute(router: Router, ctx: ApiContext): void {
  router.on(API.sessionControl.method, API.sessionControl.path, async ({ req, res, params }) => {
    const roles = API.sessionControl.roles
    const { session } = requireSession(ctx, params.id!, requestToken(req), roles)
    const control = await readJson(req, SessionControlBody)
    let reached = 0
    for (const b of targets(ctx.storage.listBoards(session.id), control.boards)) {
      const room = await ctx.rooms.acquire(b.id)
      try {
        if (room.writeAsServer((doc, origin) => applyControl(doc, control, ctx.now(), origin)))
          reached++
      } catch (e) {
        // A board whose columns lack the phase keeps its own; the others still change.
        if (!(e instanceof BoardError)) throw e
      }
    }
    ctx.log.info({ sessionId: session.id, boards: reached }, 'session control applied')
    sendJson(res, 200, { boards: reached } satisfies z.infer<typeof SessionControlAnswer>)
  })
}
