/**
 * The server's logs and metrics hold no personal data: a whole session's worth of joins,
 * presence, notes, exports, own-data requests, erasures, link rotations and refusals, logged at
 * debug level, holds no name, city, note text, token, author key or author id, and no client
 * address (LOG_IP is off).
 */
import { getRandomValues } from 'node:crypto'
import { authorIdFromKey, createNote, newAuthorKey, readBoard } from '@sensemaking/shared'
import { afterEach, describe, expect, it } from 'vitest'
import { MemoryStorage } from '../storage/memoryStorage'
import { capturingLogger } from '../testing/logger'
import { converge, newTestServer, type TestServer } from '../testing/newTestServer'
import { waitFor } from '../testing/waitFor'

let t: TestServer
afterEach(async () => {
  await t?.close()
})

describe('logs and metrics hold no personal data', () => {
  it('[R6] a session from first join to erasure leaves no name, city, words, token, key or address in the logs', async () => {
    const { logger, lines } = capturingLogger()
    t = await newTestServer({ logger, limits: { idleUnloadMs: 50, maintenanceMs: 50 } })
    const s = await t.createSession({ title: 'Cluster 2' })
    const board = s.boards[0]!
    const key = newAuthorKey((b) => getRandomValues(b))
    const authorId = authorIdFromKey(key)
    const who = { author: 'Zofia Wiśniewska', city: 'Przemyśl-Zdrój', authorId }
    const words = 'Our depot electrification stalled in March'

    const a = t.client(board.id, board.links.participant.token)
    const b = t.client(board.id, board.links.facilitator.token)
    await Promise.all([a.synced, b.synced])
    a.provider.awareness.setLocalStateField('user', { name: who.author, city: who.city })
    createNote(a.doc, { text: words, column: 'what', ...who })
    await converge(
      [a.doc, b.doc],
      (d) => readBoard(d).notes.length,
      (n) => n === 1,
    )
    await waitFor(() => b.provider.awareness.getStates().has(a.doc.clientID))

    const tokens = [
      t.server.adminToken,
      s.links.facilitator.token,
      s.links.participant.token,
      ...Object.values(board.links).map((l) => l.token),
    ]
    // Requests that carry tokens and keys in every place they can: headers, query, body.
    await t.fetch(
      `/api/boards/${board.id}/harvest?format=md&token=${board.links.facilitator.token}`,
    )
    await t.fetch(`/api/boards/${board.id}/mine`, {
      token: board.links.participant.token,
      headers: { 'x-author-key': key },
    })
    await t.fetch(`/api/boards/${board.id}/me?token=not-${board.links.observer.token}`)
    await t.fetch(`/api/boards/${board.id}/rotate`, {
      method: 'POST',
      token: board.links.facilitator.token,
      body: JSON.stringify({ role: 'observer' }),
    })
    await t.fetch('/api/sessions', {
      method: 'POST',
      token: t.server.adminToken,
      body: JSON.stringify({ title: who.city, boards: 'many' }),
    })
    // A malformed message from a connection.
    const raw = t.raw(board.id, board.links.participant.token)
    await raw.opened
    raw.send(Uint8Array.of(0, 2, 250, 250, 250))
    await raw.closed
    const erased = await t.fetch(`/api/boards/${board.id}/mine/erase`, {
      method: 'POST',
      token: board.links.participant.token,
      headers: { 'x-author-key': key },
    })
    expect(erased.status).toBe(200)
    const metrics = await (await t.fetch('/metrics', { token: t.server.adminToken })).text()
    await t.restart()

    expect(lines.length).toBeGreaterThan(5)
    const all = lines.join('\n')
    expect(all).toContain('board erased')
    for (const secret of [who.author, 'Wiśniewska', who.city, words, key, authorId, ...tokens]) {
      expect(all.includes(secret), secret).toBe(false)
      expect(metrics.includes(secret), secret).toBe(false)
    }
    // The only address in the logs is the server's own, where it listens.
    for (const line of lines) {
      const parsed = JSON.parse(line) as Record<string, unknown>
      expect(Object.keys(parsed)).not.toContain('ip')
      if (line.includes('127.0.0.1')) expect(parsed.msg).toBe('board server listening')
    }
  })

  it('[R6] a failed request names the client’s address only with LOG_IP=1', async () => {
    for (const logIp of [false, true]) {
      const { logger, lines } = capturingLogger()
      // A store that fails on reading a session: the request fails on the server's side.
      const storage = new MemoryStorage()
      storage.getSession = () => {
        throw new Error('disk on fire')
      }
      t = await newTestServer({ logger, storage, logIp })
      const res = await t.fetch('/api/sessions/s1/me', { token: 'x'.repeat(32) })
      expect(res.status).toBe(500)
      await t.close()
      const failed = lines.map((l) => JSON.parse(l) as Record<string, unknown>)
      const line = failed.find((l) => l.msg === 'request failed')
      expect(line, JSON.stringify(failed)).toBeDefined()
      if (logIp) expect(line?.ip).toMatch(/127\.0\.0\.1/)
      else expect(line).not.toHaveProperty('ip')
    }
  })
})
