/**
 * The canvas when the connection fails, end to end: notes written while the server is down
 * are kept on the device (IndexedDB), survive closing the page, and reach everyone when the
 * server is back; a rotated link ends the connection for good and the notes on the device can
 * still be downloaded. Real server (restarted on the same port and data dir), headless Chromium.
 */
import { readFileSync, rmSync } from 'node:fs'
import type { Harvest } from '@sensemaking/shared'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openSqliteStorage } from '../../server/src/storage/sqliteStorage'
import { launchBrowser, openAs, PAGE_MS, type PersonPage, withTestHooks } from './support/browser'
import { postWithPlus, storedUpdates } from './support/notes'
import { type CreatedSession, startTestServer, type TestServer } from './support/server'
import { waitFor } from './support/waitFor'

const AINO = { id: 'u-aino-off-0001', name: 'Aino', city: 'Lahti' }
const ERIK = { id: 'u-erik-off-0002', name: 'Erik', city: 'Umeå' }

let server: TestServer
let browser: Browser
let session: CreatedSession
let dataDir = ''
const people: PersonPage[] = []

const notesOf = (h: Harvest) => [...h.columns.flatMap((c) => c.notes), ...h.parkingLot]

beforeAll(async () => {
  server = await startTestServer()
  dataDir = server.dataDir
  browser = await launchBrowser()
  session = await server.createSession({ title: 'Offline session', boards: ['Room'] })
})

afterAll(async () => {
  for (const p of people) await p.context.close().catch(() => {})
  await browser?.close()
  await server?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('canvas offline and revoked', () => {
  it('notes written while the server is down survive closing the page and sync when it is back', async () => {
    const board = session.boards[0]!
    const link = withTestHooks(board.links.participant.url)
    const aino = await openAs(browser, AINO, link)
    const erik = await openAs(browser, ERIK, link)
    people.push(aino, erik)
    for (const p of [aino, erik]) await p.page.waitForSelector('.connection.status-connected')

    const port = server.port
    await server.close({ keepData: true })
    await aino.page.waitForSelector('.connection.status-reconnecting, .connection.status-offline')
    const before = await storedUpdates(aino.page, `sensemaking-board-${board.id}`)
    const text = 'Written while the server was down'
    await postWithPlus(aino.page, 'now-what', text)
    await waitFor(
      async () => (await storedUpdates(aino.page, `sensemaking-board-${board.id}`)) > before,
      {
        what: 'the note stored on the device',
      },
    )
    // Close the page while the server is still down: the note exists only on the device.
    await aino.page.close()

    server = await startTestServer({ port, dataDir })
    const again = await aino.context.newPage()
    await again.goto(link)
    await again.waitForSelector(`[data-note-id][data-column="now-what"]:has-text("${text}")`)
    await again.waitForSelector('.connection.status-connected', { timeout: 15_000 })
    // Erik's page was open all along: it reconnects by itself and receives the note.
    await erik.page.waitForSelector(`[data-note-id]:has-text("${text}")`, { timeout: PAGE_MS })
    const h = await waitFor(
      async () => {
        const hv = await server.getJson<Harvest>(
          `/api/boards/${board.id}/harvest?format=json`,
          board.links.facilitator.token,
        )
        return notesOf(hv).some((n) => n.text === text) && hv
      },
      { what: 'the offline note in the server harvest' },
    )
    expect(notesOf(h).find((n) => n.text === text)).toMatchObject({
      column: 'now-what',
      city: 'Lahti',
    })
    people.push({ context: aino.context, page: again, errors: [] })
  })

  it('a rotated link says it no longer works, and its notes can still be downloaded', async () => {
    const board = session.boards[0]!
    const aino = people.at(-1)!.page
    await postWithPlus(aino, 'what', 'A note just before the link is rotated')
    await server.postJson(`/api/boards/${board.id}/rotate`, board.links.facilitator.token, {
      role: 'participant',
    })
    await aino.waitForSelector('.banner-error:has-text("no longer works")', { timeout: 10_000 })
    expect(await aino.locator('.connection').textContent()).toContain('Link no longer works')
    const [download] = await Promise.all([
      aino.waitForEvent('download'),
      aino.click('button:has-text("Download my notes")'),
    ])
    const json = JSON.parse(readFileSync(await download.path(), 'utf8')) as Harvest
    expect(notesOf(json).map((n) => n.text)).toEqual(
      expect.arrayContaining([
        'Written while the server was down',
        'A note just before the link is rotated',
      ]),
    )
    // The old link opened afresh is refused plainly.
    const fresh = await openAs(
      browser,
      { ...ERIK, id: 'u-erik-off-0003' },
      board.links.participant.url,
    )
    people.push(fresh)
    await fresh.page.waitForSelector('h1:has-text("This link does not work")')
  })

  it('[G8] a link rotated while the page was away is refused on its upgrade: the page asks and says it no longer works', async () => {
    const board = session.boards[0]!
    const twin = await openAs(browser, { ...ERIK, id: 'u-twin-off-0004' }, board.links.observer.url)
    people.push(twin)
    await twin.page.waitForSelector('.connection.status-connected')
    const port = server.port
    await server.close({ keepData: true })
    await twin.page.waitForSelector('.connection.status-reconnecting, .connection.status-offline')
    // Rotated while the page cannot hear of it (the server is down: straight in storage).
    const storage = openSqliteStorage(dataDir)
    storage.bumpGeneration('board', board.id, 'observer')
    storage.close()
    server = await startTestServer({ port, dataDir })
    // Its reconnects are refused with 401 before any socket: no close code to read, so the
    // page asks the API about its link.
    await twin.page.waitForSelector('.banner-error:has-text("no longer works")', {
      timeout: PAGE_MS,
    })
    expect(await twin.page.locator('.connection').textContent()).toContain('Link no longer works')
  })
})
