/**
 * Note kinds end to end [F3.9]: a participant gives a note a kind in the columns view with the
 * keyboard only, a facilitator changes it from the canvas's selection toolbar, and the harvest
 * carries it. The real server, headless Chromium, a node client watching the document.
 * Needs `npm run build` first.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { createNote, type Harvest, readBoard } from '@sensemaking/shared'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  centreOf,
  launchBrowser,
  openAs,
  PAGE_MS,
  type PersonPage,
  waitForStill,
  withTestHooks,
} from './support/browser'
import { addNote, card, DESKTOP, noteIdByText, openColumnsAs } from './support/columns'
import { connectNode, type NodeClient } from './support/nodeClient'
import { type CreatedSession, REPO_ROOT, startTestServer, type TestServer } from './support/server'
import { waitFor } from './support/waitFor'

const ARTIFACTS = join(REPO_ROOT, 'test', 'artifacts')
const AINO = { id: 'u-aino-kind-0001', name: 'Aino', city: 'Lahti' }
const MARTA = { id: 'u-marta-kind-002', name: 'Marta', city: 'Valencia' }

let server: TestServer
let browser: Browser
let session: CreatedSession
let watcher: NodeClient
const pages: PersonPage[] = []

const kindOf = (text: string) => readBoard(watcher.doc).notes.find((n) => n.text === text)?.kind

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true })
  server = await startTestServer()
  browser = await launchBrowser()
  session = await server.createSession({ title: 'E2E kinds', boards: ['Mobility'] })
  const b = session.boards[0]!
  watcher = await connectNode(server.url, b.id, b.links.facilitator.token)
})

afterAll(async () => {
  watcher?.close()
  for (const p of pages) await p.context.close().catch(() => {})
  await browser?.close()
  await server?.close()
})

describe('note kinds', () => {
  it('[F3.9] a participant sets a kind in the columns view by keyboard; it is optional', async () => {
    const b = session.boards[0]!
    const p = await openColumnsAs(browser, AINO, b.links.participant.url, DESKTOP)
    pages.push(p)
    const page = p.page
    await addNote(page, 'so-what', 'Health moves people more than carbon does')
    await addNote(page, 'so-what', 'A note that keeps no kind')
    await waitFor(() => kindOf('A note that keeps no kind') === null, { what: 'both notes stored' })

    const note = card(page, 'Health moves people')
    await note.getByRole('button', { name: /^Edit/ }).click()
    const select = page.locator('li.note-card.editing select[data-field="kind"]')
    await select.waitFor()
    expect(await select.locator('option').allTextContents()).toEqual([
      'No kind',
      'Common challenge',
      'Insight or aha moment',
      'Possibility',
      'Blind spot',
    ])
    // Keyboard only: focus the kind's select, step down twice, leave with Done. On a slow device
    // the second step comes before the board has caught up with the first: it must still step on
    // from the person's choice (the CPU slowed, as on a phone, so the test sees it every run).
    const cdp = await p.context.newCDPSession(page)
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 12 })
    await select.focus()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    await waitFor(() => kindOf('Health moves people more than carbon does') === 'insight', {
      what: 'the kind on the server',
    })
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 })
    await page.keyboard.press('Tab')
    await page.screenshot({ path: join(ARTIFACTS, 'kinds-columns-editing.png') })
    await page.locator('li.note-card.editing button', { hasText: 'Done' }).click()
    await expect.poll(() => note.locator('.kind-tag').textContent()).toBe('Insight or aha moment')
    expect(await card(page, 'keeps no kind').locator('.kind-tag').count()).toBe(0)

    expect(p.errors.filter((e) => e.startsWith('pageerror'))).toEqual([])
    await page.screenshot({ path: join(ARTIFACTS, 'kinds-columns.png') })
  })

  it('[F3.9] a facilitator changes it from the canvas selection toolbar; the harvest carries it', async () => {
    const b = session.boards[0]!
    const id = await waitFor(
      () => readBoard(watcher.doc).notes.find((n) => n.text.startsWith('Health'))?.id,
      { what: 'the note' },
    )
    createNote(watcher.doc, { text: 'Looking back, in another column', column: 'what' })
    const p = await openAs(browser, MARTA, withTestHooks(b.links.facilitator.url))
    pages.push(p)
    const page = p.page
    await page.waitForSelector('.column-region', { timeout: PAGE_MS })
    const sticky = page.locator(`[data-note-id="${id}"]`)
    await sticky.waitFor()
    expect(await sticky.locator('.note-kind').textContent()).toBe('Insight or aha moment')
    // Every column in view, so both notes can be clicked.
    await page.click('.zoom-controls >> text=Fit')
    await waitForStill(page, `[data-note-id="${id}"]`)
    // tldraw hit-tests the canvas itself: click where the sticky is, as a person would.
    const at = await centreOf(page, `[data-note-id="${id}"]`)
    await page.mouse.click(at.x, at.y)
    const picker = page.locator('.selection-toolbar select[data-field="kind"]')
    await picker.waitFor()
    await picker.selectOption('blind-spot')
    await waitFor(() => kindOf('Health moves people more than carbon does') === 'blind-spot', {
      what: 'the new kind on the server',
    })
    await expect.poll(() => sticky.locator('.note-kind').textContent()).toBe('Blind spot')
    await page.screenshot({ path: join(ARTIFACTS, 'kinds-canvas.png') })

    // Notes of two columns: kinds belong to a column, so there is none to offer.
    const other = readBoard(watcher.doc).notes.find((n) => n.text.startsWith('Looking back'))!.id
    await page.keyboard.press('Escape')
    const there = await centreOf(page, `[data-note-id="${other}"]`)
    await page.mouse.click(there.x, there.y)
    await picker.waitFor()
    expect(await picker.locator('option').first().textContent()).toBe('No kind')
    await page.keyboard.down('Shift')
    await page.mouse.click(at.x, at.y)
    await page.keyboard.up('Shift')
    await waitFor(async () => (await picker.count()) === 0, {
      what: 'no kind select for two columns',
    })
    expect(await page.locator('.selection-toolbar .lever-picker').count()).toBe(1)

    const h = await server.getJson<Harvest>(
      `/api/boards/${b.id}/harvest?format=json`,
      b.links.facilitator.token,
    )
    const notes = h.columns.flatMap((c) => c.notes)
    expect(notes.find((n) => n.id === id)).toMatchObject({ kind: 'blind-spot', source: null })
    expect(notes.find((n) => n.text === 'A note that keeps no kind')!.kind).toBeNull()
    expect(await noteIdByText(page, 'Looking back, in another column')).toBe(other)
  })

  it('[F3.9] on the canvas by keyboard only: ] selects a note and puts the keyboard on its kind', async () => {
    const b = session.boards[0]!
    const p = await openAs(browser, MARTA, withTestHooks(b.links.facilitator.url))
    pages.push(p)
    const page = p.page
    await page.waitForSelector('.column-region', { timeout: 60_000 })
    await page.waitForSelector('[data-note-id]')
    // No mouse: the first note of the first column, then the next ones, by ].
    await page.keyboard.press(']')
    const first = readBoard(watcher.doc)
      .notes.filter((n) => n.column === 'what' && n.deletedAt === null)
      .sort((a, c) => a.y - c.y || a.x - c.x)[0]!
    const picker = page.locator('.selection-toolbar select[data-field="kind"]')
    await picker.waitFor()
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-field')), {
        timeout: 10_000,
      })
      .toBe('kind')
    expect(await page.locator('.selection-toolbar [aria-live]').textContent()).toContain(first.text)
    await page.keyboard.press('ArrowDown')
    await waitFor(
      () => readBoard(watcher.doc).notes.find((n) => n.id === first.id)?.kind === 'early-outcome',
      {
        what: 'the kind set by keyboard',
      },
    )
    // ] again steps to the next note (the first one of So What?), the keyboard still in the toolbar.
    await page.keyboard.press(']')
    await expect
      .poll(() => page.locator('.selection-toolbar [aria-live]').textContent(), {
        timeout: 10_000,
      })
      .toContain('So What?')
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-field')), {
        timeout: 10_000,
      })
      .toBe('kind')
    await page.screenshot({ path: join(ARTIFACTS, 'kinds-canvas-keyboard.png') })
    // Escape gives the keyboard back to the canvas; the note stays selected.
    await page.keyboard.press('Escape')
    expect(
      await page.evaluate(() => document.activeElement?.closest('.selection-toolbar')),
    ).toBeNull()
    expect(await page.locator('.selection-toolbar').count()).toBe(1)
  })
})
