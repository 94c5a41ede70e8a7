/**
 * Every JSON answer of the HTTP API, from a real server, fits its shared schema exactly: the
 * schema keeps every field the server sends (nothing undeclared) and accepts its types, so the
 * browser, which parses answers with these schemas, reads what the server means. Every route of
 * the shared table is registered with its method.
 */
import {
  API,
  apiPath,
  BoardMeAnswer,
  ClientConfigAnswer,
  CopyStatusesAnswer,
  CreatedSessionAnswer,
  createNote,
  ID_PATTERN,
  PlenaryAnswer,
  type Role,
  SendToPlenaryAnswer,
  SessionControlAnswer,
  SessionDetailAnswer,
  SessionLiveAnswer,
  SessionMeAnswer,
} from '@sensemaking/shared'
import { afterEach, describe, expect, it } from 'vitest'
import type * as z from 'zod/mini'
import { newTestServer, type TestServer } from '../testing/newTestServer'
import { waitFor } from '../testing/waitFor'

let t: TestServer
afterEach(async () => {
  await t?.close()
})

/** The answer parsed, and parsed again as the server sent it: equal when nothing was dropped. */
async function exactly<S extends z.ZodMiniType>(res: Response, schema: S): Promise<z.infer<S>> {
  const body: unknown = await res.json()
  const parsed = schema.parse(body)
  expect(parsed).toEqual(body)
  return parsed
}

describe('the HTTP API’s answers fit the shared schemas', () => {
  it('config, sessions, boards and control answer in their schemas’ shapes', async () => {
    t = await newTestServer()
    const created = await exactly(
      await t.fetch(API.createSession.path, {
        method: 'POST',
        token: t.server.adminToken,
        body: JSON.stringify({ title: 'Schemas', boards: ['One', 'Two'] }),
      }),
      CreatedSessionAnswer,
    )
    expect(created.id).toMatch(ID_PATTERN)
    for (const b of created.boards) expect(b.id).toMatch(ID_PATTERN)
    const board = created.boards[0]!
    const fac = created.links.facilitator.token

    await exactly(await t.fetch(apiPath(API.config)), ClientConfigAnswer)
    const me = await exactly(
      await t.fetch(apiPath(API.boardMe, board.id), { token: board.links.observer.token }),
      BoardMeAnswer,
    )
    expect(me.role).toBe('observer')
    await exactly(
      await t.fetch(apiPath(API.sessionMe, created.id), { token: fac }),
      SessionMeAnswer,
    )
    const detail = await exactly(
      await t.fetch(apiPath(API.session, created.id), { token: fac }),
      SessionDetailAnswer,
    )
    expect(detail.boards.map((b) => b.name)).toEqual(['One', 'Two'])
    await exactly(
      await t.fetch(apiPath(API.sessionControl, created.id), {
        method: 'POST',
        token: fac,
        body: JSON.stringify({ locked: true }),
      }),
      SessionControlAnswer,
    )
  })

  it('the plenary and the live view answer in their schemas’ shapes (SESSION-SPEC)', async () => {
    t = await newTestServer()
    const created = await exactly(
      await t.fetch(API.createSession.path, {
        method: 'POST',
        token: t.server.adminToken,
        body: JSON.stringify({ title: 'Schemas', boards: ['One'], plenary: true }),
      }),
      CreatedSessionAnswer,
    )
    const [room, plenary] = [created.boards[0]!, created.boards[1]!]
    expect(plenary.plenary).toBe(true)
    const fac = created.links.facilitator.token
    const other = await t.createSession({ boards: 1 })
    await exactly(
      await t.fetch(apiPath(API.addPlenary, other.id), {
        method: 'POST',
        token: other.links.facilitator.token,
        body: '{}',
      }),
      PlenaryAnswer,
    )
    const c = t.client(room.id, room.links.participant.token)
    await c.synced
    const note = createNote(c.doc, { text: 'Heat pumps', column: 'what' })
    let sent: z.infer<typeof SendToPlenaryAnswer> | null = null
    await waitFor(async () => {
      sent = await exactly(
        await t.fetch(apiPath(API.sendToPlenary, plenary.id), {
          method: 'POST',
          token: fac,
          body: JSON.stringify({ from: room.id, notes: [note] }),
        }),
        SendToPlenaryAnswer,
      )
      return sent.summary.sent === 1
    })
    await exactly(
      await t.fetch(apiPath(API.copyStatuses, plenary.id), { token: fac }),
      CopyStatusesAnswer,
    )
    const me = await exactly(
      await t.fetch(apiPath(API.boardMe, plenary.id), { token: fac }),
      BoardMeAnswer,
    )
    expect(me.plenary?.id).toBe(plenary.id)
    await exactly(
      await t.fetch(apiPath(API.sessionMe, created.id), { token: fac }),
      SessionMeAnswer,
    )
    await exactly(
      await t.fetch(apiPath(API.session, created.id), { token: fac }),
      SessionDetailAnswer,
    )
    const live = await exactly(
      await t.fetch(apiPath(API.sessionLive, created.id), { token: fac }),
      SessionLiveAnswer,
    )
    expect(live.boards.map((b) => b.plenary ?? false)).toEqual([false, true])
  })

  it('each route of the table answers its method, and only its roles get past the one 404', async () => {
    t = await newTestServer()
    const s = await t.createSession({ boards: 1 })
    const b = s.boards[0]!
    for (const route of Object.values(API)) {
      const id = route.path.startsWith('/api/boards/') ? b.id : s.id
      const other = route.method === 'GET' ? 'POST' : 'GET'
      const wrong = await t.fetch(apiPath(route, id), {
        method: other,
        token: s.links.facilitator.token,
      })
      expect([404, 405], `${other} ${route.path}`).toContain(wrong.status)
      if (!('roles' in route)) continue
      // A board's observer link: 404 unless the route lets observers in.
      const res = await t.fetch(apiPath(route, id, { format: 'json' }), {
        method: route.method,
        token: b.links.observer.token,
        body: route.method === 'POST' ? JSON.stringify({ role: 'participant' }) : undefined,
      })
      const roles: readonly Role[] = route.roles
      const allowed = roles.includes('observer') && route.path.startsWith('/api/boards/')
      // The one answer for no access (a rebased board's base has a 404 of its own).
      const denied =
        res.status === 404 && ((await res.json()) as { error?: string }).error === 'not_found'
      expect(denied, `${route.method} ${route.path}`).toBe(!allowed)
    }
  })
})
