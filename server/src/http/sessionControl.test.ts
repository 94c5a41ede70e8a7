/**
 * POST /api/sessions/:id/control on the real server with real y-websocket clients: a control
 * reaches every board of its session (idle ones too, persisted), never another session's.
 */
import type { CreatedSession } from '@sensemaking/shared'
import { readBroadcast, readMeta, readTimer } from '@sensemaking/shared'
import { afterEach, describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { newTestServer, type TestClient, type TestServer } from '../testing/newTestServer'
import { waitFor } from '../testing/waitFor'

let t: TestServer
afterEach(async () => {
  await t?.close()
})

const control = (s: CreatedSession, body: unknown, token = s.links.facilitator.token) =>
  t.fetch(`/api/sessions/${s.id}/control`, {
    method: 'POST',
    token,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

/** What a facilitator set on a board, as its replica reads it. */
const state = (doc: Y.Doc) => {
  const meta = readMeta(doc)
  return {
    phase: meta.phase,
    locked: meta.locked,
    broadcast: readBroadcast(doc)?.message ?? null,
    timer: readTimer(doc).status,
  }
}

async function connected(boardId: string, token: string): Promise<TestClient> {
  const c = t.client(boardId, token)
  await c.synced
  return c
}

describe('POST /api/sessions/:id/control', () => {
  it('reaches every board of the session, idle ones included, and no other session', async () => {
    t = await newTestServer({ limits: { idleUnloadMs: 50 } })
    const a = await t.createSession({ title: 'Cluster A', boards: ['Energy', 'Mobility', 'Food'] })
    const b = await t.createSession({ title: 'Cluster B', boards: 1 })
    // Two rooms of A have people in them; the third is idle (not in memory).
    const inA = [
      await connected(a.boards[0]!.id, a.links.participant.token),
      await connected(a.boards[1]!.id, a.boards[1]!.links.observer.token),
    ]
    const inB = await connected(b.boards[0]!.id, b.links.participant.token)
    await waitFor(() => t.server.rooms.get(a.boards[2]!.id) === undefined, 5000, 'idle board out')

    const before = Date.now()
    const res = await control(a, {
      phase: 'so-what',
      locked: true,
      broadcast: 'Back to the plenary in two minutes',
      timer: { action: 'start', minutes: 5 },
    })
    const after = Date.now()
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ boards: 3 })

    const want = {
      phase: 'so-what',
      locked: true,
      broadcast: 'Back to the plenary in two minutes',
      timer: 'running',
    }
    for (const c of inA) {
      await waitFor(() => JSON.stringify(state(c.doc)) === JSON.stringify(want), 5000, 'control')
      // The timer runs on the server's clock: it ends five minutes after the request.
      const timer = readTimer(c.doc)
      if (timer.status !== 'running') throw new Error('timer not running')
      expect(timer.durationMs).toBe(300_000)
      expect(timer.endsAt).toBeGreaterThanOrEqual(before + 300_000)
      expect(timer.endsAt).toBeLessThanOrEqual(after + 300_000)
    }

    // The dashboard reads each room's state from the session API: the idle room's (unloaded
    // again) from its stored figures, without loading it.
    await waitFor(() => t.server.rooms.get(a.boards[2]!.id) === undefined, 5000, 'idle again')
    const detail = (await (
      await t.fetch(`/api/sessions/${a.id}`, { token: a.links.facilitator.token })
    ).json()) as { boards: Array<{ id: string; state: unknown }> }
    expect(detail.boards).toHaveLength(3)
    for (const board of detail.boards) {
      expect([board.id, board.state]).toMatchObject([
        board.id,
        { phase: 'so-what', locked: true, timer: { status: 'running', durationMs: 300_000 } },
      ])
    }
    expect(t.server.rooms.get(a.boards[2]!.id)).toBeUndefined()

    // The idle board was written and stored: it holds the control after a restart.
    await t.restart()
    const food = await connected(a.boards[2]!.id, a.boards[2]!.links.facilitator.token)
    expect(state(food.doc)).toEqual(want)

    // The other session's board kept its own settings, live and stored.
    const fresh = await connected(b.boards[0]!.id, b.links.facilitator.token)
    const untouched = { phase: null, locked: false, broadcast: null, timer: 'idle' }
    expect(state(fresh.doc)).toEqual(untouched)
    await waitFor(() => inB.provider.synced, 5000, 'the other session reconnected')
    expect(state(inB.doc)).toEqual(untouched)
  })

  it('drives the timer (pause, +1 minute, resume, stop) and clears phase, lock and message', async () => {
    t = await newTestServer()
    const s = await t.createSession({ boards: 2 })
    const rooms = await Promise.all(
      s.boards.map((board) => connected(board.id, s.links.participant.token)),
    )
    const everywhere = async (what: string, ok: (doc: Y.Doc) => boolean) => {
      for (const c of rooms) await waitFor(() => ok(c.doc), 5000, `${what} on every board`)
    }
    const post = async (body: unknown) => {
      const res = await control(s, body)
      expect(res.status).toBe(200)
      expect(await res.json()).toEqual({ boards: 2 })
    }

    await post({ timer: { action: 'start', minutes: 3 }, phase: 'what', broadcast: 'Write alone' })
    await everywhere('a running timer', (d) => readTimer(d).status === 'running')
    // [F8.4] The message keeps the phase it was sent in (set by the same control, before it).
    for (const c of rooms)
      expect(readBroadcast(c.doc)).toMatchObject({ phase: 'what', timerOn: false })
    await post({ timer: { action: 'pause' } })
    await everywhere('a paused timer', (d) => readTimer(d).status === 'paused')
    // Each board paused at its own moment of the request: keep each one's remaining time.
    const remaining = rooms.map((c) => {
      const x = readTimer(c.doc)
      if (x.status !== 'paused') throw new Error('not paused')
      expect(x.remainingMs).toBeGreaterThan(0)
      expect(x.remainingMs).toBeLessThanOrEqual(180_000)
      return x.remainingMs
    })

    await post({ timer: { action: 'add', minutes: 1 } })
    for (const [i, c] of rooms.entries()) {
      await waitFor(
        () => {
          const x = readTimer(c.doc)
          return x.status === 'paused' && x.remainingMs === remaining[i]! + 60_000
        },
        5000,
        'a minute more',
      )
    }
    await post({ timer: { action: 'resume' } })
    await everywhere('a resumed timer', (d) => readTimer(d).status === 'running')
    await post({ timer: { action: 'stop' }, phase: null, broadcast: null, locked: false })
    await everywhere(
      'everything cleared',
      (d) =>
        JSON.stringify(state(d)) ===
        JSON.stringify({ phase: null, locked: false, broadcast: null, timer: 'idle' }),
    )
  })

  it('answers 404 alike for an unknown session and for tokens that are not its facilitator', async () => {
    t = await newTestServer()
    const s = await t.createSession({ boards: 1 })
    const other = await t.createSession({ boards: 1 })
    const room = await connected(s.boards[0]!.id, s.links.participant.token)
    const body = JSON.stringify({ locked: true })
    const answers = await Promise.all(
      [
        [s.id, s.links.participant.token],
        [s.id, s.boards[0]!.links.facilitator.token],
        [s.id, other.links.facilitator.token],
        [s.id, 'not-a-token'],
        [s.id, undefined],
        ['no-such-session', s.links.facilitator.token],
      ].map(async ([id, token]) => {
        const r = await t.fetch(`/api/sessions/${id}/control`, { method: 'POST', token, body })
        return JSON.stringify([r.status, await r.json()])
      }),
    )
    expect(new Set(answers).size).toBe(1)
    expect(JSON.parse(answers[0]!)[0]).toBe(404)
    // Nothing was written: a fresh replica still reads the board unlocked.
    const fresh = await connected(s.boards[0]!.id, s.links.facilitator.token)
    expect(readMeta(fresh.doc).locked).toBe(false)
    expect(readMeta(room.doc).locked).toBe(false)
  })

  it('refuses a malformed body with 400 and a one-line message', async () => {
    t = await newTestServer()
    const s = await t.createSession({ boards: 1 })
    for (const body of [
      'not json',
      { locked: 'yes' },
      { timer: { action: 'start' } },
      { timer: { action: 'rewind' } },
      { timer: { action: 'start', minutes: -1 } },
      { phase: 42 },
    ]) {
      const res = await control(s, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      const answer = (await res.json()) as { error: string; message: string }
      expect(answer.error).toBe('bad_request')
      expect(answer.message).not.toContain('\n')
    }
  })
})
