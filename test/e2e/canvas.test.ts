/**
 * The canvas end to end: the real server (in process, port 0, temp data dir, the built
 * client) and headless Chromium, two or more people on one board, driven through the UI.
 * Needs `npm run build` first.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Harvest } from '@sensemaking/shared'
import Ajv2020 from 'ajv/dist/2020'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  centreOf,
  drag,
  launchBrowser,
  openAs,
  PAGE_MS,
  type PersonPage,
  waitForStill,
  withTestHooks,
} from './support/browser'
import { type CreatedSession, REPO_ROOT, startTestServer, type TestServer } from './support/server'
import { waitFor } from './support/waitFor'

const ARTIFACTS = join(REPO_ROOT, 'test', 'artifacts')

const require = createRequire(import.meta.url)
const schema = JSON.parse(
  readFileSync(require.resolve('@sensemaking/shared/harvest.schema.json'), 'utf8'),
)
const ajv = new Ajv2020({ strict: true, allErrors: true, formats: { 'date-time': true } })
const validateHarvest = ajv.compile(schema)

const AINO = { id: 'u-aino-e2e-0001', name: 'Aino', city: 'Lahti' }
const LEA = { id: 'u-lea-e2e-00002', name: 'Léa', city: 'Nantes' }
const MARTA = { id: 'u-marta-e2e-003', name: 'Marta', city: 'Valencia' }
const TWIN = { id: 'u-twin-e2e-0004', name: 'Graz listener', city: 'Graz' }

let server: TestServer
let browser: Browser
let session: CreatedSession
const pages: PersonPage[] = []

async function open(person: typeof AINO, link: string): Promise<Page> {
  const p = await openAs(browser, person, withTestHooks(link))
  pages.push(p)
  await p.page.waitForSelector('.column-region', { timeout: PAGE_MS })
  return p.page
}

/** Post a sticky through the column's "+" and type its text. */
async function post(page: Page, column: string, text: string): Promise<string> {
  // Back to the overview first (the last note posted zoomed in on itself), nothing selected.
  await page.keyboard.press('Escape')
  await page.click('.zoom-controls >> text=Fit')
  await waitForStill(page, `[data-add-note="${column}"]`)
  await page.click(`[data-add-note="${column}"]`)
  await page.waitForSelector('textarea.note-editor')
  await page.keyboard.type(text)
  await page.keyboard.press('Enter')
  await page.waitForSelector('textarea.note-editor', { state: 'detached' })
  return waitFor(
    () =>
      page.evaluate((t) => window.__board?.readBoard().notes.find((n) => n.text === t)?.id, text),
    { what: `the note "${text}" in the poster's document` },
  )
}

async function harvestOf(boardId: string): Promise<Harvest> {
  const fac = session.boards.find((b) => b.id === boardId)!.links.facilitator.token
  return server.getJson<Harvest>(`/api/boards/${boardId}/harvest?format=json`, fac)
}

const allNotes = (h: Harvest) => [...h.columns.flatMap((c) => c.notes), ...h.parkingLot]

beforeAll(async () => {
  server = await startTestServer()
  browser = await launchBrowser()
  session = await server.createSession({
    title: 'E2E cluster session',
    boards: ['Mobility', 'Energy'],
  })
})

afterAll(async () => {
  for (const p of pages) await p.context.close().catch(() => {})
  await browser?.close()
  await server?.close()
})

describe('canvas: two people on one board', () => {
  it('a sticky posted in So What, tagged Finance and funding, appears for the other person', async () => {
    const board = session.boards[0]!
    const aino = await open(AINO, board.links.participant.url)
    const lea = await open(LEA, board.links.participant.url)

    const text = 'Funding cycles do not match project timelines'
    const id = await post(aino, 'so-what', text)
    // The note stays selected after Enter: tag it with the lever picker of the toolbar.
    const tagged = `[data-note-id="${id}"][data-column="so-what"][data-lever="finance-funding"]`
    // From the click on the lever to the tagged note on the other screen.
    const t0 = performance.now()
    await aino.click('.selection-toolbar [data-lever="finance-funding"]')
    await waitFor(() => lea.locator(tagged).count(), {
      what: 'the tagged note on the other canvas',
      intervalMs: 5,
      timeoutMs: 10_000,
    })
    const delay = performance.now() - t0
    console.log(
      `[e2e] tagged sticky seen by the other person ${delay.toFixed(0)} ms after the click`,
    )
    await aino.waitForSelector(tagged)
    const shown = await lea.locator(tagged).textContent()
    expect(shown).toContain(text)
    // The sticky shows the lever's shape and short name; its full name on hover.
    expect(shown).toContain('Finance')
    expect(await lea.locator(`${tagged} .note-band`).getAttribute('title')).toBe(
      'Finance and funding',
    )
    expect(await lea.locator(`${tagged} .note-band [data-shape]`).getAttribute('data-shape')).toBe(
      'triangle',
    )
    expect(shown).toContain('Aino')

    const h = await harvestOf(board.id)
    const inHarvest = allNotes(h).find((n) => n.id === id)
    expect(inHarvest).toMatchObject({
      text,
      column: 'so-what',
      lever: 'finance-funding',
      city: 'Lahti',
    })
  })

  it('a note dragged from What to Now What changes column for both, and on the server', async () => {
    const board = session.boards[0]!
    const [aino, lea] = [pages[0]!.page, pages[1]!.page]
    const text = 'Bike lanes doubled in two years'
    const id = await post(aino, 'what', text)
    await lea.waitForSelector(`[data-note-id="${id}"][data-column="what"]`)
    // Back to the overview, so both columns are on screen, then drag with the mouse.
    await aino.click('.zoom-controls >> text=Fit')
    await waitForStill(aino, `[data-note-id="${id}"]`)
    const from = await centreOf(aino, `[data-note-id="${id}"]`)
    const region = (await aino.locator('[data-column-region="now-what"]').boundingBox())!
    await drag(aino, from, { x: region.x + region.width / 2, y: region.y + region.height / 2 }, 25)

    await aino.waitForSelector(`[data-note-id="${id}"][data-column="now-what"]`)
    await lea.waitForSelector(`[data-note-id="${id}"][data-column="now-what"]`, { timeout: 10_000 })
    const inLea = await lea.evaluate(
      (i) => window.__board!.readBoard().notes.find((n) => n.id === i),
      id,
    )
    expect(inLea?.column).toBe('now-what')
    const h = await waitFor(
      async () => {
        const hv = await harvestOf(board.id)
        return allNotes(hv).find((n) => n.id === id)?.column === 'now-what' && hv
      },
      { what: 'the moved note in the server harvest' },
    )
    expect(h.columns.find((c) => c.id === 'now-what')!.notes.map((n) => n.id)).toContain(id)

    mkdirSync(ARTIFACTS, { recursive: true })
    await lea.screenshot({ path: join(ARTIFACTS, 'canvas-board.png') })
  })

  it('the JSON export downloads and validates against the harvest schema', async () => {
    const board = session.boards[0]!
    const fac = await open(MARTA, board.links.facilitator.url)
    await fac.waitForSelector('[data-note-id]')
    for (const [who, page] of [
      ['facilitator (server harvest)', fac],
      ['participant (harvest from the device)', pages[1]!.page],
    ] as const) {
      await page.click('button:has-text("Export")')
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click('[data-export="json"]'),
      ])
      expect(download.suggestedFilename()).toMatch(/harvest\.json$/)
      const path = await download.path()
      const json = JSON.parse(readFileSync(path, 'utf8')) as Harvest
      expect(validateHarvest(json), `${who}: ${ajv.errorsText(validateHarvest.errors)}`).toBe(true)
      expect(json.board.id).toBe(board.id)
      const texts = allNotes(json).map((n) => n.text)
      expect(texts).toEqual(
        expect.arrayContaining([
          'Funding cycles do not match project timelines',
          'Bike lanes doubled in two years',
        ]),
      )
    }
  })

  it('an observer cannot post: no "+", a read-only canvas, and a forced write reaches nobody', async () => {
    const board = session.boards[0]!
    const twin = await open(TWIN, board.links.observer.url)
    const lea = pages[1]!.page
    await twin.waitForSelector('[data-note-id]')
    expect(await twin.locator('.badge.view-only').textContent()).toBe('View only')
    expect(await twin.locator('[data-add-note]').count()).toBe(0)
    expect(await twin.locator('button:has-text("New note")').count()).toBe(0)
    const before = await twin.evaluate(() => window.__board!.readBoard().notes.length)
    await twin.mouse.click(700, 600)
    await twin.keyboard.press('n')
    await twin.keyboard.press('1')
    expect(await twin.locator('textarea.note-editor').count()).toBe(0)
    expect(await twin.evaluate(() => window.__board!.readBoard().notes.length)).toBe(before)

    // Write through the page's own document, as a modified client could.
    const forced = 'An observer forced this note'
    const forcedId = await twin.evaluate(
      (t) => window.__board!.createNote({ column: 'what', text: t, authorId: 'u-twin' }),
      forced,
    )
    // [G1] The server refuses it unread: never applied, stored or relayed; the observer stays
    // connected (its device may hold what the server lost), and what it typed stays there.
    await waitFor(() => server.rejected('observer-write') > 0, {
      what: "the server's refusal of the observer's write",
      timeoutMs: 10_000,
    })
    expect(await twin.evaluate(() => window.__board!.provider.wsconnected)).toBe(true)
    // A later write by Léa has reached the server after the refusal: a barrier for the check.
    const barrier = await post(lea, 'what', 'Barrier note after the refusal')
    const h = await waitFor(
      async () => {
        const hv = await harvestOf(board.id)
        return allNotes(hv).some((n) => n.id === barrier) && hv
      },
      { what: 'the barrier note in the harvest' },
    )
    expect(allNotes(h).some((n) => n.id === forcedId || n.text === forced)).toBe(false)
    expect(
      await lea.evaluate(
        (i) => window.__board!.readBoard().notes.some((n) => n.id === i && n.deletedAt === null),
        forcedId,
      ),
    ).toBe(false)
    expect(await lea.locator('[data-note-id]', { hasText: forced }).count()).toBe(0)
  })

  it('a facilitator frames two notes as a theme and drags it to So What: the notes follow', async () => {
    const board = session.boards[0]!
    const marta = pages[2]!.page
    const lea = pages[1]!.page
    const a = await post(lea, 'what', 'Cycling counts are up')
    const b = await post(lea, 'what', 'Schools joined the car-free day')
    await marta.waitForSelector(`[data-note-id="${b}"]`)
    await marta.click('.zoom-controls >> text=Fit')
    await waitForStill(marta, `[data-note-id="${b}"]`)
    const pa = await centreOf(marta, `[data-note-id="${a}"]`)
    const pb = await centreOf(marta, `[data-note-id="${b}"]`)
    await marta.mouse.click(pa.x, pa.y)
    await marta.keyboard.down('Shift')
    await marta.mouse.click(pb.x, pb.y)
    await marta.keyboard.up('Shift')
    await marta.click('.selection-toolbar button:has-text("Make theme")')
    await marta.waitForSelector('input.theme-title-input')
    await marta.keyboard.press('Control+A')
    await marta.keyboard.type('Active travel')
    await marta.keyboard.press('Enter')
    await lea.waitForSelector('.theme-title:has-text("Active travel")')

    await marta.click('.zoom-controls >> text=Fit')
    await waitForStill(marta, '.theme-title')
    const title = await centreOf(marta, '.theme-title:has-text("Active travel")')
    const soWhat = (await marta.locator('[data-column-region="so-what"]').boundingBox())!
    await marta.mouse.click(5, soWhat.y + soWhat.height - 5) // nothing selected
    await drag(marta, title, { x: soWhat.x + soWhat.width / 2, y: title.y + 60 }, 25)

    for (const id of [a, b]) {
      // Attached, not visible: Léa's camera may have the notes off screen (culled).
      await lea.waitForSelector(`[data-note-id="${id}"][data-column="so-what"]`, {
        state: 'attached',
        timeout: 10_000,
      })
    }
    const seen = await lea.evaluate(
      (ids) => {
        const snap = window.__board!.readBoard()
        const cluster = snap.clusters.find((c) => c.title === 'Active travel')
        const notes = snap.notes.filter((n) => ids.includes(n.id))
        return { cluster, notes }
      },
      [a, b],
    )
    expect(seen.cluster?.column).toBe('so-what')
    for (const n of seen.notes) {
      expect(n).toMatchObject({ column: 'so-what', clusterId: seen.cluster!.id })
      // Page coordinates, inside the frame.
      expect(n.x).toBeGreaterThanOrEqual(seen.cluster!.x)
      expect(n.y).toBeGreaterThanOrEqual(seen.cluster!.y)
    }
    const h = await harvestOf(board.id)
    const theme = h.columns
      .find((c) => c.id === 'so-what')!
      .clusters.find((c) => c.title === 'Active travel')
    expect(theme?.noteIds.sort()).toEqual([a, b].sort())
  })

  it('pages ran without uncaught errors', () => {
    const errors = pages
      .flatMap((p) => p.errors)
      .filter((e) => !/WebSocket|ERR_CONNECTION|status of 4\d\d/.test(e))
    expect(errors).toEqual([])
  })
})
