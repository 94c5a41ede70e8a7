/**
 * Accessibility scans (axe-core) of the columns view, the canvas and the join page, at 360 px
 * and at desktop width: no serious or critical violations (the dashboard's are in
 * dashboard.test.ts). The board is seeded with what a real
 * one holds (levers, a theme, a parking-lot note, right-to-left text, an open dot vote), and
 * the view is scanned with a card in editing and the add form open too.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { AxeBuilder } from '@axe-core/playwright'
import { createCluster, createNote, setPhase, setVote } from '@sensemaking/shared'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, PAGE_MS, type PersonPage, signIn } from './support/browser'
import { DESKTOP, openColumnsAs, PHONE, section } from './support/columns'
import { seedBoard } from './support/nodeClient'
import { type CreatedSession, REPO_ROOT, startTestServer, type TestServer } from './support/server'

const ARTIFACTS = join(REPO_ROOT, 'test', 'artifacts')
const AINO = { id: 'u-aino-a11y-0001', name: 'Aino', city: 'Lahti' }
const FAC = { origin: 'e2e-facilitator' }

let server: TestServer
let browser: Browser
let session: CreatedSession
const pages: PersonPage[] = []

/** Serious and critical violations, as readable lines (rule, impact, first targets). */
async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze()
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} at ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(', ')}`,
    )
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true })
  server = await startTestServer()
  // The people whose notes are seeded are people the server knows, as they would be [F14.1].
  await signIn(server.url, AINO)
  browser = await launchBrowser()
  session = await server.createSession({ title: 'E2E accessibility', boards: ['Mobility'] })
  const board = session.boards[0]!
  await seedBoard(
    server.url,
    board.id,
    board.links.facilitator.token,
    (doc) => {
      const who = { author: 'Aino', city: 'Lahti', authorId: AINO.id }
      const a = createNote(
        doc,
        {
          column: 'what',
          text: 'Bike lanes doubled in two years',
          lever: 'technology-infrastructure',
          ...who,
        },
        FAC,
      )
      const b = createNote(
        doc,
        {
          column: 'what',
          text: 'Citizen assemblies on the climate budget',
          lever: 'democracy-participation',
          ...who,
        },
        FAC,
      )
      createNote(
        doc,
        {
          column: 'so-what',
          text: 'Green bonds need a pipeline of projects',
          lever: 'finance-funding',
          author: 'Léa',
          city: 'Nantes',
          authorId: 'u-lea',
        },
        FAC,
      )
      createNote(
        doc,
        {
          column: 'now-what',
          text: 'שיתוף הציבור בתכנון התחבורה',
          lever: 'social-innovation',
          author: 'Noor',
          city: 'Haifa',
          authorId: 'u-noor',
        },
        FAC,
      )
      createNote(
        doc,
        { column: null, text: 'Ask the mayor’s office about data sharing', ...who },
        FAC,
      )
      createCluster(
        doc,
        { title: 'Early outcomes', column: 'what', x: 20, y: 160, w: 500, h: 260, noteIds: [a, b] },
        FAC,
      )
      setPhase(doc, 'what', FAC)
      setVote(doc, { status: 'open', dotsPerPerson: 3, round: 1 }, FAC)
    },
    (doc) => doc.getMap('notes').size === 5,
  )
})

afterAll(async () => {
  for (const p of pages) await p.context.close().catch(() => {})
  await browser?.close()
  await server?.close()
})

describe('axe-core: no serious or critical violations', () => {
  for (const [name, viewport] of [
    ['360 px', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    it(`the columns view at ${name}, reading, editing and adding`, async () => {
      const p = await openColumnsAs(
        browser,
        AINO,
        session.boards[0]!.links.participant.url,
        viewport,
      )
      pages.push(p)
      const page = p.page
      await section(page, 'what').locator('.theme').waitFor()
      expect(await seriousViolations(page)).toEqual([])
      await page.screenshot({ path: join(ARTIFACTS, `a11y-columns-${viewport.width}.png`) })

      await section(page, 'what').getByRole('button', { name: /^Edit/ }).first().click()
      await section(page, 'what').locator('li.note-card.editing textarea').waitFor()
      await section(page, 'what')
        .getByRole('button', { name: /Add a note/ })
        .click()
      await section(page, 'what').locator('form.add-note textarea').waitFor()
      expect(await seriousViolations(page)).toEqual([])
      await page.screenshot({ path: join(ARTIFACTS, `a11y-columns-editing-${viewport.width}.png`) })
    })

    it(`the canvas at ${name}, with a note selected`, async () => {
      const context = await browser.newContext({ viewport, hasTouch: viewport.width < 700 })
      await context.addInitScript((p) => {
        localStorage.setItem('sensemaking:user', JSON.stringify(p))
        localStorage.setItem('sensemaking:view', 'canvas')
      }, AINO)
      const page = await context.newPage()
      pages.push({ context, page, errors: [] })
      await page.goto(session.boards[0]!.links.participant.url)
      await page.waitForSelector('.note', { state: 'attached', timeout: PAGE_MS })
      await page.waitForSelector('.tl-container[data-detail]')
      expect(await seriousViolations(page)).toEqual([])
      // Her own note, selected: the selection toolbar and its lever picker are scanned too.
      const own = page.locator('.note', { hasText: 'Bike lanes doubled' })
      const box = await own.boundingBox()
      if (box) {
        await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
        await page.locator('.selection-toolbar').waitFor()
        expect(await seriousViolations(page)).toEqual([])
      }
      await page.screenshot({ path: join(ARTIFACTS, `a11y-canvas-${viewport.width}.png`) })
    })

    it(`the join page at ${name}`, async () => {
      // A first visit: nothing remembered on the device, so the board asks for a name and a city.
      const context = await browser.newContext({ viewport })
      pages.push({ context, page: await context.newPage(), errors: [] })
      const page = pages.at(-1)!.page
      await page.goto(session.boards[0]!.links.participant.url)
      await page.locator('form.join-form').waitFor()
      expect(await seriousViolations(page)).toEqual([])
    })
  }
})
