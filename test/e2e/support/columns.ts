/**
 * The columns view in end-to-end tests: open a board in it (the view chosen on the device
 * beforehand, as a person who picked it would have), and find sections and cards.
 */
import type { Browser, Locator, Page } from 'playwright-core'
// The page's `window.__board` (opened with ?testHooks), typed from the client.
import type {} from '../../../client/src/board/testHooks'
import { PAGE_MS, type Person, type PersonPage, signIn, withTestHooks } from './browser'

export const PHONE = { width: 360, height: 740 }
export const DESKTOP = { width: 1440, height: 900 }

/**
 * A new context for one person with the columns view remembered on the device (or, with
 * `view: null`, nothing remembered: the device's default applies), the page opened at `url`
 * with test hooks.
 */
export async function openColumnsAs(
  browser: Browser,
  person: Person,
  url: string,
  viewport = DESKTOP,
  view: 'columns' | 'canvas' | null = 'columns',
): Promise<PersonPage> {
  await signIn(url, person)
  const context = await browser.newContext({ viewport, hasTouch: viewport.width < 700 })
  await context.addInitScript(
    ({ p, v }) => {
      if (!localStorage.getItem('sensemaking:user')) {
        localStorage.setItem('sensemaking:user', JSON.stringify(p))
      }
      if (v && !localStorage.getItem('sensemaking:view'))
        localStorage.setItem('sensemaking:view', v)
    },
    { p: person, v: view },
  )
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`)
  })
  await page.goto(withTestHooks(url))
  try {
    await waitForColumns(page)
  } catch (e) {
    const shown = (
      await page
        .locator('body')
        .textContent()
        .catch(() => '')
    )?.slice(0, 300)
    throw new Error(
      `The columns view did not open (page: ${shown}; errors: ${errors.join(' | ')})`,
      {
        cause: e,
      },
    )
  }
  return { context, page, errors }
}

/** Wait until the columns view shows the board. */
export async function waitForColumns(page: Page): Promise<void> {
  await page.waitForSelector('.columns-view[data-loaded="true"] .column', { timeout: PAGE_MS })
}

/** The section of a column (`null`: the parking lot). */
export function section(page: Page, column: string | null): Locator {
  return page.locator(`section.column[data-column="${column ?? ''}"]`)
}

/** The card showing `text` (a substring), anywhere in the view. */
export function card(page: Page, text: string): Locator {
  return page.locator('li.note-card', { has: page.locator('.note-text', { hasText: text }) })
}

/** Add a note through a column's "Add a note" button and form, by mouse and keys. */
export async function addNote(page: Page, column: string, text: string): Promise<void> {
  await section(page, column).locator('.column-actions button', { hasText: /Add a/ }).click()
  const input = section(page, column).locator('form.add-note textarea')
  await input.waitFor()
  await input.fill(text)
  await input.press('Enter')
  await section(page, column).locator('form.add-note textarea').press('Escape')
}

/** The note's id in the page's own document, by its text. */
export function noteIdByText(page: Page, text: string): Promise<string | undefined> {
  return page.evaluate(
    (t) => window.__board?.readBoard().notes.find((n) => n.text === t && n.deletedAt === null)?.id,
    text,
  )
}

/** True when the page scrolls sideways (it must not at 360 px). */
export function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(
    () => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1,
  )
}
