import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createNote, HarvestSchema, readBoard, SessionHarvestSchema } from '@sensemaking/shared'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { newTestServer, type TestServer } from '../testing/newTestServer'
import { waitFor } from '../testing/waitFor'

let t: TestServer
afterEach(async () => {
  await t?.close()
})

const TOKEN = /^[A-Za-z0-9_-]{32}$/
const link = (kind: 'b' | 's', id: string) =>
  expect.objectContaining({
    url: expect.stringMatching(
      new RegExp(`^http://127\\.0\\.0\\.1:\\d+/${kind}/${id}#t=[A-Za-z0-9_-]{32}$`),
    ),
    token: expect.stringMatching(TOKEN),
  })

describe('HTTP API', () => {
  it('POST /api/sessions answers 201 with exactly the shape of its shared schema', async () => {
    t = await newTestServer()
    const res = await t.fetch('/api/sessions', {
      method: 'POST',
      token: t.server.adminToken,
      body: JSON.stringify({
        title: 'Cluster 3: financing',
        boards: ['Bristol room', 'Dijon room'],
      }),
    })
    expect(res.status).toBe(201)
    const body = (await res.json()) as Record<string, unknown> & {
      id: string
      boards: { id: string }[]
    }
    expect(Object.keys(body).sort()).toEqual(['boards', 'id', 'links', 'template', 'title'])
    expect(body).toEqual({
      id: expect.any(String),
      title: 'Cluster 3: financing',
      template: 'w3',
      links: { facilitator: link('s', body.id), participant: link('s', body.id) },
      boards: [
        {
          id: expect.any(String),
          name: 'Bristol room',
          links: {
            facilitator: link('b', body.boards[0]!.id),
            participant: link('b', body.boards[0]!.id),
            observer: link('b', body.boards[0]!.id),
          },
        },
        {
          id: expect.any(String),
          name: 'Dijon room',
          links: {
            facilitator: link('b', body.boards[1]!.id),
            participant: link('b', body.boards[1]!.id),
            observer: link('b', body.boards[1]!.id),
          },
        },
      ],
    })
  })

  it('builds links from PUBLIC_URL and takes a count of boards and a template', async () => {
    t = await newTestServer({ publicUrl: 'https://boards.example.org/' })
    const s = await t.createSession({ boards: 3, template: 'retro' })
    expect(s.boards.map((b) => b.name)).toEqual(['Breakout 1', 'Breakout 2', 'Breakout 3'])
    expect(s.template).toBe('retro')
    expect(s.links.participant.url).toBe(
      `https://boards.example.org/s/${s.id}#t=${s.links.participant.token}`,
    )
  })

  it.each<[string, unknown, number, string]>([
    ['no title', { boards: 2 }, 400, 'bad_request'],
    ['zero boards', { title: 'x', boards: 0 }, 400, 'bad_request'],
    ['an unknown template', { title: 'x', boards: 1, template: 'kanban' }, 400, 'bad_request'],
    ['not JSON', 'nope{', 400, 'bad_request'],
  ])('refuses a session with %s as a JSON error', async (_n, body, status, error) => {
    t = await newTestServer()
    const res = await t.fetch('/api/sessions', {
      method: 'POST',
      token: t.server.adminToken,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })
    expect(res.status).toBe(status)
    expect(await res.json()).toEqual({ error, message: expect.any(String) })
  })

  it('refuses to create a session without the admin token', async () => {
    t = await newTestServer()
    const res = await t.fetch('/api/sessions', {
      method: 'POST',
      token: 'not-the-admin',
      body: JSON.stringify({ title: 'x', boards: 1 }),
    })
    expect(res.status).toBe(401)
    expect(((await res.json()) as { error: string }).error).toBe('unauthorized')
  })

  it('answers an unknown board and a wrong token with the same 404', async () => {
    t = await newTestServer()
    const s = await t.createSession()
    const board = s.boards[0]!
    const answers = await Promise.all(
      [
        [`/api/boards/${board.id}/me`, 'wrong-token'],
        ['/api/boards/unknown/me', board.links.facilitator.token],
        [`/api/boards/${board.id}/me`, undefined],
        [`/api/sessions/${s.id}`, board.links.facilitator.token],
        ['/api/sessions/unknown', s.links.facilitator.token],
        [`/api/boards/${board.id}/harvest`, board.links.participant.token],
      ].map(async ([path, token]) => {
        const r = await t.fetch(path!, { token })
        return [r.status, await r.text()]
      }),
    )
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1)
    expect(answers[0]![0]).toBe(404)
  })

  it('GET /api/sessions/:id lists live figures without loading idle boards', async () => {
    t = await newTestServer({ limits: { idleUnloadMs: 10 } })
    const s = await t.createSession()
    const board = s.boards[0]!
    const c = t.client(board.id, board.links.participant.token)
    await c.synced
    createNote(c.doc, { text: 'a', column: 'what', lever: 'finance-funding', authorId: 'u-c' })
    createNote(c.doc, { text: 'b', column: null, authorId: 'u-c' })
    const get = async () =>
      (await (
        await t.fetch(`/api/sessions/${s.id}`, { token: s.links.facilitator.token })
      ).json()) as {
        id: string
        createdAt: number
        links: unknown
        boards: {
          id: string
          online: number
          notes: { total: number; byColumn: Record<string, number> }
          byLever: Record<string, number>
          byLeverColumn: Record<string, Record<string, number>>
        }[]
      }
    await waitFor(async () => (await get()).boards[0]!.notes.total === 2)
    const live = await get()
    expect(live.boards[0]).toMatchObject({
      online: 1,
      notes: { total: 2, byColumn: { what: 1, 'so-what': 0, 'now-what': 0, parkingLot: 1 } },
      byLever: { 'finance-funding': 1, untagged: 1 },
      byLeverColumn: { 'finance-funding': { what: 1 }, untagged: { parkingLot: 1 } },
    })
    expect(live.boards[1]).toMatchObject({ online: 0, notes: { total: 0 } })
    expect(t.server.rooms.get(s.boards[1]!.id)).toBeUndefined()
    c.provider.disconnect()
    await waitFor(() => t.server.rooms.size === 0)
    const idle = await get()
    expect(idle.boards[0]).toMatchObject({ online: 0, notes: { total: 2 } })
    expect(t.server.rooms.size).toBe(0)
  })

  it('GET …/me tells roles, titles, the retention and the server clock', async () => {
    const RETENTION = {
      days: 30,
      expiresAt: expect.any(Number),
      warnFrom: expect.any(Number),
      erasedAt: null,
    }
    t = await newTestServer()
    const s = await t.createSession({ title: 'All-cluster session', boards: ['Heating'] })
    const board = s.boards[0]!
    const before = Date.now()
    // [G11] A link token in the URL is not taken over HTTP: only the Authorization header.
    const inUrl = await t.fetch(`/api/boards/${board.id}/me?token=${board.links.observer.token}`)
    expect(inUrl.status).toBe(404)
    const me = await (
      await t.fetch(`/api/boards/${board.id}/me`, { token: board.links.observer.token })
    ).json()
    expect(me).toEqual({
      role: 'observer',
      board: {
        id: board.id,
        title: 'Heating',
        sessionId: s.id,
        sessionTitle: 'All-cluster session',
      },
      link: 'board',
      plenary: null,
      retention: RETENTION,
      serverTime: expect.any(Number),
    })
    expect((me as { serverTime: number }).serverTime).toBeGreaterThanOrEqual(before)
    // A session's link says so: a facilitator's merge with it reaches every board [F14.9].
    const viaSession = await (
      await t.fetch(`/api/boards/${board.id}/me`, { token: s.links.facilitator.token })
    ).json()
    expect(viaSession).toMatchObject({ role: 'facilitator', link: 'session' })
    const sme = await (
      await t.fetch(`/api/sessions/${s.id}/me`, { token: s.links.participant.token })
    ).json()
    expect(sme).toEqual({
      role: 'participant',
      session: { id: s.id, title: 'All-cluster session' },
      retention: RETENTION,
      boards: [{ id: board.id, name: 'Heating', online: 0 }],
    })
    expect(JSON.stringify(sme)).not.toContain(board.links.participant.token)
  })

  it('serves harvests of a board and of a session, and the board document', async () => {
    t = await newTestServer()
    const s = await t.createSession({ title: 'Harvest session' })
    const [b1, b2] = s.boards
    const c = t.client(b1!.id, b1!.links.participant.token)
    await c.synced
    createNote(c.doc, {
      text: 'Budapest surveyed residents',
      column: 'what',
      city: 'Budapest',
      authorId: 'u-c',
    })
    await waitFor(async () => {
      const r = await t.fetch(`/api/boards/${b1!.id}/harvest`, {
        token: b1!.links.facilitator.token,
      })
      return JSON.stringify(await r.json()).includes('Budapest surveyed residents')
    })
    const json = await (
      await t.fetch(`/api/boards/${b1!.id}/harvest?format=json`, {
        token: s.links.facilitator.token,
      })
    ).json()
    expect(HarvestSchema.safeParse(json).success).toBe(true)
    const md = await t.fetch(`/api/boards/${b1!.id}/harvest?format=md`, {
      token: b1!.links.facilitator.token,
    })
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8')
    expect(await md.text()).toContain('Budapest surveyed residents')
    const csv = await t.fetch(`/api/boards/${b1!.id}/harvest?format=csv`, {
      token: b1!.links.facilitator.token,
    })
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(await csv.text()).toContain('Budapest surveyed residents')
    const bad = await t.fetch(`/api/boards/${b1!.id}/harvest?format=pdf`, {
      token: b1!.links.facilitator.token,
    })
    expect(bad.status).toBe(400)

    const doc = await t.fetch(`/api/boards/${b1!.id}/doc`, { token: b1!.links.facilitator.token })
    expect(doc.headers.get('content-type')).toBe('application/octet-stream')
    const copy = new Y.Doc()
    Y.applyUpdate(copy, new Uint8Array(await doc.arrayBuffer()))
    expect(readBoard(copy).notes.map((n) => n.text)).toEqual(['Budapest surveyed residents'])

    const session = await (
      await t.fetch(`/api/sessions/${s.id}/harvest`, { token: s.links.facilitator.token })
    ).json()
    expect(SessionHarvestSchema.safeParse(session).success).toBe(true)
    expect(JSON.stringify(session)).toContain(b2!.id)
    const smd = await t.fetch(`/api/sessions/${s.id}/harvest?format=md`, {
      token: s.links.facilitator.token,
    })
    expect(await smd.text()).toContain('Budapest surveyed residents')
    const scsv = await t.fetch(`/api/sessions/${s.id}/harvest?format=csv`, {
      token: s.links.facilitator.token,
    })
    expect(scsv.status).toBe(200)
    const denied = await t.fetch(`/api/sessions/${s.id}/harvest`, {
      token: s.links.participant.token,
    })
    expect(denied.status).toBe(404)
  })

  it('applies session-wide controls to every board', async () => {
    t = await newTestServer()
    const s = await t.createSession({ boards: 2 })
    const c = t.client(s.boards[0]!.id, s.boards[0]!.links.participant.token)
    await c.synced
    const res = await t.fetch(`/api/sessions/${s.id}/control`, {
      method: 'POST',
      token: s.links.facilitator.token,
      body: JSON.stringify({
        phase: 'so-what',
        locked: true,
        timer: { action: 'start', minutes: 5 },
      }),
    })
    expect(await res.json()).toEqual({ boards: 2 })
    await waitFor(() => readBoard(c.doc).meta.locked && readBoard(c.doc).meta.phase === 'so-what')
    const other = t.client(s.boards[1]!.id, s.boards[1]!.links.observer.token)
    await other.synced
    expect(readBoard(other.doc).meta).toMatchObject({ locked: true, phase: 'so-what' })
  })

  it('GET /api/config, /healthz and /metrics', async () => {
    t = await newTestServer({ tldrawLicenseKey: 'tl-key' })
    expect(await (await t.fetch('/api/config')).json()).toEqual({ tldrawLicenseKey: 'tl-key' })
    expect(await (await t.fetch('/healthz')).json()).toMatchObject({
      status: 'ok',
      boardsInMemory: 0,
    })
    // [G11] Metrics are the operator's: behind the admin token.
    expect((await t.fetch('/metrics')).status).toBe(401)
    expect((await t.fetch('/metrics', { token: 'x'.repeat(32) })).status).toBe(401)
    const m = await (await t.fetch('/metrics', { token: t.server.adminToken })).text()
    for (const name of [
      'board_connections',
      'board_boards_in_memory',
      'board_messages_in_total',
      'board_bytes_out_total',
      'board_write_seconds_bucket',
      'board_rejected_messages_total',
      'board_corrupt_rows_total',
      'board_storage_failures_total',
    ]) {
      expect(m).toContain(name)
    }
  })

  it('serves the built client: pages get index.html, assets their type and cache headers', async () => {
    t = await newTestServer()
    expect((await t.fetch('/b/some-board')).status).toBe(503)
    const dist = mkdtempSync(join(tmpdir(), 'board-client-'))
    mkdirSync(join(dist, 'assets'), { recursive: true })
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>board</title>')
    writeFileSync(join(dist, 'assets', 'main-abc123.js'), 'console.log(1)')
    writeFileSync(join(dist, 'favicon.svg'), '<svg/>')
    await t.close()
    t = await newTestServer({ clientDir: dist })
    for (const page of ['/', '/new', '/b/abc', '/s/xyz']) {
      const r = await t.fetch(page)
      expect([
        page,
        r.status,
        r.headers.get('content-type'),
        r.headers.get('cache-control'),
      ]).toEqual([page, 200, 'text/html; charset=utf-8', 'no-cache'])
      expect(await r.text()).toContain('<title>board</title>')
      // [G11] The pages' content policy: own scripts only, no objects, no base, no framing.
      const csp = (r.headers.get('content-security-policy') ?? '').split('; ')
      for (const d of [
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
      ]) {
        expect(csp, page).toContain(d)
      }
      expect(csp.find((d) => d.startsWith('connect-src'))).toMatch(/^connect-src 'self' ws: wss:/)
      expect(r.headers.get('x-frame-options')).toBe('DENY')
      expect(r.headers.get('x-content-type-options')).toBe('nosniff')
    }
    const js = await t.fetch('/assets/main-abc123.js')
    expect(js.headers.get('x-content-type-options')).toBe('nosniff')
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect((await t.fetch('/favicon.svg')).headers.get('content-type')).toBe('image/svg+xml')
    expect((await t.fetch('/assets/missing.js')).status).toBe(404)
    expect((await t.fetch('/../../etc/passwd')).status).toBe(404)
    // A file next to the client dir must not be reachable through an encoded ../
    const outside = `${dist}-secret.json`
    writeFileSync(outside, '{"secret":true}')
    const name = outside.slice(outside.lastIndexOf('/') + 1)
    expect((await t.fetch(`/..%2f${name}`)).status).toBe(404)
    expect((await t.fetch(`/assets/..%2f..%2f${name}`)).status).toBe(404)
    rmSync(outside)
    expect((await t.fetch('/nowhere')).status).toBe(404)
    expect((await t.fetch('/api/nowhere')).status).toBe(404)
    rmSync(dist, { recursive: true, force: true })
  })
})
