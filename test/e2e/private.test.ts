/**
 * Private writing end to end [F8.3]: a facilitator starts a round (written into the board by
 * a real y-websocket client with the facilitator's token), participants write in the columns
 * view, and their notes stay on their devices, out of the other people's views and out of
 * the server's harvest, until the round is revealed; then each is written once, laid out in
 * its column. Needs `npm run build` first.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import {
  NOTE_SIZE,
  readBoard,
  revealPrivateWriting,
  startPrivateWriting,
} from '@sensemaking/shared'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import {
  draftsOf as draftsCount,
  harvestTexts as harvestTextsOf,
  liveTexts,
} from './support/boardState'
import { launchBrowser, openAs, PAGE_MS, type PersonPage, withTestHooks } from './support/browser'
import { addNote, card, openColumnsAs, section, waitForColumns } from './support/columns'
import { connectNode, type NodeClient } from './support/nodeClient'
import { type CreatedSession, REPO_ROOT, startTestServer, type TestServer } from './support/server'
import { waitFor } from './support/waitFor'

const ARTIFACTS = join(REPO_ROOT, 'test', 'artifacts')
const AINO = { id: 'u-aino-priv-0001', name: 'Aino', city: 'Lahti' }
const LEA = { id: 'u-lea-priv-00002', name: 'Léa', city: 'Nantes' }
const SAMI = { id: 'u-sami-priv-0004', name: 'Sami', city: 'Umeå' }
const MARTA = { id: 'u-marta-priv-003', name: 'Marta', city: 'Valencia' }
const FAC = { origin: 'e2e-facilitator' }

let server: TestServer
let browser: Browser
let session: CreatedSession
let fac: NodeClient
const pages: PersonPage[] = []

async function open(person: typeof AINO): Promise<PersonPage> {
  const p = await openColumnsAs(browser, person, session.boards[0]!.links.participant.url)
  pages.push(p)
  return p
}

const harvestTexts = () => harvestTextsOf(server, session.boards[0]!)
const draftsOf = (personId: string) => draftsCount(fac, personId)

/** Pairs of live notes of a column lying on one another. */
function overlaps(doc: Y.Doc, column: string): string[] {
  const notes = readBoard(doc).notes.filter((n) => n.deletedAt === null && n.column === column)
  const out: string[] = []
  for (const a of notes) {
    for (const b of notes) {
      if (a.id < b.id && Math.abs(a.x - b.x) < NOTE_SIZE.w && Math.abs(a.y - b.y) < NOTE_SIZE.h) {
        out.push(`${a.text} / ${b.text}`)
      }
    }
  }
  return out
}

/** The texts of the private drafts a page shows (their textareas' values). */
const draftTexts = (page: Page) =>
  page.$$eval('li.note-card.draft textarea', (els) =>
    els.map((e) => (e as HTMLTextAreaElement).value),
  )

const waitForDraft = (page: Page, text: string) =>
  waitFor(async () => (await draftTexts(page)).includes(text), { what: `the draft "${text}"` })

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true })
  server = await startTestServer()
  browser = await launchBrowser()
  session = await server.createSession({ title: 'E2E private writing', boards: ['Energy'] })
  const b = session.boards[0]!
  fac = await connectNode(server.url, b.id, b.links.facilitator.token)
})

afterAll(async () => {
  fac?.close()
  for (const p of pages) await p.context.close().catch(() => {})
  await browser?.close()
  await server?.close()
})

describe('private writing [F8.3]', () => {
  it('keeps notes on the writer’s device until revealed, then writes each once, laid out', async () => {
    const aino = (await open(AINO)).page
    const lea = (await open(LEA)).page
    // A public note first: revealed notes must find free slots around it.
    await addNote(lea, 'so-what', 'Public note before the round')
    await waitFor(() => liveTexts(fac.doc).includes('Public note before the round'), {
      what: 'the public note on the server',
    })

    startPrivateWriting(fac.doc, FAC)
    await aino.locator('[data-notice="private"]').waitFor()
    const mine = 'Our district heating tariff scares investors'
    const hers = 'Nantes citizens want the data first'
    await addNote(aino, 'so-what', mine)
    await addNote(lea, 'so-what', hers)
    await waitForDraft(aino, mine)
    await waitForDraft(lea, hers)
    expect(await aino.locator('li.note-card.draft .draft-badge').textContent()).toContain(
      'Private until revealed',
    )

    // The facilitator sees how many drafts each person holds, never their text.
    await waitFor(() => draftsOf(AINO.id) === 1 && draftsOf(LEA.id) === 1, {
      what: 'draft counts in awareness',
    })
    const states = JSON.stringify([...fac.provider.awareness.getStates().values()])
    expect(states).not.toContain(mine)

    // Absent from the other person's view, from the document and from the harvest.
    expect(await lea.getByText(mine).count()).toBe(0)
    expect(await aino.getByText(hers).count()).toBe(0)
    expect(liveTexts(fac.doc)).not.toContain(mine)
    expect(await harvestTexts()).not.toContain(mine)
    expect(await harvestTexts()).not.toContain(hers)

    await aino.screenshot({ path: join(ARTIFACTS, 'private-draft-desktop.png') })

    // Kept across a reload.
    await aino.reload()
    await waitForColumns(aino)
    await waitForDraft(aino, mine)
    expect(liveTexts(fac.doc)).not.toContain(mine)

    revealPrivateWriting(fac.doc, FAC)
    await waitFor(() => liveTexts(fac.doc).includes(mine) && liveTexts(fac.doc).includes(hers), {
      what: 'both revealed notes on the server',
    })
    await card(lea, mine).waitFor()
    await card(aino, hers).waitFor()
    expect(await aino.locator('li.note-card.draft').count()).toBe(0)
    const harvest = await harvestTexts()
    expect(harvest).toContain(mine)
    expect(harvest).toContain(hers)

    // Laid out: no two notes of the column on one spot (two writers revealed at once).
    await waitFor(() => overlaps(fac.doc, 'so-what').length === 0, {
      what: `no overlapping notes (${overlaps(fac.doc, 'so-what').join('; ')})`,
    })
    await waitFor(() => draftsOf(AINO.id) === 0, { what: 'no drafts left in awareness' })

    // Never written twice, even after a reload replays the reveal check.
    await aino.reload()
    await waitForColumns(aino)
    await section(aino, 'so-what').locator('.note-text', { hasText: mine }).waitFor()
    expect(liveTexts(fac.doc).filter((t) => t === mine)).toHaveLength(1)
    expect(await section(aino, 'so-what').locator('.note-text', { hasText: mine }).count()).toBe(1)
  })

  it('a writer offline at the reveal reveals on coming back', async () => {
    startPrivateWriting(fac.doc, FAC)
    const marta = await open(MARTA)
    await marta.page.locator('[data-notice="private"]').waitFor()
    const idea = 'Valencia could share its heat map with twin cities'
    await addNote(marta.page, 'now-what', idea)
    await waitForDraft(marta.page, idea)
    // Marta leaves (the device keeps the draft), and the round is revealed without her.
    await marta.page.close()
    revealPrivateWriting(fac.doc, FAC)
    expect(liveTexts(fac.doc)).not.toContain(idea)

    const back = await marta.context.newPage()
    await back.goto(session.boards[0]!.links.participant.url)
    await waitForColumns(back)
    await waitFor(() => liveTexts(fac.doc).includes(idea), { what: 'the late writer’s note' })
    await section(back, 'now-what').locator('.note-text', { hasText: idea }).waitFor()
    expect(await harvestTexts()).toContain(idea)
  })

  it('on the canvas, a new sticky becomes a draft in the private notes panel', async () => {
    startPrivateWriting(fac.doc, FAC)
    const p = await openAs(browser, SAMI, withTestHooks(session.boards[0]!.links.participant.url))
    pages.push(p)
    const page = p.page
    await page.waitForSelector('.column-region', { timeout: PAGE_MS })
    await page.locator('button.private-chip').waitFor()
    await page.click('[data-add-note="what"]')
    // The panel opens with the new draft's text in focus.
    const input = page.locator('.private-panel li.note-card.draft textarea')
    await waitFor(() => input.evaluate((el) => el === document.activeElement), {
      what: 'the new draft in focus',
    })
    const text = 'Umeå would pilot the shared heat map'
    await page.keyboard.type(text)
    // Enter finishes, as everywhere else: the draft keeps no line break and the field lets go.
    await page.keyboard.press('Enter')
    await waitFor(() => input.evaluate((el) => el !== document.activeElement), {
      what: 'the draft finished by Enter',
    })
    expect(await input.inputValue()).toBe(text)
    await waitFor(() => draftsOf(SAMI.id) === 1, { what: 'the draft count in awareness' })
    await page.screenshot({ path: join(ARTIFACTS, 'private-canvas-panel.png') })
    expect(await page.locator('[data-note-id]', { hasText: text }).count()).toBe(0)
    expect(liveTexts(fac.doc)).not.toContain(text)
    revealPrivateWriting(fac.doc, FAC)
    await waitFor(() => liveTexts(fac.doc).includes(text), { what: 'the revealed canvas draft' })
    expect(liveTexts(fac.doc).filter((t) => t.startsWith('Umeå would'))).toEqual([text])
    await page.locator('[data-note-id]', { hasText: text }).first().waitFor()
  })
})
