/**
 * From breakouts to the plenary, end to end (SESSION-SPEC SE1–SE4, SPEC F11): two rooms with
 * notes, an empty third and a plenary. A facilitator with the session's link sends a theme from
 * room A (the canvas's selection) and two notes from room B (the columns view's selection) to
 * the plenary; a participant there sees them with their room and city; sending again adds
 * nothing; an edit in room B shows "changed since sent" on the plenary until a click refreshes
 * it; themes of one title from both rooms merge into one; the session harvest names every
 * copy's source and reads like the report; the dashboard shows a room's new note within a
 * second. The real server, headless Chromium, node clients in the rooms. Needs `npm run build`.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import {
  createCluster,
  createNote,
  readBoard,
  type SessionHarvest,
  SessionHarvestSchema,
  setText,
  tidyColumn,
} from '@sensemaking/shared'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  centreOf,
  launchBrowser,
  openAs,
  PAGE_MS,
  type PersonPage,
  signIn,
  waitForStill,
} from './support/browser'
import { card, DESKTOP, openColumnsAs, PHONE } from './support/columns'
import { connectNode, type NodeClient } from './support/nodeClient'
import { type CreatedSession, REPO_ROOT, startTestServer, type TestServer } from './support/server'
import { waitFor } from './support/waitFor'

const ARTIFACTS = join(REPO_ROOT, 'test', 'artifacts')
const MARTA = { id: 'u-marta-plen-0001', name: 'Marta', city: 'Valencia' }
const AINO = { id: 'u-aino-plen-00002', name: 'Aino', city: 'Lahti' }

let server: TestServer
let browser: Browser
let session: CreatedSession
/** Node clients on room A (Energy), room B (Mobility) and the plenary. */
let inA: NodeClient
let inB: NodeClient
let inP: NodeClient
const pages: PersonPage[] = []

const boardOf = (name: string) => session.boards.find((b) => b.name === name)!
/** The session facilitator's link to a board: the link that may send to the plenary. */
const facilitatorUrl = (boardId: string) =>
  `${server.url}/b/${boardId}#t=${session.links.facilitator.token}`
const copies = () => readBoard(inP.doc).notes.filter((n) => n.source && n.deletedAt === null)

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(ARTIFACTS, name), fullPage: true })
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true })
  server = await startTestServer()
  browser = await launchBrowser()
  session = await server.createSession({
    title: 'Cluster 2: heat and mobility',
    boards: ['Energy', 'Mobility', 'Food'],
    plenary: true,
  })
  const token = session.links.facilitator.token
  inA = await connectNode(server.url, boardOf('Energy').id, token)
  inB = await connectNode(server.url, boardOf('Mobility').id, token)
  inP = await connectNode(server.url, boardOf('Plenary').id, token)
  const a1 = createNote(inA.doc, {
    text: 'Heat pumps in every school',
    column: 'what',
    lever: 'technology-infrastructure',
    kind: 'early-outcome',
    city: 'Lahti',
    author: 'Aino',
  })
  const a2 = createNote(inA.doc, {
    text: 'District heating tariffs',
    column: 'what',
    lever: 'finance-funding',
    city: 'Umeå',
    author: 'Erik',
  })
  createCluster(inA.doc, {
    title: 'Heating',
    column: 'what',
    x: 60,
    y: 200,
    w: 520,
    h: 320,
    noteIds: [a1, a2],
  })
  // Laid out as a facilitator's "Tidy column" would: the theme's title clear of its notes.
  tidyColumn(inA.doc, 'what')
  createNote(inB.doc, {
    text: 'Bike lanes on every bridge',
    column: 'now-what',
    lever: 'technology-infrastructure',
    kind: 'idea',
    city: 'Nantes',
    author: 'Léa',
  })
  createNote(inB.doc, {
    text: 'Citizens panel on parking',
    column: 'so-what',
    lever: 'democracy-participation',
    city: 'Valencia',
    author: 'Marta',
  })
  const b3 = createNote(inB.doc, {
    text: 'Heat from the metro tunnels',
    column: 'what',
    city: 'Nantes',
  })
  createCluster(inB.doc, {
    title: 'Heating',
    column: 'what',
    x: 60,
    y: 200,
    w: 300,
    h: 300,
    noteIds: [b3],
  })
  tidyColumn(inB.doc, 'what')
  // Both rooms' notes are on the server before anyone looks.
  const reader = await connectNode(server.url, boardOf('Mobility').id, token)
  await waitFor(() => readBoard(reader.doc).notes.length === 3, { what: 'room B seeded' })
  reader.close()
})

afterAll(async () => {
  for (const c of [inA, inB, inP]) c?.close()
  for (const p of pages) await p.context.close().catch(() => {})
  await browser?.close()
  await server?.close()
})

describe('from breakouts to the plenary', () => {
  it('[SE2.1] [F11.5] a facilitator sends a theme from room A by the canvas selection', async () => {
    const a = boardOf('Energy')
    const p = await openAs(browser, MARTA, facilitatorUrl(a.id))
    pages.push(p)
    const page = p.page
    await page.waitForSelector('.column-region', { timeout: 60_000 })
    const themeId = readBoard(inA.doc).clusters[0]!.id
    const title = `.theme-frame[data-theme-id="${themeId}"] .theme-title`
    await page.waitForSelector(title)
    await page.click('.zoom-controls >> text=Fit')
    await waitForStill(page, title)
    // tldraw hit-tests the canvas itself: click the theme's title bar, as a person would.
    const at = await centreOf(page, title)
    await page.mouse.click(at.x, at.y)
    const toolbar = page.getByRole('toolbar', { name: 'Selected themes' })
    await toolbar.getByRole('button', { name: 'Send to Plenary' }).click()
    await expect
      .poll(() => toolbar.locator('.send-outcome').textContent(), { timeout: 15_000 })
      .toBe('Sent 1 theme and 2 notes to Plenary.')
    await waitFor(() => copies().length === 2, { what: 'the theme on the plenary' })
    await shot(page, 'plenary-send-canvas.png')
    // Sending again adds nothing.
    await toolbar.getByRole('button', { name: 'Send to Plenary' }).click()
    await expect
      .poll(() => toolbar.locator('.send-outcome').textContent(), { timeout: 15_000 })
      .toBe('1 was there already.')
    expect(copies()).toHaveLength(2)
    expect(readBoard(inP.doc).clusters.map((c) => c.title)).toEqual(['Heating'])
    expect(p.errors.filter((e) => e.startsWith('pageerror'))).toEqual([])
  })

  it('[SE2.1] a facilitator sends two notes from room B by the columns view selection', async () => {
    const b = boardOf('Mobility')
    const p = await openColumnsAs(browser, MARTA, facilitatorUrl(b.id), DESKTOP)
    pages.push(p)
    const page = p.page
    for (const text of ['Bike lanes on every bridge', 'Citizens panel on parking']) {
      await card(page, text).getByRole('checkbox').check()
    }
    const bar = page.getByRole('region', { name: 'Chosen for the plenary' })
    expect(await bar.textContent()).toContain('Chosen: 2 notes.')
    await shot(page, 'plenary-send-columns.png')
    await bar.getByRole('button', { name: 'Send to Plenary' }).click()
    await expect
      .poll(() => bar.locator('.send-outcome').textContent(), { timeout: 15_000 })
      .toBe('Sent 2 notes to Plenary.')
    await waitFor(() => copies().length === 4, { what: 'two more copies' })
    // Ticking them again and sending adds nothing.
    for (const text of ['Bike lanes on every bridge', 'Citizens panel on parking']) {
      await card(page, text).getByRole('checkbox').check()
    }
    await bar.getByRole('button', { name: 'Send to Plenary' }).click()
    await expect
      .poll(() => bar.locator('.send-outcome').textContent(), { timeout: 15_000 })
      .toBe('2 were there already.')
    expect(copies()).toHaveLength(4)
  })

  it('[F11.1] a participant in the plenary sees every copy with its room and city', async () => {
    const plenary = boardOf('Plenary')
    const p = await openColumnsAs(browser, AINO, plenary.links.participant.url, DESKTOP)
    pages.push(p)
    const page = p.page
    const bike = card(page, 'Bike lanes on every bridge')
    await bike.waitFor()
    expect(await bike.locator('.copy-from').textContent()).toBe('From Mobility')
    expect(await bike.locator('.note-by').textContent()).toContain('Nantes')
    expect(await card(page, 'Heat pumps in every school').locator('.copy-from').textContent()).toBe(
      'From Energy',
    )
    // A participant is not asked to refresh, and cannot send from the plenary.
    expect(await page.locator('.copy-status').count()).toBe(0)
    expect(await page.locator('.pick-box').count()).toBe(0)
    await shot(page, 'plenary-participant.png')
    // On a phone too, each card names its room.
    const phone = await openColumnsAs(browser, AINO, plenary.links.participant.url, PHONE)
    pages.push(phone)
    const tab = phone.page.getByRole('tab', { name: /Now What\?/ })
    await tab.click()
    const onPhone = card(phone.page, 'Bike lanes on every bridge')
    await onPhone.waitFor()
    expect(await onPhone.locator('.copy-from').textContent()).toBe('From Mobility')
    await shot(phone.page, 'plenary-participant-phone.png')
  })

  it('[F11.7] [F11.6] an edit in room B shows "changed since sent" on the plenary until a click refreshes it', async () => {
    const plenary = boardOf('Plenary')
    const p = await openColumnsAs(browser, MARTA, facilitatorUrl(plenary.id), DESKTOP)
    pages.push(p)
    const page = p.page
    const bike = card(page, 'Bike lanes on every bridge')
    await bike.waitFor()
    const source = readBoard(inB.doc).notes.find((n) => n.text.startsWith('Bike lanes'))!
    setText(inB.doc, source.id, 'Bike lanes on every bridge by 2027')
    const changed = page.locator('.copy-status', { hasText: 'Changed in Mobility since sent' })
    await changed.waitFor({ timeout: 15_000 })
    expect(await page.locator('.changed-copies').textContent()).toContain(
      '1 copy changed in its room since it was sent.',
    )
    // Never overwritten silently: the copy still says what was sent.
    expect(copies().some((n) => n.text === 'Bike lanes on every bridge')).toBe(true)
    await shot(page, 'plenary-changed.png')
    await bike.getByRole('button', { name: /^Refresh/ }).click()
    await waitFor(() => copies().some((n) => n.text === 'Bike lanes on every bridge by 2027'), {
      what: 'the refreshed copy',
    })
    await changed.waitFor({ state: 'detached', timeout: 15_000 })
    expect(await page.locator('.changed-copies').count()).toBe(0)
    expect(p.errors.filter((e) => e.startsWith('pageerror'))).toEqual([])
  })

  it('[F11.9] themes of one title from both rooms merge into one plenary theme', async () => {
    const token = session.links.facilitator.token
    const b = boardOf('Mobility')
    const plenary = boardOf('Plenary')
    const themeB = readBoard(inB.doc).clusters[0]!.id
    await server.postJson(`/api/boards/${plenary.id}/send`, token, {
      from: b.id,
      themes: [themeB],
    })
    await waitFor(() => readBoard(inP.doc).clusters.length === 2, { what: 'two themes' })
    const p = await openAs(browser, MARTA, facilitatorUrl(plenary.id))
    pages.push(p)
    const page = p.page
    await page.waitForSelector('.column-region', { timeout: 60_000 })
    const ids = readBoard(inP.doc).clusters.map((c) => c.id)
    const titles = ids.map((id) => `.theme-frame[data-theme-id="${id}"] .theme-title`)
    await page.waitForSelector(titles[1]!)
    await page.click('.zoom-controls >> text=Fit')
    await waitForStill(page, titles[1]!)
    const first = await centreOf(page, titles[0]!)
    const second = await centreOf(page, titles[1]!)
    await page.mouse.click(first.x, first.y)
    await page.keyboard.down('Shift')
    await page.mouse.click(second.x, second.y)
    await page.keyboard.up('Shift')
    await page.getByRole('button', { name: 'Merge 2 themes' }).click()
    await waitFor(() => readBoard(inP.doc).clusters.length === 1, { what: 'one theme' })
    const merged = readBoard(inP.doc).clusters[0]!
    expect(merged.sources.map((s) => s.boardId).sort()).toEqual([boardOf('Energy').id, b.id].sort())
    const members = readBoard(inP.doc).notes.filter((n) => n.clusterId === merged.id)
    expect(members.map((n) => n.text).sort()).toEqual([
      'District heating tariffs',
      'Heat from the metro tunnels',
      'Heat pumps in every school',
    ])
    // The sticky says where it came from.
    const sticky = page.locator(`[data-note-id="${members[0]!.id}"] .copy-from`)
    expect(await sticky.textContent()).toMatch(/^From (Energy|Mobility)$/)
    await shot(page, 'plenary-canvas.png')
    // Nearer, each sticky's footer names its room under the author.
    const stuck = `.note[data-note-id="${members[0]!.id}"]`
    const at = await centreOf(page, stuck)
    await page.mouse.click(at.x, at.y)
    await page.keyboard.press('Shift+2')
    await page.locator(`${stuck} .copy-from`).waitFor()
    await waitForStill(page, stuck)
    await shot(page, 'plenary-canvas-near.png')
  })

  it('[SE1.5] [H12] the session harvest lists each plenary note’s source and reads like the report', async () => {
    const token = session.links.facilitator.token
    const h: SessionHarvest = SessionHarvestSchema.parse(
      await server.getJson(`/api/sessions/${session.id}/harvest?format=json`, token),
    )
    const plenary = h.boards.find((b) => b.board.plenary)!
    const notes = [...plenary.columns.flatMap((c) => c.notes), ...plenary.parkingLot]
    expect(notes).toHaveLength(5)
    for (const n of notes) {
      expect(n.source).toMatchObject({ boardId: expect.any(String), noteId: expect.any(String) })
    }
    expect(notes.map((n) => n.source!.boardName).sort()).toEqual([
      'Energy',
      'Energy',
      'Mobility',
      'Mobility',
      'Mobility',
    ])
    // Every note once in the figures: 2 in Energy and 3 in Mobility, their 5 copies counted once.
    expect(h.summary).toMatchObject({ notes: 5, copies: 5 })
    const res = await fetch(`${server.url}/api/sessions/${session.id}/harvest?format=md`, {
      headers: { authorization: `Bearer ${token}` },
    })
    const md = await res.text()
    for (const heading of [
      '## Common themes',
      '## Looking back (What?)',
      '## Emerging patterns (So What?)',
      '## Looking ahead (Now What?)',
      '## Levers of change',
    ]) {
      expect(md).toContain(heading)
    }
    // The lever section spans both rooms; the empty room takes one line.
    const lever = md.slice(md.indexOf('\n### Technology and infrastructure\n'))
    expect(lever.split('\n')[3]).toBe('2 notes · Energy (1), Mobility (1) · Lahti (1), Nantes (1)')
    expect(md).toContain('Room without notes: Food.')
    expect(md).toContain('| Plenary (+5 copies counted in their rooms) |')
  })

  it('[SE4] the dashboard shows a note’s text within a second of its posting in a room it has not opened', async () => {
    const p = await openAs(browser, MARTA, session.links.facilitator.url, {
      width: 1440,
      height: 1000,
    })
    pages.push(p)
    const page = p.page
    const food = boardOf('Food')
    const room = page.locator(`.board-card[data-board-id="${food.id}"]`)
    await room.locator('.room-digest').waitFor({ timeout: PAGE_MS })
    expect(await room.locator('.room-digest').textContent()).toContain('No notes yet.')
    // A participant of the room the server knows, posting a note of her own [F14.1].
    const giulia = await signIn(server.url, { id: '', name: 'Giulia', city: 'Turin' })
    const inFood = await connectNode(server.url, food.id, food.links.participant.token, giulia)
    try {
      const text = 'Community fridges in every district'
      const posted = Date.now()
      createNote(inFood.doc, {
        text,
        column: 'now-what',
        lever: 'social-innovation',
        author: giulia.name,
        authorId: giulia.id,
        city: giulia.city,
      })
      await room.locator('[data-recent-note]', { hasText: text }).waitFor({ timeout: 10_000 })
      const took = Date.now() - posted
      expect(took).toBeLessThan(1000)
      expect(await room.locator('[data-recent-note] .digest-meta').first().textContent()).toContain(
        'Social innovation',
      )
      expect(await room.locator('[data-notes-total]').textContent()).toBe('1')
      await shot(page, 'plenary-dashboard.png')
    } finally {
      inFood.close()
    }
    expect(p.errors.filter((e) => e.startsWith('pageerror'))).toEqual([])
  })

  it('[SE4] one click on a note the dashboard shows opens its room at that note', async () => {
    const p = await openAs(browser, MARTA, session.links.facilitator.url)
    pages.push(p)
    const food = boardOf('Food')
    const text = 'Community fridges in every district'
    const link = p.page.locator(`.board-card[data-board-id="${food.id}"] a.digest-text`, {
      hasText: text,
    })
    await link.waitFor({ timeout: PAGE_MS })
    const [room] = await Promise.all([p.context.waitForEvent('page'), link.click()])
    // The canvas (a wide screen): the note selected and in view, said to screen readers.
    const toolbar = room.locator('.selection-toolbar[aria-label="Selected notes"]')
    await toolbar.waitFor({ timeout: 60_000 })
    expect(await toolbar.locator(':scope > .sr-only').textContent()).toBe(
      `Selected: ${text}, Now What?`,
    )
    const note = await room.locator('.note', { hasText: text }).boundingBox()
    const view = room.viewportSize()!
    expect(note).not.toBeNull()
    expect(note!.x).toBeGreaterThanOrEqual(0)
    expect(note!.y + note!.height).toBeLessThanOrEqual(view.height)
    // Taken from the address once: a reload does not jump there again; the token stays kept.
    expect(new URL(room.url()).hash).toBe('')
    await room.close()
  })

  it('[SE4] on a phone the link opens the columns view on the note’s column, its card marked', async () => {
    const p = await openAs(browser, MARTA, session.links.facilitator.url, {
      width: 360,
      height: 740,
    })
    pages.push(p)
    const food = boardOf('Food')
    const text = 'Community fridges in every district'
    const link = p.page.locator(`.board-card[data-board-id="${food.id}"] a.digest-text`, {
      hasText: text,
    })
    await link.waitFor({ timeout: PAGE_MS })
    await shot(p.page, 'plenary-dashboard-phone.png')
    const [room] = await Promise.all([p.context.waitForEvent('page'), link.click()])
    const target = room.locator('.note-card[data-target]')
    // A failure here keeps a picture of what the room showed instead.
    await target.waitFor({ timeout: 60_000 }).catch(async (e) => {
      await shot(room, 'plenary-room-phone-failed.png').catch(() => {})
      throw e
    })
    expect(await target.locator('.note-text').textContent()).toBe(text)
    expect(await room.locator('section.column').getAttribute('data-column')).toBe('now-what')
    expect(await room.evaluate(() => document.activeElement?.classList.contains('note-card'))).toBe(
      true,
    )
    await room.close()
  })
})
