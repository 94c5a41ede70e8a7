/**
 * Sessions from the browser and the session dashboard, end to end: the real server (in
 * process, port 0, temp data dir, the built client) and headless Chromium. A facilitator
 * creates a session at /new, watches its rooms live, shares links, runs every room at once
 * and downloads the session harvest. Needs `npm run build` first.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { createNote, LEVERS, readBroadcast, readMeta } from '@sensemaking/shared'
import Ajv2020 from 'ajv/dist/2020'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, openAs, PAGE_MS, type PersonPage, signIn } from './support/browser'
import { connectNode, type NodeClient } from './support/nodeClient'
import { REPO_ROOT, startTestServer, type TestServer } from './support/server'
import { waitFor } from './support/waitFor'

const ARTIFACTS = join(REPO_ROOT, 'test', 'artifacts')

const require = createRequire(import.meta.url)
const schema = JSON.parse(
  readFileSync(require.resolve('@sensemaking/shared/harvest.schema.json'), 'utf8'),
)
const ajv = new Ajv2020({ strict: true, allErrors: true, formats: { 'date-time': true } })
ajv.addSchema(schema, 'harvest')
const validateSession = ajv.getSchema('harvest#/$defs/SessionHarvest')!

const ROOMS = ['Energy communities', 'Mobility', 'Buildings']
const TITLE = 'Cluster session: the first year'
const NOTE = 'Lahti pooled municipal funds for heat pumps'
const LEA = { id: 'u-lea-dash-0001', name: 'Léa', city: 'Nantes' }

let server: TestServer
let browser: Browser
let context: BrowserContext
/** The facilitator's dashboard. */
let dash: Page
let sessionId = ''
const opened: PersonPage[] = []
const nodes: NodeClient[] = []

/** The token in a page link's fragment. */
const tokenOf = (url: string) => new URL(url).hash.replace(/^#t=/, '')
const boardIdOf = (url: string) => new URL(url).pathname.split('/')[2]!

/** A board card's links, read from the page the way a facilitator copies them. */
async function boardLinks(boardName: string) {
  const card = dash.locator('.board-card', { has: dash.getByRole('heading', { name: boardName }) })
  const link = (role: string) => card.locator(`.join-link[data-link="${role}"] input`).inputValue()
  return {
    card,
    id: (await card.getAttribute('data-board-id'))!,
    participant: await link('participant'),
    observer: await link('observer'),
    facilitator: await link('facilitator'),
  }
}

async function shot(page: Page, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true })
  await page.screenshot({ path: join(ARTIFACTS, name), fullPage: true })
}

async function seriousViolations(page: Page) {
  const r = await new AxeBuilder({ page }).analyze()
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

beforeAll(async () => {
  server = await startTestServer()
  browser = await launchBrowser()
  context = await browser.newContext({
    viewport: { width: 1360, height: 900 },
    acceptDownloads: true,
    permissions: ['clipboard-read', 'clipboard-write'],
  })
  dash = await context.newPage()
})

afterAll(async () => {
  for (const n of nodes) n.close()
  for (const p of opened) await p.context.close()
  await context?.close()
  await browser?.close()
  await server?.close()
})

describe('sessions from the browser and the session dashboard', () => {
  it('creates a session at /new with the admin token and lands on its dashboard', async () => {
    // The landing page leads there.
    await dash.goto(`${server.url}/`)
    await dash.getByRole('link', { name: 'create a session' }).click()
    await dash.waitForURL(`${server.url}/new`)
    await dash.getByLabel('Title').waitFor()
    await dash.getByLabel('Title').fill(TITLE)
    await dash.getByLabel('Room names, one per line').fill(ROOMS.join('\n'))
    await dash.getByLabel('Admin token').fill('not-the-admin-token')
    expect(await seriousViolations(dash)).toEqual([])
    await shot(dash, 'new-session-desktop.png')
    await dash.setViewportSize({ width: 360, height: 780 })
    expect(await seriousViolations(dash)).toEqual([])
    await shot(dash, 'new-session-360.png')
    await dash.setViewportSize({ width: 1360, height: 900 })
    await dash.getByRole('button', { name: 'Create the session' }).click()
    await waitFor(
      async () => (await dash.getByRole('alert').textContent())?.includes('admin token is not'),
      { what: 'the wrong-token message' },
    )
    expect(await dash.getByRole('alert').textContent()).toBe('That admin token is not right.')

    await dash.getByLabel('Admin token').fill(server.adminToken)
    await dash.getByRole('button', { name: 'Create the session' }).click()
    await dash.waitForURL(/\/s\/[A-Za-z0-9_-]+$/, { timeout: 15_000 })
    sessionId = new URL(dash.url()).pathname.split('/')[2]!
    // The token went from the fragment into the tab's storage, out of the address bar.
    expect(new URL(dash.url()).hash).toBe('')

    await dash.waitForSelector('.board-card')
    expect(await dash.locator('.dash-header h1').textContent()).toBe(TITLE)
    expect(await dash.locator('.board-card h3').allTextContents()).toEqual(ROOMS)
    expect(await dash.locator('[data-total="rooms"]').textContent()).toBe('3')
    // The admin token is remembered for this tab only.
    const kept = await dash.evaluate(() => sessionStorage.getItem('sensemaking:admin-token'))
    expect(kept).toBe(server.adminToken)
  })

  it('shows a participant note in the figures and the charts within seconds', async () => {
    const energy = await boardLinks(ROOMS[0]!)
    expect(boardIdOf(energy.participant)).toBe(energy.id)
    // Léa's own device: a client that presents her credential [F14.2].
    const lea = await connectNode(
      server.url,
      energy.id,
      tokenOf(energy.participant),
      await signIn(server.url, LEA),
    )
    nodes.push(lea)
    createNote(lea.doc, {
      text: NOTE,
      column: 'so-what',
      lever: 'finance-funding',
      authorId: LEA.id,
      author: LEA.name,
      city: LEA.city,
    })
    createNote(lea.doc, {
      text: 'Open question for later',
      column: null,
      authorId: LEA.id,
      author: LEA.name,
      city: LEA.city,
    })

    // The dashboard polls: the figures and the chart follow without a reload.
    const card = energy.card
    await waitFor(
      async () =>
        (await card.locator('.figure[data-column="so-what"] dd').textContent()) === '1' &&
        (await card.locator('.figure[data-column="parkingLot"] dd').count()) === 1,
      { what: 'the note in the room figures', timeoutMs: 15_000, intervalMs: 200 },
    )
    const bar = card.locator('[data-column="so-what"] rect[data-lever="finance-funding"]')
    expect(await bar.getAttribute('data-count')).toBe('1')
    expect(await bar.getAttribute('fill')).toBe(
      LEVERS.find((l) => l.id === 'finance-funding')!.color,
    )
    expect(await card.locator('.online').getAttribute('data-online')).toBe('1')
    const overview = dash.locator('.overview .lever-chart')
    await waitFor(async () => (await overview.getAttribute('data-total')) === '2', {
      what: 'the session chart total',
    })
    expect(await dash.locator('[data-total="notes"]').textContent()).toBe('2')
    // The table alternative holds the same numbers.
    await overview.locator('summary').click()
    const row = overview.locator('tr', { has: dash.locator('th', { hasText: 'So What?' }) })
    expect(await row.locator('td').allTextContents()).toEqual(['1', '0', '1'])
    await shot(dash, 'dashboard-desktop.png')
  })

  it('stops polling while the tab is hidden and catches up when it is shown', async () => {
    const energy = await boardLinks(ROOMS[0]!)
    const polls: string[] = []
    const onRequest = (r: { url(): string }) => {
      if (new URL(r.url()).pathname === `/api/sessions/${sessionId}`) polls.push(r.url())
    }
    dash.on('request', onRequest)
    const setHidden = (hidden: boolean) =>
      dash.evaluate((h) => {
        Object.defineProperty(document, 'visibilityState', {
          configurable: true,
          get: () => (h ? 'hidden' : 'visible'),
        })
        document.dispatchEvent(new Event('visibilitychange'))
      }, hidden)
    await setHidden(true)
    await dash.getByText('Paused while this tab is hidden').waitFor()
    const whileHidden = polls.length
    // A note arrives while nobody looks: the server has it, the hidden page does not ask.
    const writer = await connectNode(server.url, energy.id, tokenOf(energy.participant))
    nodes.push(writer)
    // A client with only the link: its note names its author, which it becomes [F14.3].
    createNote(writer.doc, {
      text: 'Written while the dashboard was hidden',
      column: 'what',
      authorId: 'u-writer',
    })
    const facilitator = await dash
      .locator('.join-link[data-link="session-facilitator"] input')
      .inputValue()
    await waitFor(
      async () => {
        const s = await server.getJson<{ boards: Array<{ id: string; notes: { total: number } }> }>(
          `/api/sessions/${sessionId}`,
          tokenOf(facilitator),
        )
        return s.boards.find((b) => b.id === energy.id)?.notes.total === 3
      },
      { what: 'the third note on the server' },
    )
    expect(polls.length).toBe(whileHidden)
    expect(await energy.card.locator('.figure[data-column="what"] dd').textContent()).toBe('0')

    await setHidden(false)
    await waitFor(
      async () =>
        (await energy.card.locator('.figure[data-column="what"] dd').textContent()) === '1',
      { what: 'the figures after the tab is shown again', timeoutMs: 10_000 },
    )
    await dash.locator('.poll-status.is-live').waitFor()
    dash.off('request', onRequest)
  })

  it('copies each join link and shows its QR code', async () => {
    const copied: string[] = []
    for (const name of ROOMS) {
      const links = await boardLinks(name)
      await links.card.locator('.board-links > summary').click()
      for (const role of ['participant', 'observer', 'facilitator'] as const) {
        const url = links[role]
        expect(url).toMatch(new RegExp(`^${server.url}/b/${links.id}#t=[A-Za-z0-9_-]+$`))
        const row = links.card.locator(`.join-link[data-link="${role}"]`)
        await row.getByRole('button', { name: 'Copy' }).click()
        await waitFor(
          async () => (await dash.evaluate(() => navigator.clipboard.readText())) === url,
          { what: `the ${role} link of ${name} in the clipboard` },
        )
        copied.push(url)
        await row.getByRole('button', { name: /QR code/ }).click()
        await row.locator('.qr svg path').first().waitFor()
      }
    }
    expect(new Set(copied).size).toBe(9)
    // The session participant link (room choice) shows its QR code at once.
    const invite = dash.locator('.join-link[data-link="session-participant"]')
    expect(await invite.locator('input').inputValue()).toMatch(
      new RegExp(`^${server.url}/s/${sessionId}#t=`),
    )
    await invite.locator('.qr svg').waitFor()
    await shot(dash, 'dashboard-links.png')
  })

  it('locks every room at once, sets the phase and broadcasts; a participant sees Locked', async () => {
    const rooms = await Promise.all(ROOMS.map((n) => boardLinks(n)))
    const watchers = await Promise.all(
      rooms.map((r) => connectNode(server.url, r.id, tokenOf(r.observer))),
    )
    nodes.push(...watchers)
    const mobility = await openAs(browser, LEA, rooms[1]!.participant)
    opened.push(mobility)
    await mobility.page.waitForSelector('.top-bar', { timeout: PAGE_MS })
    expect(await mobility.page.locator('.badge.locked').count()).toBe(0)

    await dash.getByRole('button', { name: 'Lock all', exact: true }).click()
    await mobility.page
      .locator('.badge.locked')
      .waitFor({ timeout: 10_000 })
      .catch((e: Error) => {
        throw new Error(`${e.message}\npage errors: ${mobility.errors.join('\n')}`)
      })
    for (const w of watchers) {
      await waitFor(() => readMeta(w.doc).locked, { what: 'the lock on every board' })
    }
    await waitFor(
      async () => (await dash.locator('.control-outcome').textContent())?.includes('3 rooms'),
      { what: 'the outcome line' },
    )

    await dash.locator('.controls .segmented').getByRole('button', { name: 'So What?' }).click()
    await dash.getByLabel('Message to every room').fill('Back to the plenary in two minutes')
    await dash.getByRole('button', { name: 'Send' }).click()
    for (const w of watchers) {
      await waitFor(
        () =>
          readMeta(w.doc).phase === 'so-what' &&
          readBroadcast(w.doc)?.message === 'Back to the plenary in two minutes',
        { what: 'the phase and the message on every board' },
      )
    }
    await dash.getByRole('button', { name: 'Unlock all', exact: true }).click()
    await mobility.page.locator('.badge.locked').waitFor({ state: 'detached', timeout: 10_000 })
    for (const w of watchers) {
      await waitFor(() => !readMeta(w.doc).locked, { what: 'unlocked everywhere' })
    }
    expect(mobility.errors.filter((e) => e.startsWith('pageerror'))).toEqual([])
  })

  it('downloads the session harvest as JSON, Markdown and CSV', async () => {
    const files: Record<string, string> = {}
    for (const format of ['json', 'md', 'csv']) {
      const [download] = await Promise.all([
        dash.waitForEvent('download'),
        dash.locator(`.harvest-button[data-format="${format}"]`).click(),
      ])
      expect(download.suggestedFilename()).toBe(
        `cluster-session-the-first-year-session-harvest.${format}`,
      )
      const path = await download.path()
      files[format] = readFileSync(path, 'utf8')
    }
    const json = JSON.parse(files.json!)
    expect(validateSession(json), ajv.errorsText(validateSession.errors)).toBe(true)
    expect(json.session).toMatchObject({ id: sessionId, title: TITLE })
    expect(json.boards).toHaveLength(3)
    expect(files.json).toContain(NOTE)
    expect(files.md).toContain(TITLE)
    expect(files.md).toContain(NOTE)
    expect(files.csv).toContain(NOTE)
  })

  it('fits a 360 px screen, with no serious accessibility problems', async () => {
    // The lever tables too: a table wider than its card scrolls, and its box takes the focus.
    for (const d of await dash.locator('details.chart-table').all()) {
      await d.evaluate((el) => el.setAttribute('open', ''))
    }
    await dash.setViewportSize({ width: 360, height: 780 })
    const overflow = await dash.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    )
    expect(overflow).toBe(0)
    expect(await seriousViolations(dash)).toEqual([])
    await dash.screenshot({ path: join(ARTIFACTS, 'dashboard-360.png') })
    await dash.locator('.board-card').first().scrollIntoViewIfNeeded()
    await dash.screenshot({ path: join(ARTIFACTS, 'dashboard-360-room.png') })
    await dash.setViewportSize({ width: 1360, height: 900 })
    expect(await seriousViolations(dash)).toEqual([])
  })

  it('revokes a room’s participant link: the old link stops working at once, the new one is shown', async () => {
    const rooms = await boardLinks(ROOMS[1]!)
    const before = rooms.participant
    const old = await connectNode(server.url, rooms.id, tokenOf(before))
    nodes.push(old)
    const closes: number[] = []
    old.provider.on('connection-close', (e: CloseEvent | null) => {
      if (e) closes.push(e.code)
    })
    const link = rooms.card.locator('.join-link[data-link="participant"]')
    await rooms.card.locator('details.board-links').evaluate((d) => d.setAttribute('open', ''))
    await link.locator('[data-action="revoke-link"]').click()
    // It says what it does before it does it.
    expect(await link.locator('.revoke-confirm').textContent()).toContain('disconnected')
    await link.locator('[data-action="confirm-revoke"]').click()
    await waitFor(() => closes.includes(4403), { what: 'the old link closed with 4403' })
    await waitFor(async () => (await link.locator('input').inputValue()) !== before, {
      what: 'the new link on the dashboard',
    })
    const after = await link.locator('input').inputValue()
    const fresh = await connectNode(server.url, rooms.id, tokenOf(after))
    nodes.push(fresh)
    expect(fresh.provider.synced).toBe(true)
    expect(await link.locator('.revoke-status').textContent()).toContain('new one')
  })

  it('keeps the room picker for participants of the session', async () => {
    const link = await dash
      .locator('.join-link[data-link="session-participant"] input')
      .inputValue()
    const p = await openAs(browser, LEA, link)
    opened.push(p)
    await p.page.waitForSelector('.room-list')
    expect(await p.page.locator('.room-name').allTextContents()).toEqual(ROOMS)
    expect(await p.page.locator('.dashboard').count()).toBe(0)
  })
})
