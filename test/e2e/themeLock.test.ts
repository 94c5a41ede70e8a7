/**
 * A locked theme protects its notes [F8.8], end to end: the real server and headless
 * Chromium. A participant's note inside a locked theme is marked locked and stays put on
 * her canvas and read-only in her columns view, while her note outside it still moves; a
 * facilitator moves the locked theme's note; unlocking frees it live. The server's side of
 * the rule is in server/src/integration/themeLocks.test.ts. Needs `npm run build` first.
 */
import { join } from 'node:path'
import {
  createCluster,
  createNote,
  NOTE_SIZE,
  readBoard,
  setItemsLocked,
} from '@sensemaking/shared'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  centreOf,
  drag,
  openAs,
  PAGE_MS,
  signIn,
  waitForStill,
  withTestHooks,
} from './support/browser'
import { card, openColumnsAs } from './support/columns'
import { connectNode, type NodeClient } from './support/nodeClient'
import { ARTIFACTS, e2eSuite } from './support/suite'
import { waitFor } from './support/waitFor'

const e = e2eSuite('E2E theme locks', ['Energy'])

const FAC = { origin: 'e2e-facilitator' }
const LEA = { id: 'u-lea-theme-0001', name: 'Léa', city: 'Nantes' }
const MARTA = { id: 'u-marta-theme-02', name: 'Marta', city: 'Valencia' }
const IN_THEME = 'Tariffs agreed with the utilities'
const OUTSIDE = 'Heat map shared with twin cities'

let fac: NodeClient
let inTheme = ''
let outside = ''
let theme = ''

const noteOn = (id: string) => readBoard(fac.doc).notes.find((n) => n.id === id)!

async function openCanvas(person: typeof LEA, link: string): Promise<Page> {
  const p = await openAs(e.browser, person, withTestHooks(link))
  e.pages.push(p)
  await p.page.waitForSelector('.column-region', { timeout: PAGE_MS })
  return p.page
}

/** Drag a note (by its text) into a column's region with the mouse, from the overview. */
async function dragInto(page: Page, noteId: string, column: string): Promise<void> {
  await page.keyboard.press('Escape')
  await page.click('.zoom-controls >> text=Fit')
  await waitForStill(page, `[data-note-id="${noteId}"]`)
  const from = await centreOf(page, `[data-note-id="${noteId}"] .note-text`)
  const region = (await page.locator(`[data-column-region="${column}"]`).boundingBox())!
  await drag(page, from, { x: region.x + region.width / 2, y: region.y + region.height / 2 }, 25)
}

beforeAll(async () => {
  // The people whose notes are seeded are people the server knows, as they would be [F14.1].
  await signIn(e.server.url, LEA)
  const b = e.session.boards[0]!
  fac = await connectNode(e.server.url, b.id, b.links.facilitator.token)
  const lea = { author: LEA.name, city: LEA.city, authorId: LEA.id }
  inTheme = createNote(fac.doc, { text: IN_THEME, column: 'so-what', ...lea }, FAC)
  outside = createNote(fac.doc, { text: OUTSIDE, column: 'so-what', ...lea }, FAC)
  const n = noteOn(inTheme)
  theme = createCluster(
    fac.doc,
    {
      title: 'Agreed',
      column: 'so-what',
      x: n.x - 28,
      y: n.y - 84,
      w: NOTE_SIZE.w + 56,
      h: NOTE_SIZE.h + 112,
      noteIds: [inTheme],
    },
    FAC,
  )
  setItemsLocked(fac.doc, { clusters: [theme] }, true, FAC)
})

afterAll(async () => {
  fac?.close()
})

describe('[F8.8] a locked theme protects its notes', () => {
  it('a participant’s note in a locked theme is marked locked and stays put on the canvas; her other note moves', async () => {
    const lea = await openCanvas(LEA, e.session.boards[0]!.links.participant.url)
    await lea.waitForSelector(`[data-note-id="${inTheme}"] .note-locked`, { state: 'attached' })
    expect(await lea.locator(`[data-note-id="${outside}"] .note-locked`).count()).toBe(0)
    const before = noteOn(inTheme)

    await dragInto(lea, inTheme, 'now-what')
    // Pressed on, it is not selected: no toolbar to tag or delete it, and Delete does nothing.
    await lea.mouse.click(
      ...(Object.values(await centreOf(lea, `[data-note-id="${inTheme}"] .note-text`)) as [
        number,
        number,
      ]),
    )
    expect(await lea.locator('.selection-toolbar').count()).toBe(0)
    await lea.keyboard.press('Delete')
    // Barrier: her free note's drag reaches the server after whatever the first gesture sent.
    await dragInto(lea, outside, 'now-what')
    await waitFor(() => noteOn(outside).column === 'now-what', { what: 'the free note moved' })
    expect(noteOn(inTheme)).toMatchObject({
      column: 'so-what',
      x: before.x,
      y: before.y,
      clusterId: theme,
      deletedAt: null,
    })
    await lea.screenshot({ path: join(ARTIFACTS, 'theme-lock-participant-canvas.png') })
  })

  it('the columns view shows it read-only, with the reason', async () => {
    const p = await openColumnsAs(e.browser, LEA, e.session.boards[0]!.links.participant.url)
    e.pages.push(p)
    const locked = card(p.page, IN_THEME)
    await locked.locator('.lock-reason', { hasText: 'In a locked theme' }).waitFor()
    expect(await locked.getByRole('button', { name: /^Edit/ }).count()).toBe(0)
    expect(await locked.getByRole('button', { name: /^Delete/ }).count()).toBe(0)
    expect(await card(p.page, OUTSIDE).getByRole('button', { name: /^Edit/ }).count()).toBe(1)
  })

  it('a facilitator moves it; unlocking the theme frees it on the participant’s canvas live', async () => {
    const marta = await openCanvas(MARTA, e.session.boards[0]!.links.facilitator.url)
    await marta.waitForSelector(`[data-note-id="${inTheme}"]`, { state: 'attached' })
    // Marked for her too (it is locked), but not read-only for her.
    await marta.waitForSelector(`[data-note-id="${inTheme}"] .note-locked`, { state: 'attached' })
    await dragInto(marta, inTheme, 'what')
    await waitFor(() => noteOn(inTheme).column === 'what', { what: 'the facilitator’s move' })

    const lea = e.pages[0]!.page
    await lea.waitForSelector(`[data-note-id="${inTheme}"][data-column="what"]`, {
      state: 'attached',
    })
    setItemsLocked(fac.doc, { clusters: [theme] }, false, FAC)
    await lea.waitForSelector(`[data-note-id="${inTheme}"] .note-locked`, { state: 'detached' })
  })
})
