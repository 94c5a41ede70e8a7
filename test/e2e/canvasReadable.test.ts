/**
 * The canvas at first open, measured rather than eyeballed: on a 1440×900 laptop a board of
 * 30 (and of 60) notes opens with its three columns in view and note text at 12 CSS px or
 * more on screen (computed size × the canvas's scale); posting a note leaves the camera where
 * it is unless the note would be off screen; a long note says there is more and opens in
 * full; a second note does not take the first one's lever. Screenshots under test/artifacts/.
 * Needs `npm run build` first.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  launchBrowser,
  PAGE_MS,
  type Person,
  type PersonPage,
  withTestHooks,
} from './support/browser'
import { seedBoard } from './support/nodeClient'
import { type CreatedSession, REPO_ROOT, startTestServer, type TestServer } from './support/server'
import { LONG_TEXT, seedNotes, seedTheme } from './support/session'
import { waitFor } from './support/waitFor'

const ARTIFACTS = join(REPO_ROOT, 'test', 'artifacts')
const LAPTOP = { width: 1440, height: 900 }
const AINO: Person = { id: 'u-aino-readable-1', name: 'Aino Virtanen', city: 'Lahti' }
const MIN_PX = 12
const THEME = 'Early outcomes in the cities that started with schools and libraries'

let server: TestServer
let browser: Browser
let session: CreatedSession
const pages: PersonPage[] = []

/** The board in the canvas (remembered on the device as this person's view), settled. */
async function openCanvas(person: Person, url: string, viewport = LAPTOP): Promise<Page> {
  const context = await browser.newContext({ viewport })
  await context.addInitScript((p) => {
    localStorage.setItem('sensemaking:user', JSON.stringify(p))
    localStorage.setItem('sensemaking:view', 'canvas')
  }, person)
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  pages.push({ context, page, errors })
  await page.goto(withTestHooks(url))
  await page.waitForSelector('.note', { timeout: PAGE_MS })
  await page.waitForSelector('.tl-container[data-detail]')
  await settled(page)
  return page
}

/** Where the camera is, read off the screen: the So What? column's box and the zoom shown. */
async function camera(page: Page) {
  const box = await page.locator('[data-column-region="so-what"]').boundingBox()
  const zoom = await page.locator('.zoom-level').textContent()
  if (!box) throw new Error('no So What? region on screen')
  return { ...box, zoom }
}

/** Wait until the camera stops moving (an animated pan or fit has ended). */
async function settled(page: Page) {
  let last = ''
  await waitFor(
    async () => {
      const now = JSON.stringify(await camera(page))
      const still = now === last
      last = now
      return still
    },
    { what: 'the camera to come to rest', intervalMs: 120 },
  )
}

const sameCamera = (a: Awaited<ReturnType<typeof camera>>, b: Awaited<ReturnType<typeof camera>>) =>
  a.zoom === b.zoom &&
  Math.abs(a.x - b.x) < 0.5 &&
  Math.abs(a.y - b.y) < 0.5 &&
  Math.abs(a.width - b.width) < 0.5

/** On-screen sizes of the note text on screen: computed font size × the canvas's scale. */
function textSizes(page: Page) {
  return page.evaluate(() => {
    const canvas = document.querySelector('.tl-container')!.getBoundingClientRect()
    const out: number[] = []
    for (const note of Array.from(document.querySelectorAll<HTMLElement>('.note'))) {
      const r = note.getBoundingClientRect()
      if (r.right < canvas.left || r.left > canvas.right || r.bottom < canvas.top) continue
      if (r.top > canvas.bottom) continue
      const text = note.querySelector<HTMLElement>('.note-text')
      if (!text) continue
      const scale = r.width / note.offsetWidth
      out.push(Number.parseFloat(getComputedStyle(text).fontSize) * scale)
    }
    return out
  })
}

/** The columns' boxes against the canvas's: all three in view? */
function columnsInView(page: Page) {
  return page.evaluate(() => {
    const canvas = document.querySelector('.tl-container')!.getBoundingClientRect()
    return ['what', 'so-what', 'now-what'].map((id) => {
      const r = document.querySelector(`[data-column-region="${id}"]`)!.getBoundingClientRect()
      return r.left >= canvas.left - 0.5 && r.right <= canvas.right + 0.5 && r.top >= canvas.top
    })
  })
}

/**
 * Does the view fit the content? Each column as drawn ends just below its lowest note (its
 * padding, not an empty region), and the three together (not the parking lot) fill the canvas, less its inset, across
 * or down: a fit to anything larger would leave both directions slack.
 */
function fitsContent(page: Page) {
  return page.evaluate(() => {
    const canvas = document.querySelector('.tl-container')!.getBoundingClientRect()
    const regions = Array.from(
      document.querySelectorAll<HTMLElement>('.column-region:not(.parking)'),
    )
    const slack: string[] = []
    let left = Number.POSITIVE_INFINITY
    let right = Number.NEGATIVE_INFINITY
    let top = Number.POSITIVE_INFINITY
    let bottom = Number.NEGATIVE_INFINITY
    for (const region of regions) {
      const r = region.getBoundingClientRect()
      const scale = r.width / region.offsetWidth
      const id = region.dataset.columnRegion
      const notes = Array.from(document.querySelectorAll(`.note[data-column="${id}"]`))
      const lowest = Math.max(...notes.map((n) => n.getBoundingClientRect().bottom))
      // COLUMN_PADDING (40 page px) below the lowest note, and a little for the border.
      if (notes.length > 0 && r.bottom - lowest > 44 * scale)
        slack.push(`${id}: ${((r.bottom - lowest) / scale).toFixed(0)} page px below its notes`)
      left = Math.min(left, r.left)
      right = Math.max(right, r.right)
      top = Math.min(top, r.top)
      bottom = Math.max(bottom, r.bottom)
    }
    const inset = 24
    const across =
      Math.abs(left - canvas.left - inset) < 2 && Math.abs(canvas.right - right - inset) < 2
    const down =
      Math.abs(top - canvas.top - inset) < 2 && Math.abs(canvas.bottom - bottom - inset) < 2
    if (!across && !down)
      slack.push(
        `columns at ${Math.round(left - canvas.left)}, ${Math.round(top - canvas.top)} to ` +
          `${Math.round(canvas.right - right)}, ${Math.round(canvas.bottom - bottom)} from the canvas's edges`,
      )
    return slack
  })
}

/** The note the page's own document holds with this text. */
function noteId(page: Page, text: string) {
  return waitFor(
    () =>
      page.evaluate(
        (t) => window.__board?.readBoard().notes.find((n) => n.text === t && !n.deletedAt)?.id,
        text,
      ),
    { what: `the note "${text}"` },
  )
}

function leverOf(page: Page, id: string) {
  return page.evaluate((i) => window.__board?.readBoard().notes.find((n) => n.id === i)?.lever, id)
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true })
  server = await startTestServer()
  browser = await launchBrowser()
  session = await server.createSession({
    title: 'Cluster session: energy in the north',
    boards: ['Heating and retrofits', 'Mobility', 'Sixty notes'],
  })
  for (const [i, n] of [
    [0, 30],
    [1, 30],
    [2, 60],
  ] as const) {
    const b = session.boards[i]!
    await seedBoard(
      server.url,
      b.id,
      b.links.facilitator.token,
      (doc) => {
        const ids = seedNotes(doc, n)
        seedTheme(doc, THEME, [ids[0]!, ids[3]!])
      },
      (doc) => doc.getMap('notes').size === n,
    )
  }
})

afterAll(async () => {
  for (const p of pages) await p.context.close().catch(() => {})
  await browser?.close()
  await server?.close()
})

describe('the canvas at first open on a 1440×900 laptop', () => {
  for (const [board, n] of [
    [0, 30],
    [2, 60],
  ] as const) {
    it(`a board of ${n} notes opens with its three columns in view and note text at ${MIN_PX} px or more`, async () => {
      const page = await openCanvas(AINO, session.boards[board]!.links.participant.url)
      await page.screenshot({ path: join(ARTIFACTS, `first-open-1440-${n}-notes.png`) })
      expect(await columnsInView(page)).toEqual([true, true, true])
      expect(await fitsContent(page)).toEqual([])
      const sizes = await textSizes(page)
      console.log(
        `[e2e] ${n} notes at first open: zoom ${(await camera(page)).zoom}, note text ` +
          `${Math.min(...sizes).toFixed(1)}–${Math.max(...sizes).toFixed(1)} px on screen ` +
          `(${sizes.length} notes in view)`,
      )
      expect(sizes.length).toBe(n)
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(MIN_PX)
    })
  }

  it('"Fit" fits the content, and comes back to the same view after zooming in', async () => {
    const page = await openCanvas(AINO, session.boards[0]!.links.participant.url)
    const first = await camera(page)
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Zoom in' }).click()
    await settled(page)
    expect(sameCamera(await camera(page), first)).toBe(false)
    await page.getByRole('button', { name: 'Fit', exact: true }).click()
    await settled(page)
    expect(sameCamera(await camera(page), first)).toBe(true)
    expect(await fitsContent(page)).toEqual([])
  })

  it('a long note ends with an ellipsis, never runs into the author line, and opens in full on a click', async () => {
    const page = await openCanvas(AINO, session.boards[0]!.links.participant.url)
    // Every sticky's text ends above its author line (or its bottom edge, zoomed out).
    const overlaps = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('.note')).flatMap((n) => {
        const text = n.querySelector('.note-text')!.getBoundingClientRect()
        const by = n.querySelector('.note-byline')!.getBoundingClientRect()
        const limit = by.height > 0 ? by.top : n.getBoundingClientRect().bottom
        return text.bottom > limit + 0.5 ? [n.dataset.noteId] : []
      }),
    )
    expect(overlaps).toEqual([])

    const id = await noteId(page, LONG_TEXT)
    const text = page.locator(`.note[data-note-id="${id}"] .note-text`)
    const cut = await text.evaluate((el) => ({
      clamp: getComputedStyle(el).webkitLineClamp,
      more: el.scrollHeight > el.clientHeight + 1,
    }))
    expect(cut.more).toBe(true)
    expect(Number(cut.clamp)).toBeGreaterThanOrEqual(1)

    // A press on the sticky, as a person would (tldraw takes pointer events itself).
    const note = (await page.locator(`.note[data-note-id="${id}"]`).boundingBox())!
    await page.mouse.click(note.x + note.width / 2, note.y + note.height / 2)
    const peek = page.locator(`.note-peek[data-peek="${id}"]`)
    await peek.waitFor()
    expect(await peek.locator('.note-peek-text').textContent()).toBe(LONG_TEXT)
    const box = (await peek.boundingBox())!
    expect(box.x).toBeGreaterThanOrEqual(0)
    expect(box.y).toBeGreaterThanOrEqual(0)
    expect(box.x + box.width).toBeLessThanOrEqual(LAPTOP.width)
    expect(box.y + box.height).toBeLessThanOrEqual(LAPTOP.height)
    // The card lies over the neighbouring stickies and does not catch the pointer: a click on
    // it reaches the canvas under it (a shift-click adds the sticky there to the selection).
    const caught = await page.evaluate(
      ({ x, y }) => !!document.elementFromPoint(x, y)?.closest('.note-peek'),
      { x: box.x + box.width / 2, y: box.y + box.height / 2 },
    )
    expect(caught).toBe(false)
    await page.screenshot({ path: join(ARTIFACTS, 'canvas-long-note-open.png') })
    // A note that shows all its text opens nothing more.
    await page.keyboard.press('Escape')
    await peek.waitFor({ state: 'detached' })
  })

  it('a theme whose title its bar cuts far out opens its whole title on a click', async () => {
    const page = await openCanvas(AINO, session.boards[0]!.links.participant.url)
    const title = page.locator('.theme-title > span').first()
    expect(await title.evaluate((el) => el.scrollHeight > el.clientHeight + 1)).toBe(true)
    const bar = (await page.locator('.theme-title').first().boundingBox())!
    await page.mouse.click(bar.x + bar.width / 2, bar.y + bar.height / 2)
    const peek = page.locator('.note-peek[aria-label="The whole theme title"]')
    await peek.waitFor()
    expect(await peek.locator('.note-peek-title').textContent()).toBe(THEME)
    const box = (await peek.boundingBox())!
    expect(box.x).toBeGreaterThanOrEqual(0)
    expect(box.y).toBeGreaterThanOrEqual(0)
    expect(box.x + box.width).toBeLessThanOrEqual(LAPTOP.width)
    expect(box.y + box.height).toBeLessThanOrEqual(LAPTOP.height)
    await page.screenshot({ path: join(ARTIFACTS, 'canvas-theme-title-open.png') })
    await page.keyboard.press('Escape')
    await peek.waitFor({ state: 'detached' })
  })
})

describe('posting on the canvas', () => {
  it('keeps the camera still for a note posted in view, by "+" and by the keys 1 / 2 / 3', async () => {
    const page = await openCanvas(AINO, session.boards[1]!.links.participant.url)
    const before = await camera(page)

    await page.click('[data-add-note="so-what"]')
    await page.waitForSelector('textarea.note-editor')
    await page.keyboard.type('The tram line opens next spring')
    await page.keyboard.press('Enter')
    await page.waitForSelector('textarea.note-editor', { state: 'detached' })
    await settled(page)
    expect(sameCamera(await camera(page), before)).toBe(true)

    for (const [key, text] of [
      ['1', 'Car-free Sundays in the old town'],
      ['3', 'Ask the region for a shared ticket'],
    ] as const) {
      await page.keyboard.press('Escape')
      await page.keyboard.press(key)
      await page.waitForSelector('textarea.note-editor')
      await page.keyboard.type(text)
      await page.keyboard.press('Enter')
      await page.waitForSelector('textarea.note-editor', { state: 'detached' })
      await settled(page)
      expect(sameCamera(await camera(page), before), `after key ${key}`).toBe(true)
      const id = await noteId(page, text)
      const inView = await page.evaluate((i) => {
        const c = document.querySelector('.tl-container')!.getBoundingClientRect()
        const r = document.querySelector(`.note[data-note-id="${i}"]`)!.getBoundingClientRect()
        return r.left >= c.left && r.right <= c.right && r.top >= c.top && r.bottom <= c.bottom
      }, id)
      expect(inView, `the note of key ${key} in view`).toBe(true)
    }
    await page.screenshot({ path: join(ARTIFACTS, 'canvas-after-posting.png') })
  })

  it('pans, keeping the zoom, only when the new note would be off screen', async () => {
    const page = await openCanvas(AINO, session.boards[1]!.links.participant.url)
    // At 100 %: a sticky fits the screen, but not every column does.
    for (let i = 0; i < 2; i++) await page.getByRole('button', { name: 'Zoom in' }).click()
    await settled(page)
    const zoomed = await camera(page)
    await page.keyboard.press('Escape')
    await page.keyboard.press('3')
    await page.waitForSelector('textarea.note-editor')
    await page.keyboard.type('Night buses to the campus')
    await page.keyboard.press('Enter')
    await settled(page)
    const after = await camera(page)
    expect(after.zoom).toBe(zoomed.zoom)
    expect(sameCamera(after, zoomed)).toBe(false)
    const id = await noteId(page, 'Night buses to the campus')
    const box = (await page.locator(`.note[data-note-id="${id}"]`).boundingBox())!
    const canvas = (await page.locator('.tl-container').boundingBox())!
    expect(box.x).toBeGreaterThanOrEqual(canvas.x)
    expect(box.x + box.width).toBeLessThanOrEqual(canvas.x + canvas.width)
    expect(box.y + box.height).toBeLessThanOrEqual(canvas.y + canvas.height)
  })

  it('a second note does not take the first note’s lever: each starts untagged, the picker beside it', async () => {
    const page = await openCanvas(AINO, session.boards[1]!.links.participant.url)
    await page.keyboard.press('Escape')
    await page.keyboard.press('2')
    await page.waitForSelector('textarea.note-editor')
    // While writing, the lever picker is in view, with no lever chosen.
    const picker = page.locator('.selection-toolbar.writing')
    await picker.waitFor()
    expect(await picker.locator('[data-lever=""]').getAttribute('aria-pressed')).toBe('true')
    // Beside the note, inside the screen.
    const bar = (await picker.boundingBox())!
    expect(bar.y).toBeGreaterThanOrEqual(0)
    expect(bar.x).toBeGreaterThanOrEqual(0)
    expect(bar.x + bar.width).toBeLessThanOrEqual(LAPTOP.width)
    expect(bar.y + bar.height).toBeLessThanOrEqual(LAPTOP.height)
    await page.keyboard.type('Green bonds for the depot')
    await picker.locator('[data-lever="finance-funding"]').click()
    // The caret stayed in the note: typing goes on.
    await page.keyboard.type(' roof')
    await page.keyboard.press('Enter')
    const first = await noteId(page, 'Green bonds for the depot roof')
    await waitFor(async () => (await leverOf(page, first)) === 'finance-funding', {
      what: 'the first note tagged Finance',
    })
    // The sticky shows a short name and a shape; the whole name is a hover away.
    const band = page.locator(`.note[data-note-id="${first}"] .note-band`)
    expect(await band.getAttribute('title')).toBe('Finance and funding')
    expect(await band.locator('.note-lever').textContent()).toBe('Finance')
    expect(await band.locator('[data-shape]').count()).toBe(1)

    await page.keyboard.press('Escape')
    await page.keyboard.press('2')
    await page.waitForSelector('textarea.note-editor')
    await picker.waitFor()
    expect(await picker.locator('[data-lever=""]').getAttribute('aria-pressed')).toBe('true')
    expect(
      await picker.locator('[data-lever="finance-funding"]').getAttribute('aria-pressed'),
    ).toBe('false')
    await page.keyboard.type('Ticket prices for students')
    await page.keyboard.press('Enter')
    const second = await noteId(page, 'Ticket prices for students')
    expect(await leverOf(page, second)).toBeNull()
    expect(await page.locator(`.note[data-note-id="${second}"]`).getAttribute('data-lever')).toBe(
      '',
    )
  })

  it('pages ran without uncaught errors', () => {
    expect(pages.flatMap((p) => p.errors)).toEqual([])
  })
})
