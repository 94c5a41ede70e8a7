/**
 * The PNG and SVG images of a board show the dots of a closed vote (and nothing of an open
 * one), as the canvas shows them: the real server, a board seeded with notes and dots over
 * y-websocket, a facilitator's canvas in headless Chromium exporting through the Export menu.
 * The PNG is kept under test/artifacts/export-dots.png to look at. Needs `npm run build` first.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createNote, readBoard, readVote, setVote, setVotes } from '@sensemaking/shared'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, openAs, PAGE_MS, type PersonPage, withTestHooks } from './support/browser'
import { seedBoard } from './support/nodeClient'
import { type CreatedSession, REPO_ROOT, startTestServer, type TestServer } from './support/server'

const ARTIFACTS = join(REPO_ROOT, 'test', 'artifacts')
const MARTA = { id: 'u-marta-exp-0001', name: 'Marta', city: 'Valencia' }

let server: TestServer
let browser: Browser
let session: CreatedSession
const pages: PersonPage[] = []

/** What the Export menu's image item downloads, as bytes. */
async function exportImage(page: Page, id: 'png' | 'svg'): Promise<Buffer> {
  await page.click('button:has-text("Export")')
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 30_000 }),
    page.click(`[data-export="${id}"]`),
  ])
  return readFileSync(await download.path())
}

/** The dot totals an SVG export shows, by note id, read from its markup. */
function dotsIn(svg: string): Record<string, number> {
  const out: Record<string, number> = {}
  for (const m of svg.matchAll(/data-note-id="([^"]+)"[\s\S]*?(?=data-note-id="|$)/g)) {
    const total = /data-dots-total="(\d+)"/.exec(m[0])
    if (total) out[m[1]!] = Number(total[1])
  }
  return out
}

beforeAll(async () => {
  server = await startTestServer()
  browser = await launchBrowser()
  session = await server.createSession({ title: 'E2E image export', boards: ['Energy'] })
})

afterAll(async () => {
  for (const p of pages) await p.context.close().catch(() => {})
  await browser?.close()
  await server?.close()
})

describe('image export', () => {
  it('[F8.2] the PNG and SVG show the dots of a closed vote, and none while it is open', async () => {
    const board = session.boards[0]!
    const fac = board.links.facilitator
    const ids: Record<string, string> = {}
    await seedBoard(
      server.url,
      board.id,
      fac.token,
      (doc) => {
        ids.top = createNote(doc, {
          text: 'District heating first',
          column: 'now-what',
          kind: 'idea',
          lever: 'technology-infrastructure',
          city: 'Leuven',
          author: 'Wouter',
        })
        ids.second = createNote(doc, {
          text: 'A fund for retrofits',
          column: 'now-what',
          kind: 'risk-or-need',
          lever: 'finance-funding',
          city: 'Limassol',
          author: 'Eleni',
        })
        ids.none = createNote(doc, {
          text: 'No dots here',
          column: 'so-what',
          city: 'Kozani',
          author: 'Nikos',
        })
        setVote(doc, { status: 'open', dotsPerPerson: 5, round: 1 })
        setVotes(doc, ids.top!, 'v1', 3)
        setVotes(doc, ids.top!, 'v2', 2)
        setVotes(doc, ids.second!, 'v1', 2)
      },
      (doc) => readBoard(doc).notes.length === 3 && readVote(doc).status === 'open',
    )

    const p = await openAs(browser, MARTA, withTestHooks(fac.url))
    pages.push(p)
    const page = p.page
    await page.waitForSelector('.column-region', { timeout: PAGE_MS })
    await page.waitForSelector(`[data-note-id="${ids.top}"]`)

    // While the vote is open, an image shows nobody's dots.
    const open = (await exportImage(page, 'svg')).toString('utf8')
    expect(open).toContain('District heating first')
    expect(dotsIn(open)).toEqual({})

    await seedBoard(
      server.url,
      board.id,
      fac.token,
      (doc) => setVote(doc, { status: 'closed', dotsPerPerson: 5, round: 1 }),
      (doc) => readVote(doc).status === 'closed',
    )
    await page.waitForSelector(`[data-note-id="${ids.top}"] .note-dots.closed`)

    const svg = (await exportImage(page, 'svg')).toString('utf8')
    expect(dotsIn(svg)).toEqual({ [ids.top!]: 5, [ids.second!]: 2 })
    expect(svg).toContain('Idea')

    const png = await exportImage(page, 'png')
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG')
    mkdirSync(ARTIFACTS, { recursive: true })
    writeFileSync(join(ARTIFACTS, 'export-dots.png'), png)
    writeFileSync(join(ARTIFACTS, 'export-dots.svg'), svg)
    expect(p.errors.filter((e) => e.startsWith('pageerror'))).toEqual([])
  })
})
