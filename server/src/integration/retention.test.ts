/**
 * Retention by session on the real server, with a clock the test moves: a session whose period
 * ran out has its boards erased and locked; other sessions keep theirs.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CLOSE, type CreatedSession, createNote, readBoard, readMeta } from '@sensemaking/shared'
import { afterEach, describe, expect, it } from 'vitest'
import { DAY_MS, expiringSessions } from '../privacy/retention'
import { converge, newTestServer, type TestServer } from '../testing/newTestServer'

let t: TestServer
afterEach(async () => {
  await t?.close()
})

const START = Date.UTC(2027, 0, 4, 9)

function dataDirHolds(text: string): boolean {
  const needle = Buffer.from(text, 'utf8')
  return readdirSync(t.dataDir).some((f) => readFileSync(join(t.dataDir, f)).includes(needle))
}

interface Dashboard {
  retention: { days: number; expiresAt: number; warnFrom: number; erasedAt: number | null }
}

describe('retention by session', () => {
  it('[R5] a session whose retention ran out is erased and locked; another session keeps its notes', async () => {
    let clock = START
    t = await newTestServer({
      now: () => clock,
      retention: { days: 30, warnDays: 7, checkEveryMs: 60 * 60 * 1000 },
    })
    const make = async (title: string, retentionDays?: number) => {
      const res = await t.fetch('/api/sessions', {
        method: 'POST',
        token: t.server.adminToken,
        body: JSON.stringify({ title, boards: 1, retentionDays }),
      })
      expect(res.status).toBe(201)
      return (await res.json()) as CreatedSession
    }
    const short = await make('Short-lived', 2)
    const kept = await make('Kept')
    const write = async (s: CreatedSession, text: string) => {
      const b = s.boards[0]!
      // Léa as the server knows her, so the note she signs is hers [F14.1].
      const lea = await t.person('Léa', 'Nantes')
      const c = t.client(b.id, b.links.participant.token, lea)
      await c.synced
      createNote(c.doc, {
        text,
        column: 'what',
        author: lea.name,
        authorId: lea.id,
        city: lea.city,
      })
      const check = t.client(b.id, b.links.observer.token)
      await converge(
        [c.doc, check.doc],
        (d) => readBoard(d).notes.length,
        (n) => n === 1,
      )
      return c
    }
    const shortClient = await write(short, 'Short-lived session words')
    await write(kept, 'Kept session words')

    const dashboard = async (s: CreatedSession) =>
      (await (
        await t.fetch(`/api/sessions/${s.id}`, { token: s.links.facilitator.token })
      ).json()) as Dashboard
    expect((await dashboard(short)).retention).toEqual({
      days: 2,
      expiresAt: START + 2 * DAY_MS,
      warnFrom: START - 5 * DAY_MS,
      erasedAt: null,
    })
    expect((await dashboard(kept)).retention.expiresAt).toBe(START + 30 * DAY_MS)
    // Not yet due: a sweep erases nothing.
    clock = START + DAY_MS
    expect(await t.server.retention.sweep()).toBe(0)
    expect(
      expiringSessions(t.server.storage, { days: 30 }, clock, 7 * DAY_MS).map((e) => e.session.id),
    ).toEqual([short.id])

    clock = START + 2 * DAY_MS + 1
    expect(await t.server.retention.sweep()).toBe(1)
    expect((await shortClient.closedForGood).code).toBe(CLOSE.rebased.code)
    expect((await dashboard(short)).retention.erasedAt).toBe(clock)
    expect(dataDirHolds('Short-lived session words')).toBe(false)
    expect(dataDirHolds('Kept session words')).toBe(true)

    const gone = t.client(short.boards[0]!.id, short.boards[0]!.links.participant.token)
    await gone.synced
    expect(readBoard(gone.doc).notes).toEqual([])
    expect(readMeta(gone.doc).locked).toBe(true)
    const still = t.client(kept.boards[0]!.id, kept.boards[0]!.links.participant.token)
    await still.synced
    expect(readBoard(still.doc).notes.map((n) => n.text)).toEqual(['Kept session words'])
    // Erased once: later sweeps leave it alone.
    clock += 10 * DAY_MS
    expect(await t.server.retention.sweep()).toBe(0)
  })
})
