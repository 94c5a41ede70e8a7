/**
 * The board's top bar fits its screen: at 360, 412, 768, 1024 and 1440 px wide, in the
 * canvas and the columns view, for a participant and a facilitator, nothing in it overflows
 * or leaves the screen, and it keeps to a sensible height. Screenshots of each are saved
 * under test/artifacts/topbar-*.png to look at. Needs `npm run build` first.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, PAGE_MS, type PersonPage } from './support/browser'
import { openColumnsAs } from './support/columns'
import { type CreatedSession, REPO_ROOT, startTestServer, type TestServer } from './support/server'
import { waitFor } from './support/waitFor'

const ARTIFACTS = join(REPO_ROOT, 'test', 'artifacts')
const PERSON = { id: 'u-sami-topbar-01', name: 'Sami Lindqvist', city: 'Umeå' }
const WIDTHS = [360, 412, 768, 1024, 1440]

let server: TestServer
let browser: Browser
let session: CreatedSession
const pages: PersonPage[] = []

/** What of the top bar is off the screen or clipped, and how tall it is. */
function measure(page: Page) {
  return page.evaluate(() => {
    const bar = document.querySelector('header.top-bar') as HTMLElement
    const vw = document.documentElement.clientWidth
    const out: string[] = []
    for (const el of Array.from(bar.querySelectorAll<HTMLElement>('*'))) {
      const r = el.getBoundingClientRect()
      if (r.width === 0 || r.height === 0 || el.closest('.popover, [role="dialog"]')) continue
      if (r.left < -1 || r.right > vw + 1)
        out.push(`${el.className || el.tagName} ${Math.round(r.left)}..${Math.round(r.right)}`)
    }
    if (bar.scrollWidth > bar.clientWidth + 1)
      out.push(`bar scrolls: ${bar.scrollWidth} > ${bar.clientWidth}`)
    const sideways = document.documentElement.scrollWidth > vw + 1
    return { out: out.slice(0, 5), height: bar.getBoundingClientRect().height, sideways }
  })
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true })
  server = await startTestServer()
  browser = await launchBrowser()
  session = await server.createSession({
    title: 'Mobility transition in twin cities',
    boards: ['Energy and heating in the north'],
  })
})

afterAll(async () => {
  for (const p of pages) await p.context.close().catch(() => {})
  await browser?.close()
  await server?.close()
})

describe('the top bar fits the screen', () => {
  for (const role of ['participant', 'facilitator'] as const) {
    for (const view of ['columns', 'canvas'] as const) {
      it(`${role}, ${view} view, at ${WIDTHS.join(', ')} px`, async () => {
        const link = session.boards[0]!.links[role].url
        const p = await openColumnsAs(browser, PERSON, link, { width: 1440, height: 900 })
        pages.push(p)
        const page = p.page
        if (view === 'canvas') {
          await page.locator('.view-toggle button', { hasText: 'Canvas' }).click()
          await page.waitForSelector('.column-region', { timeout: PAGE_MS })
        }
        const problems: string[] = []
        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: width < 700 ? 740 : 900 })
          await page.waitForFunction(
            () => document.documentElement.clientWidth === window.innerWidth,
          )
          // Two rows at most on a phone, one on a desktop screen. Polled: the layout settles
          // a frame or two after a resize.
          const maxHeight = width < 700 ? 120 : 72
          const check = async () => {
            const m = await measure(page)
            const found = [...m.out]
            if (m.sideways) found.push('the page scrolls sideways')
            if (m.height > maxHeight) found.push(`${Math.round(m.height)} px tall`)
            return found
          }
          let found: string[] = []
          await waitFor(
            async () => {
              found = await check()
              return found.length === 0
            },
            {
              timeoutMs: 3000,
              what: `the top bar at ${width} px`,
            },
          ).catch(() => {})
          await page.screenshot({ path: join(ARTIFACTS, `topbar-${role}-${view}-${width}.png`) })
          if (found.length > 0) problems.push(`${width}: ${found.join('; ')}`)
        }
        expect(problems).toEqual([])
      })
    }
  }
})
