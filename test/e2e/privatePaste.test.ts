/**
 * Pasting on the canvas during private writing [F8.3]: pasted text, and a sticky duplicated
 * on the canvas, become drafts on the writer's device, absent from another person's view,
 * from the document and from the harvest until the round is revealed. Outside a round,
 * pasted text becomes a sticky on the board where it was pasted. Needs `npm run build` first.
 */
import { join } from 'node:path'
import {
  createNote,
  readBoard,
  revealPrivateWriting,
  startPrivateWriting,
} from '@sensemaking/shared'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  draftsOf as draftsCount,
  harvestTexts as harvestTextsOf,
  liveTexts,
} from './support/boardState'
import { centreOf, openAs, PAGE_MS, signIn, waitForStill, withTestHooks } from './support/browser'
import { card, openColumnsAs } from './support/columns'
import { connectNode, type NodeClient } from './support/nodeClient'
import { ARTIFACTS, e2eSuite } from './support/suite'
import { waitFor } from './support/waitFor'

const e = e2eSuite('E2E private paste', ['Energy'])

const FAC = { origin: 'e2e-facilitator' }
const SAMI = { id: 'u-sami-paste-001', name: 'Sami', city: 'Umeå' }
const LEA = { id: 'u-lea-paste-0002', name: 'Léa', city: 'Nantes' }
const PASTED = 'District heating co-ops pooled across the twin cities'
const OWN = 'Umeå tariff data is public'

let fac: NodeClient
let sami: Page
let lea: Page

const harvestTexts = () => harvestTextsOf(e.server, e.session.boards[0]!)
const draftsOf = (personId: string) => draftsCount(fac, personId)

/** Put `text` on the system clipboard, press on an empty spot of a column, and paste. */
async function pasteInto(page: Page, column: string, text: string): Promise<void> {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text)
  await page.keyboard.press('Escape')
  const region = (await page.locator(`[data-column-region="${column}"]`).boundingBox())!
  await page.mouse.click(region.x + region.width * 0.7, region.y + region.height * 0.8)
  await page.keyboard.press('Control+V')
}

beforeAll(async () => {
  // The people whose notes are seeded are people the server knows, as they would be [F14.1].
  await signIn(e.server.url, SAMI)
  await signIn(e.server.url, LEA)
  const b = e.session.boards[0]!
  fac = await connectNode(e.server.url, b.id, b.links.facilitator.token)
  createNote(
    fac.doc,
    { text: OWN, column: 'what', author: SAMI.name, city: SAMI.city, authorId: SAMI.id },
    FAC,
  )
  const p = await openAs(e.browser, SAMI, withTestHooks(b.links.participant.url))
  e.pages.push(p)
  await p.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e.server.url })
  sami = p.page
  await sami.waitForSelector('.column-region', { timeout: PAGE_MS })
  const l = await openColumnsAs(e.browser, LEA, b.links.participant.url)
  e.pages.push(l)
  lea = l.page
})

afterAll(async () => {
  fac?.close()
})

describe('[F8.3] pasting on the canvas during private writing', () => {
  it('outside a round, pasted text becomes a sticky in the column it was pasted in', async () => {
    const text = 'Pasted before any private round'
    await pasteInto(sami, 'so-what', text)
    await waitFor(() => readBoard(fac.doc).notes.find((n) => n.text === text), {
      what: 'the pasted note on the server',
    })
    const note = readBoard(fac.doc).notes.find((n) => n.text === text)!
    expect(note).toMatchObject({ column: 'so-what', authorId: SAMI.id, author: SAMI.name })
    await card(lea, text).waitFor()
  })

  it('pasted text and a duplicated sticky stay drafts, out of the other view and the harvest, until revealed', async () => {
    startPrivateWriting(fac.doc, FAC)
    await sami.locator('button.private-chip').waitFor()
    await pasteInto(sami, 'now-what', PASTED)
    await waitFor(() => draftsOf(SAMI.id) === 1, { what: 'the pasted draft in awareness' })

    // Duplicating his own sticky (Ctrl+D) makes a draft too, not a note on the board.
    await sami.keyboard.press('Escape')
    await sami.click('.zoom-controls >> text=Fit')
    await waitForStill(sami, `.note:has-text("${OWN}")`)
    const own = await centreOf(sami, `.note:has-text("${OWN}") .note-text`)
    await sami.mouse.click(own.x, own.y)
    await sami.locator('.selection-toolbar').waitFor()
    await sami.keyboard.press('Control+D')
    await waitFor(() => draftsOf(SAMI.id) === 2, { what: 'the duplicated draft in awareness' })

    await sami.click('button.private-chip')
    const drafts = await sami.$$eval('.private-panel li.note-card.draft textarea', (els) =>
      els.map((e) => (e as HTMLTextAreaElement).value),
    )
    expect(drafts.sort()).toEqual([OWN, PASTED].sort())
    await sami.screenshot({ path: join(ARTIFACTS, 'private-paste-canvas.png') })
    // Absent from the canvas, the document, the other person's view and the harvest.
    expect(await sami.locator('[data-note-id]', { hasText: PASTED }).count()).toBe(0)
    expect(await sami.locator('[data-note-id]', { hasText: OWN }).count()).toBe(1)
    expect(liveTexts(fac.doc)).not.toContain(PASTED)
    expect(liveTexts(fac.doc).filter((t) => t === OWN)).toHaveLength(1)
    expect(await lea.getByText(PASTED).count()).toBe(0)
    expect(await harvestTexts()).not.toContain(PASTED)

    revealPrivateWriting(fac.doc, FAC)
    await waitFor(() => liveTexts(fac.doc).includes(PASTED), { what: 'the revealed paste' })
    await card(lea, PASTED).waitFor()
    await waitFor(() => liveTexts(fac.doc).filter((t) => t === OWN).length === 2, {
      what: 'the revealed duplicate',
    })
    expect(readBoard(fac.doc).notes.find((n) => n.text === PASTED)?.column).toBe('now-what')
    expect(await harvestTexts()).toContain(PASTED)
  })
})
