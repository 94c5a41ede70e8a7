/**
 * The board's frame in a real session, measured: on a 360×740 phone with the phase, a timer,
 * private writing, a dot vote and a message all on, everything above the first column tab
 * takes 120 CSS px at most, the room's name stays readable and the menu opens inside the
 * screen; the facilitators' message is one line and runs its course; and at 360, 1024 and
 * 1440 px, in both views, every visible button is what the page finds at its centre (nothing
 * covers it), with the lever legend docked beside the board. Screenshots under
 * test/artifacts/. Needs `npm run build` first.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { setBroadcast, setPhase } from '@sensemaking/shared'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  launchBrowser,
  PAGE_MS,
  type Person,
  type PersonPage,
  withTestHooks,
} from './support/browser'
import { openColumnsAs, PHONE, section } from './support/columns'
import { coveredButtons } from './support/coverage'
import { connectNode, seedBoard } from './support/nodeClient'
import { type CreatedSession, REPO_ROOT, startTestServer, type TestServer } from './support/server'
import { everythingOn, seedNotes, seedTheme } from './support/session'
import { waitFor } from './support/waitFor'

const ARTIFACTS = join(REPO_ROOT, 'test', 'artifacts')
const SAMI: Person = { id: 'u-sami-frame-0001', name: 'Sami Lindqvist', city: 'Umeå' }
const DANA: Person = { id: 'u-dana-frame-0002', name: 'Dana Okafor', city: '' }
const BOARD_TITLE = 'Energy and heating in the northern cities'
const FAC = { origin: 'e2e-facilitator' }

let server: TestServer
let browser: Browser
let session: CreatedSession
const pages: PersonPage[] = []

/** A page in the given view (remembered on the device), settled. */
async function openIn(
  view: 'columns' | 'canvas',
  person: Person,
  url: string,
  viewport: { width: number; height: number },
): Promise<Page> {
  if (view === 'columns') {
    const p = await openColumnsAs(browser, person, url, viewport, 'columns')
    pages.push(p)
    return p.page
  }
  const context = await browser.newContext({ viewport, hasTouch: viewport.width < 700 })
  await context.addInitScript((p) => {
    localStorage.setItem('sensemaking:user', JSON.stringify(p))
    localStorage.setItem('sensemaking:view', 'canvas')
  }, person)
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  pages.push({ context, page, errors })
  await page.goto(withTestHooks(url))
  await page.waitForSelector('.note', { state: 'attached', timeout: PAGE_MS })
  await page.waitForSelector('.tl-container[data-detail]')
  return page
}

/** Wait until nothing in the page moves (a camera fit, a layout after a resize). */
async function still(page: Page) {
  let last = ''
  await waitFor(
    async () => {
      const now = await page.evaluate(() =>
        JSON.stringify(
          Array.from(document.querySelectorAll('button'))
            .slice(0, 60)
            .map((b) => {
              const r = b.getBoundingClientRect()
              return [Math.round(r.x), Math.round(r.y)]
            }),
        ),
      )
      const same = now === last
      last = now
      return same
    },
    { what: 'the page to come to rest', intervalMs: 150 },
  )
}

function inside(
  box: { x: number; y: number; width: number; height: number },
  w: number,
  h: number,
) {
  return box.x >= 0 && box.y >= 0 && box.x + box.width <= w + 0.5 && box.y + box.height <= h + 0.5
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true })
  server = await startTestServer()
  browser = await launchBrowser()
  session = await server.createSession({
    title: 'Mobility transition in twin cities',
    boards: [BOARD_TITLE, 'Food and land'],
  })
  const b = session.boards[0]!
  await seedBoard(
    server.url,
    b.id,
    b.links.facilitator.token,
    (doc) => {
      const ids = seedNotes(doc, 30)
      seedTheme(doc, 'Schools and libraries as the first movers of the retrofit wave', [
        ids[0]!,
        ids[3]!,
      ])
      everythingOn(doc)
    },
    (doc) => doc.getMap('notes').size === 30 && doc.getMap('board').get('broadcast') != null,
  )
})

afterAll(async () => {
  for (const p of pages) await p.context.close().catch(() => {})
  await browser?.close()
  await server?.close()
})

describe('a 360×740 phone with the phase, a timer, private writing, a vote and a message on', () => {
  for (const [role, person] of [
    ['participant', SAMI],
    ['facilitator', DANA],
  ] as const) {
    it(`${role}: everything above the first column tab takes 120 px at most`, async () => {
      const p = await openColumnsAs(
        browser,
        person,
        session.boards[0]!.links[role].url,
        PHONE,
        null,
      )
      pages.push(p)
      const page = p.page
      await page.locator('[data-testid="broadcast"]').waitFor()
      await page.locator('[data-testid="timer"]').waitFor()
      await page.locator('.private-chip').waitFor()
      await page.locator('[data-testid="vote-status"]').waitFor()
      await still(page)
      await page.screenshot({ path: join(ARTIFACTS, `phone-360-everything-on-${role}.png`) })
      const tabTop = await page
        .locator('[role="tab"]')
        .first()
        .evaluate((t) => t.getBoundingClientRect().top)
      console.log(`[e2e] ${role} at 360×740, everything on: first column tab at ${tabTop} px`)
      expect(tabTop).toBeLessThanOrEqual(120)
      // "Now" is on the active column's tab.
      expect(await page.locator('[role="tab"].is-now').textContent()).toContain('So What?')

      // The message is one line, and opens in full with a press.
      const msg = page.locator('.broadcast-text')
      const oneLine = await msg.evaluate((el) => {
        const lh = Number.parseFloat(getComputedStyle(el).lineHeight) || 20
        return el.getBoundingClientRect().height < lh * 1.6 + 10
      })
      expect(oneLine).toBe(true)
      await msg.click()
      expect(await msg.getAttribute('aria-expanded')).toBe('true')
      expect(await msg.textContent()).toContain('then we share what surprised you in plenary')
      await msg.click()

      // The room's name: readable on two lines, and whole a press away, inside the screen.
      const title = page.locator('.board-title-button')
      expect(await title.textContent()).toBe(BOARD_TITLE)
      const lines = await title.evaluate(
        (el) =>
          el.getBoundingClientRect().height / Number.parseFloat(getComputedStyle(el).lineHeight),
      )
      expect(Math.round(lines)).toBe(2)
      await title.click()
      const full = page.locator('.title-popover')
      expect(await full.textContent()).toContain(BOARD_TITLE)
      expect(inside((await full.boundingBox())!, PHONE.width, PHONE.height)).toBe(true)
      await page.keyboard.press('Escape')

      // Secondary items live in one menu that opens inside the screen.
      await page.click('[data-action="more"]')
      const panel = page.locator('.more-panel')
      await panel.waitFor()
      expect(inside((await panel.boundingBox())!, PHONE.width, PHONE.height)).toBe(true)
      for (const what of ['.view-toggle', 'button:has-text("Export")', '.people-button'])
        expect(await panel.locator(what).count(), what).toBe(1)
      if (role === 'facilitator') {
        await panel.locator('[data-action="facilitate"]').click()
        const fac = page.locator('#facilitate-panel')
        await fac.waitFor()
        expect(inside((await fac.boundingBox())!, PHONE.width, 10_000)).toBe(true)
      }
      await page.screenshot({ path: join(ARTIFACTS, `phone-360-menu-${role}.png`) })
      await page.keyboard.press('Escape')
      expect(p.errors).toEqual([])
    })
  }
})

describe("the facilitators' message", () => {
  it('runs its course when the phase moves on, and a facilitator can clear it for everyone', async () => {
    const b = session.boards[1]!
    const lea = await openIn('columns', SAMI, b.links.participant.url, { width: 1024, height: 800 })
    const fac = await connectNode(server.url, b.id, b.links.facilitator.token)
    try {
      const send = (message: string) =>
        setBroadcast(
          fac.doc,
          { message, from: 'Dana', at: Date.now(), phase: null, timerOn: false },
          FAC,
        )
      send('Five minutes, then we share')
      const banner = lea.locator('[data-testid="broadcast"]')
      await banner.waitFor()
      setPhase(fac.doc, 'now-what', FAC)
      await banner.waitFor({ state: 'detached' })

      // A facilitator's "Clear for everyone", from the message itself.
      const dana = await openIn('columns', DANA, b.links.facilitator.url, {
        width: 1440,
        height: 900,
      })
      setBroadcast(
        fac.doc,
        { message: 'Back in plenary now', from: 'Dana', at: Date.now(), phase: 'now-what' },
        FAC,
      )
      await banner.waitFor()
      await dana.locator('.broadcast-text').click()
      await dana.click('[data-action="clear-broadcast-everyone"]')
      await banner.waitFor({ state: 'detached' })
    } finally {
      fac.close()
    }
  })
})

describe('a first visit and other people', () => {
  it('asks a facilitator for a name only, and a participant for a name and a city', async () => {
    for (const [role, cityNeeded] of [
      ['facilitator', false],
      ['participant', true],
    ] as const) {
      const context = await browser.newContext({ viewport: PHONE })
      const page = await context.newPage()
      pages.push({ context, page, errors: [] })
      await page.goto(session.boards[1]!.links[role].url)
      await page.locator('form.join-form').waitFor()
      expect(await page.getByText('Your city').textContent()).toBe(
        cityNeeded ? 'Your city' : 'Your city (optional)',
      )
      await page.getByLabel('Your name').fill('Dana Okafor (facilitator)')
      await page.getByRole('button', { name: 'Join the board' }).click()
      if (cityNeeded) {
        expect(await page.getByRole('alert').textContent()).toBe(
          'Please give your name and your city.',
        )
        await page.getByLabel(/Your city/).fill('Umeå')
        await page.getByRole('button', { name: 'Join the board' }).click()
      }
      await page.locator('.board-head').waitFor()
      // Initials from the letters of the name, not "D(".
      expect(await page.locator('.avatar').first().textContent()).toBe('DO')
      await context.close()
    }
  })

  it('draws other people’s cursors on a laptop, not on a phone', async () => {
    const url = session.boards[0]!.links.participant.url
    const mover = await openIn('canvas', SAMI, url, { width: 1440, height: 900 })
    const aino = { id: 'u-aino-frame-0003', name: 'Aino', city: 'Lahti' }
    const laptop = await openIn('canvas', aino, url, { width: 1440, height: 900 })
    const phone = await openIn('canvas', { ...aino, id: 'u-aino-phone-0004' }, url, PHONE)
    const canvas = (await mover.locator('.tl-container').boundingBox())!
    for (let i = 0; i < 8; i++) {
      await mover.mouse.move(canvas.x + 300 + i * 20, canvas.y + 200 + i * 10)
    }
    await laptop.locator('.cursor', { hasText: SAMI.name }).waitFor()
    // The phone has Sami's cursor in its awareness, and draws nothing of it.
    await waitFor(
      () =>
        phone.evaluate((name) => {
          const states = window.__board?.provider.awareness.getStates() ?? new Map()
          return [...states.values()].some(
            (st) =>
              (st as { user?: { name?: string }; cursor?: unknown }).user?.name === name &&
              (st as { cursor?: unknown }).cursor != null,
          )
        }, SAMI.name),
      { what: 'the cursor in the phone’s awareness' },
    )
    expect(await phone.locator('.cursor').count()).toBe(0)
  })
})

describe('nothing covers the board', () => {
  for (const width of [360, 1024, 1440]) {
    const viewport = { width, height: width < 700 ? 740 : 900 }
    for (const view of ['columns', 'canvas'] as const) {
      it(`at ${width} px in the ${view} view, every visible button is the one found at its centre`, async () => {
        const problems: string[] = []
        for (const [role, person] of [
          ['participant', SAMI],
          ['facilitator', DANA],
        ] as const) {
          const page = await openIn(view, person, session.boards[0]!.links[role].url, viewport)
          if (view === 'columns')
            await section(page, 'what').or(section(page, 'so-what')).first().waitFor()
          await still(page)
          const buttons = await page.locator('button:visible').count()
          const covered = await coveredButtons(page)
          problems.push(...covered.map((c) => `${role}: ${c}`))
          // The lever legend is docked: it and the board never overlap.
          const overlap = await page.evaluate(() => {
            const a = document.querySelector('.board-view')!.getBoundingClientRect()
            const b = document.querySelector('.lever-bar')!.getBoundingClientRect()
            const l = document.querySelector('.board-dock')!.getBoundingClientRect()
            return a.bottom > l.top + 0.5 || (b.height > 0 && b.top < a.bottom - 0.5)
          })
          if (overlap) problems.push(`${role}: the lever legend overlaps the board`)
          // With everything on, a laptop's top bar still shows the room's name.
          if (width >= 1024) {
            const title = (await page.locator('.board-title-button').boundingBox())!
            if (title.width < 200)
              problems.push(`${role}: the room's name is ${title.width} px wide`)
          }
          if (role === 'participant') {
            await page.screenshot({ path: join(ARTIFACTS, `legend-${view}-${width}.png`) })
          }
          console.log(`[e2e] ${view} ${width} px, ${role}: ${buttons} buttons checked`)
          await page.context().close()
        }
        expect(problems).toEqual([])
      })
    }
  }
})
