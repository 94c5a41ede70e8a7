/**
 * A board rebased while a device was away [F10], end to end: the device's copy is of the old
 * epoch, so the server closes it with 4410; the page carries its own offline note over to a
 * fresh copy of the board in a new local database, everyone receives the note, and the old
 * database is deleted. Real server (restarted on the same port and data dir), headless Chromium.
 */
import { rmSync } from 'node:fs'
import { type Harvest, readBoard } from '@sensemaking/shared'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, openAs, type PersonPage, withTestHooks } from './support/browser'
import { connectNode } from './support/nodeClient'
import { postByKey, postWithPlus, storedUpdates } from './support/notes'
import { type CreatedSession, startTestServer, type TestServer } from './support/server'
import { waitFor } from './support/waitFor'

const AINO = { id: 'u-aino-rebase-01', name: 'Aino', city: 'Lahti' }
const ERIK = { id: 'u-erik-rebase-02', name: 'Erik', city: 'Umeå' }
/** Small thresholds, so a few hundred drags make the board worth rebasing. */
const LIMITS = { rebaseMinBytes: 2048, rebaseMinRatio: 2, idleUnloadMs: 200, maintenanceMs: 100 }

let server: TestServer
let browser: Browser
let session: CreatedSession
let dataDir = ''
const people: PersonPage[] = []

const notesOf = (h: Harvest) => [...h.columns.flatMap((c) => c.notes), ...h.parkingLot]

/** The names of the IndexedDB databases the page's origin holds. */
const databases = (page: Page) =>
  page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').sort())

beforeAll(async () => {
  server = await startTestServer({ limits: LIMITS })
  dataDir = server.dataDir
  browser = await launchBrowser()
  session = await server.createSession({ title: 'Rebase session', boards: ['Room'] })
})

afterAll(async () => {
  for (const p of people) await p.context.close().catch(() => {})
  await browser?.close()
  await server?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('a board rebased while a device was away', () => {
  it('the device carries its offline note over and everyone receives it', async () => {
    const board = session.boards[0]!
    const link = withTestHooks(board.links.participant.url)
    const aino = await openAs(browser, AINO, link)
    people.push(aino)
    await aino.page.waitForSelector('.connection.status-connected')
    await postWithPlus(aino.page, 'what', 'Bike lanes on every school route')
    // A long session's drags: history the rebase drops.
    await aino.page.evaluate(() => {
      const b = window.__board!
      const id = b.readBoard().notes[0]!.id
      for (let i = 0; i < 300; i++) b.moveNotes([{ id, x: 200 + (i % 40), y: 300 + (i % 7) }])
    })
    await waitFor(
      async () => {
        const h = await server.getJson<Harvest>(
          `/api/boards/${board.id}/harvest?format=json`,
          board.links.facilitator.token,
        )
        return notesOf(h).length === 1
      },
      { what: 'the note on the server' },
    )
    // The drags' history must be on the server before it goes down, or there is nothing worth
    // rebasing: wait until a fresh reader sees the last drag's position.
    await waitFor(
      async () => {
        const reader = await connectNode(server.url, board.id, board.links.facilitator.token)
        try {
          const n = readBoard(reader.doc).notes[0]
          return n?.x === 200 + (299 % 40) && n.y === 300 + (299 % 7)
        } finally {
          reader.close()
        }
      },
      { what: 'the last drag on the server', timeoutMs: 20_000, intervalMs: 200 },
    )

    // The server goes down; Aino writes a note that only her device holds, and leaves.
    const port = server.port
    await server.close({ keepData: true })
    await aino.page.waitForSelector('.connection.status-reconnecting, .connection.status-offline')
    const offline = 'Written offline before the board was rebased'
    const before = await storedUpdates(aino.page, `sensemaking-board-${board.id}`)
    await postByKey(aino.page, 'now-what', offline)
    await waitFor(
      async () => (await storedUpdates(aino.page, `sensemaking-board-${board.id}`)) > before,
      {
        what: 'the note stored on the device',
      },
    )
    await aino.page.close()

    // Back up; Erik opens the board and leaves: the idle board is rebased.
    server = await startTestServer({ port, dataDir, limits: LIMITS })
    const erik = await openAs(browser, ERIK, link)
    await erik.page.waitForSelector('[data-note-id]:has-text("Bike lanes")')
    // A board is rebased when it leaves memory, if it was built there: a client that only reads
    // is answered from the stored bytes, so a harvest (which needs the board) builds it, as a
    // harvester's export would. Without it the rebase depended on Erik's page writing something.
    await server.getJson<Harvest>(
      `/api/boards/${board.id}/harvest?format=json`,
      board.links.facilitator.token,
    )
    await erik.context.close()
    await waitFor(
      async () =>
        (
          await fetch(`${server.url}/api/boards/${board.id}/base`, {
            headers: { authorization: `Bearer ${board.links.participant.token}` },
          })
        ).status === 200,
      { what: 'the board to be rebased' },
    )
    const landing = await aino.context.newPage()
    await landing.goto(`${server.url}/`)
    expect(await databases(landing)).toContain(`sensemaking-board-${board.id}`)
    await landing.close()

    // Aino comes back: her copy is stale; her offline note is carried over.
    const again = await aino.context.newPage()
    const errors: string[] = []
    again.on('pageerror', (e) => errors.push(e.message))
    await again.goto(link)
    await again.waitForSelector('.connection.status-connected', { timeout: 15_000 })
    await again.waitForSelector(`[data-note-id][data-column="now-what"]:has-text("${offline}")`, {
      state: 'attached',
    })
    const h = await waitFor(
      async () => {
        const hv = await server.getJson<Harvest>(
          `/api/boards/${board.id}/harvest?format=json`,
          board.links.facilitator.token,
        )
        return notesOf(hv).some((n) => n.text === offline) && hv
      },
      { what: 'the carried-over note on the server' },
    )
    expect(
      notesOf(h)
        .map((n) => n.text)
        .sort(),
    ).toEqual(['Bike lanes on every school route', offline].sort())
    expect(notesOf(h).find((n) => n.text === offline)).toMatchObject({
      column: 'now-what',
      city: 'Lahti',
    })
    // The old local database is gone; the board lives in the new one.
    await waitFor(
      async () => {
        const names = await databases(again)
        return (
          names.includes(`sensemaking-board-${board.id}~1`) &&
          !names.includes(`sensemaking-board-${board.id}`)
        )
      },
      { what: 'the old local database deleted' },
    )
    // Everyone else receives the note, and Aino goes on working.
    const erik2 = await openAs(browser, ERIK, link)
    people.push(erik2)
    await erik2.page.waitForSelector(`[data-note-id]:has-text("${offline}")`, { state: 'attached' })
    await postByKey(again, 'so-what', 'After the rebase')
    await erik2.page.waitForSelector('[data-note-id]:has-text("After the rebase")', {
      state: 'attached',
    })
    await again.screenshot({ path: 'test/artifacts/rebase-carried-over.png' })
    expect(errors).toEqual([])
  })
})
