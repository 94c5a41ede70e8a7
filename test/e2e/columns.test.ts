/**
 * The columns view end to end: the real server (in process, port 0, temp data dir, the
 * built client) and headless Chromium, two people on one board, driven through the view's
 * buttons and keys. Needs `npm run build` first.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import {
  createCluster,
  createNote,
  type Harvest,
  RETRO_TEMPLATE,
  readBoard,
  setItemsLocked,
  setLocked,
  setPhase,
  setVote,
} from '@sensemaking/shared'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { launchBrowser, PAGE_MS, type PersonPage } from './support/browser'
import {
  addNote,
  card,
  DESKTOP,
  noteIdByText,
  openColumnsAs,
  PHONE,
  scrollsSideways,
  section,
} from './support/columns'
import { connectNode, type NodeClient } from './support/nodeClient'
import { type CreatedSession, REPO_ROOT, startTestServer, type TestServer } from './support/server'
import { waitFor } from './support/waitFor'

const ARTIFACTS = join(REPO_ROOT, 'test', 'artifacts')
const FAC = { origin: 'e2e-facilitator' }

const AINO = { id: 'u-aino-cols-0001', name: 'Aino', city: 'Lahti' }
const LEA = { id: 'u-lea-cols-00002', name: 'Léa', city: 'Nantes' }
const SAMI = { id: 'u-sami-cols-0003', name: 'Sami', city: 'Umeå' }
const NOOR = { id: 'u-noor-cols-0004', name: 'Noor', city: 'Haifa' }

let server: TestServer
let browser: Browser
let session: CreatedSession
const pages: PersonPage[] = []
const clients: NodeClient[] = []

async function open(person: typeof AINO, url: string, viewport = DESKTOP): Promise<Page> {
  const p = await openColumnsAs(browser, person, url, viewport)
  pages.push(p)
  return p.page
}

async function facilitator(boardIndex: number): Promise<NodeClient> {
  const b = session.boards[boardIndex]!
  const c = await connectNode(server.url, b.id, b.links.facilitator.token)
  clients.push(c)
  return c
}

async function harvestOf(s: CreatedSession, boardId: string): Promise<Harvest> {
  const token = s.boards.find((b) => b.id === boardId)!.links.facilitator.token
  return server.getJson<Harvest>(`/api/boards/${boardId}/harvest?format=json`, token)
}

const inHarvest = (h: Harvest) => [...h.columns.flatMap((c) => c.notes), ...h.parkingLot]

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true })
  server = await startTestServer()
  browser = await launchBrowser()
  session = await server.createSession({
    title: 'E2E columns session',
    boards: ['Mobility', 'Energy', 'Buildings', 'Water'],
  })
})

afterAll(async () => {
  for (const c of clients) c.close()
  for (const p of pages) await p.context.close().catch(() => {})
  await browser?.close()
  await server?.close()
})

describe('columns view: two people on one board', () => {
  it('adds, edits, tags, moves, files under a theme and deletes a note; the other person sees each change', async () => {
    const board = session.boards[0]!
    const aino = await open(AINO, board.links.participant.url)
    const lea = await open(LEA, board.links.participant.url)

    const text = 'Tram line extension delayed by procurement'
    await addNote(aino, 'so-what', text)
    await section(lea, 'so-what').locator('.note-text', { hasText: text }).waitFor()
    const id = await waitFor(() => noteIdByText(aino, text), { what: 'the new note' })
    const leaCard = lea.locator(`li.note-card[data-note-id="${id}"]`)
    await expect(leaCard.locator('.note-by').textContent()).resolves.toContain('Aino · Lahti')

    // The other person hears about it, briefly and politely.
    await waitFor(
      async () =>
        (await lea.locator('[data-live-region]').textContent())?.includes(
          'New note in So What? from Lahti',
        ),
      { what: 'the announcement of the new note' },
    )

    // Edit: the textarea is bound to the note's Y.Text; typing appends at the caret.
    const ainoCard = aino.locator(`li.note-card[data-note-id="${id}"]`)
    await ainoCard.getByRole('button', { name: /^Edit/ }).click()
    const input = ainoCard.locator('textarea')
    await expect(input.evaluate((el) => el === document.activeElement)).resolves.toBe(true)
    await aino.keyboard.type(' by two years')
    await waitFor(
      async () => (await leaCard.locator('.note-text').textContent()) === `${text} by two years`,
      {
        what: 'the edited text for the other person',
      },
    )

    // Tag a lever.
    await ainoCard.locator('select[data-field="lever"]').selectOption('governance-policy')
    await leaCard.locator('.lever-tag', { hasText: 'Governance and policy' }).waitFor()

    // Move to another column: the note is placed inside that column's region [F7.1].
    await ainoCard.locator('select[data-field="column"]').selectOption('now-what')
    await section(lea, 'now-what').locator(`li[data-note-id="${id}"]`).waitFor()
    expect(await section(lea, 'so-what').locator(`li[data-note-id="${id}"]`).count()).toBe(0)
    // Focus follows the note to its new place.
    await waitFor(
      () =>
        aino.evaluate((i) => document.activeElement?.closest(`[data-note-id="${i}"]`) !== null, id),
      {
        what: 'focus on the moved note',
      },
    )

    // File it under a theme of its column.
    const fac = await facilitator(0)
    createCluster(
      fac.doc,
      {
        id: 'theme-procurement',
        title: 'Procurement',
        column: 'now-what',
        x: 2600,
        y: 150,
        w: 700,
        h: 300,
      },
      FAC,
    )
    await ainoCard.getByRole('button', { name: /^Edit/ }).click()
    await ainoCard
      .locator('select[data-field="theme"] option[value="theme-procurement"]')
      .waitFor({ state: 'attached' })
    await ainoCard.locator('select[data-field="theme"]').selectOption('theme-procurement')
    await section(lea, 'now-what')
      .locator('.theme', { hasText: 'Procurement' })
      .locator(`li[data-note-id="${id}"]`)
      .waitFor()

    const h = await harvestOf(session, board.id)
    expect(inHarvest(h).find((n) => n.id === id)).toMatchObject({
      text: `${text} by two years`,
      column: 'now-what',
      lever: 'governance-policy',
      city: 'Lahti',
    })

    // Delete (soft), then undo from the toast.
    await aino
      .locator(`li.note-card[data-note-id="${id}"]`)
      .getByRole('button', { name: /^Delete/ })
      .click()
    await leaCard.waitFor({ state: 'detached' })
    const undo = aino.locator('.undo-toast').getByRole('button', { name: 'Undo' })
    await expect(undo.evaluate((el) => el === document.activeElement)).resolves.toBe(true)
    await undo.click()
    await lea.locator(`li.note-card[data-note-id="${id}"]`).waitFor()

    // Léa may not edit Aino's note: no editing controls on it.
    expect(await leaCard.getByRole('button', { name: /^Edit/ }).count()).toBe(0)
    await aino.screenshot({ path: join(ARTIFACTS, 'columns-desktop.png') })
  })

  it('a note added at 360×740 by keyboard alone appears for the other person; the page never scrolls sideways', async () => {
    const board = session.boards[1]!
    const sami = await open(SAMI, board.links.participant.url, PHONE)
    const lea = await open(LEA, board.links.participant.url)
    expect(await sami.locator('[role="tablist"]').count()).toBe(1)
    expect(await scrollsSideways(sami)).toBe(false)

    // Tab to the first "Add a note" button, as a keyboard user would.
    let found = false
    for (let i = 0; i < 60 && !found; i++) {
      await sami.keyboard.press('Tab')
      found = await sami.evaluate(() =>
        /Add a note/.test(document.activeElement?.textContent ?? ''),
      )
    }
    expect(found).toBe(true)
    await sami.keyboard.press('Enter')
    const text = 'Heat pumps in every school by 2030'
    await sami.keyboard.type(text)
    await sami.keyboard.press('Enter')
    await section(lea, 'what').locator('.note-text', { hasText: text }).waitFor()
    await section(sami, 'what').locator('.note-text', { hasText: text }).waitFor()
    expect(await scrollsSideways(sami)).toBe(false)

    // Tabs follow the keyboard: arrow to the next column.
    await sami.locator('[role="tab"][aria-selected="true"]').focus()
    await sami.keyboard.press('ArrowRight')
    await section(sami, 'so-what').waitFor()
    expect(await sami.locator('[role="tab"][aria-selected="true"]').textContent()).toContain(
      'So What?',
    )
    await sami.keyboard.press('ArrowLeft')
    await section(sami, 'what').waitFor()
    await sami.screenshot({ path: join(ARTIFACTS, 'columns-360.png'), fullPage: true })
  })

  it('a phone opens the columns view by default; a chosen view is remembered on the device', async () => {
    const board = session.boards[1]!
    const p = await openColumnsAs(browser, SAMI, board.links.participant.url, PHONE, null)
    pages.push(p)
    expect(await p.page.locator('.view-toggle [aria-pressed="true"]').textContent()).toBe('Columns')
    // On a phone the view is chosen in the top bar's menu.
    await p.page.click('[data-action="more"]')
    await p.page.locator('.view-toggle button', { hasText: 'Canvas' }).click()
    await p.page.waitForSelector('.column-region', { timeout: PAGE_MS })
    await p.page.reload()
    await p.page.waitForSelector('.column-region', { timeout: PAGE_MS })
    expect(await p.page.locator('.view-toggle [aria-pressed="true"]').textContent()).toBe('Canvas')
  })

  it('a second note does not take the first note’s lever: the form starts each one with none', async () => {
    const board = session.boards[3]!
    const aino = await open(AINO, board.links.participant.url)
    const what = section(aino, 'what')
    await what.locator('.column-actions button', { hasText: /Add a/ }).click()
    const form = what.locator('form.add-note')
    const lever = form.locator('select[data-field="lever"]')
    expect(await lever.inputValue()).toBe('')
    await form.locator('textarea').fill('Heat maps of every school building')
    await lever.selectOption('learning-capabilities')
    await form.locator('textarea').press('Enter')
    // The form stays open for the next note, the lever back to none, in view.
    await waitFor(async () => (await form.locator('textarea').inputValue()) === '', {
      what: 'the form cleared after saving',
    })
    expect(await lever.inputValue()).toBe('')
    await form.locator('textarea').fill('Ask the caretakers first')
    await form.locator('textarea').press('Enter')
    const levers = await waitFor(
      () =>
        aino.evaluate(() => {
          const notes = window.__board?.readBoard().notes ?? []
          const lever = (t: string) => notes.find((n) => n.text === t)?.lever
          const a = lever('Heat maps of every school building')
          const b = lever('Ask the caretakers first')
          return a !== undefined && b !== undefined ? [a, b] : null
        }),
      { what: 'both notes in the document' },
    )
    expect(levers).toEqual(['learning-capabilities', null])
  })

  it('right-to-left text renders right to left (dir=auto)', async () => {
    const board = session.boards[1]!
    const noor = await open(NOOR, board.links.participant.url)
    const text = 'שיתוף הציבור בתכנון התחבורה'
    await addNote(noor, 'now-what', text)
    const el = card(noor, text).locator('.note-text')
    await el.waitFor()
    expect(await el.getAttribute('dir')).toBe('auto')
    expect(await el.evaluate((e) => getComputedStyle(e).direction)).toBe('rtl')
    const ltr = card(noor, 'Heat pumps').locator('.note-text')
    expect(await ltr.evaluate((e) => getComputedStyle(e).direction)).toBe('ltr')
  })

  it('marks the active question, runs a dot vote and shows locks', async () => {
    const board = session.boards[2]!
    const fac = await facilitator(2)
    const aino = await open(AINO, board.links.participant.url)
    const lea = await open(LEA, board.links.participant.url)
    await addNote(aino, 'what', 'Bike lanes doubled')
    await addNote(lea, 'what', 'Parking fees reinvested')

    setPhase(fac.doc, 'so-what', FAC)
    const now = section(aino, 'so-what')
    await waitFor(async () => (await now.getAttribute('aria-current')) === 'step', {
      what: 'the active question',
    })
    expect(await now.locator('h2').textContent()).toContain('Now')
    expect(await section(aino, 'what').getAttribute('aria-current')).toBeNull()

    setVote(fac.doc, { status: 'open', dotsPerPerson: 3, round: 1 }, FAC)
    const target = card(aino, 'Parking fees')
    await target.getByRole('button', { name: /^Add a dot/ }).click()
    await target.getByRole('button', { name: /^Add a dot/ }).click()
    await aino.locator('[data-notice="vote"]', { hasText: 'You have 1 of 3 left' }).waitFor()
    // Totals stay hidden while the vote is open.
    expect(await card(lea, 'Parking fees').locator('.dots-total').count()).toBe(0)
    setVote(fac.doc, { status: 'closed', dotsPerPerson: 3, round: 1 }, FAC)
    await card(lea, 'Parking fees').locator('.dots-total', { hasText: '2 dots' }).waitFor()

    // A locked note: read-only for its author, with the reason shown [F8.5].
    const noteId = await waitFor(() => noteIdByText(aino, 'Bike lanes doubled'), {
      what: 'note id',
    })
    setItemsLocked(fac.doc, { notes: [noteId] }, true, FAC)
    await card(aino, 'Bike lanes')
      .locator('.lock-reason', { hasText: 'Locked by a facilitator' })
      .waitFor()
    expect(await card(aino, 'Bike lanes').getByRole('button', { name: /^Edit/ }).count()).toBe(0)

    // A locked board: no way to add, and the reason shown [F2.6].
    setLocked(fac.doc, true, FAC)
    await aino.locator('[data-notice="locked"]').waitFor()
    expect(await aino.getByRole('button', { name: /Add a note/ }).count()).toBe(0)
    expect(await card(lea, 'Parking fees').getByRole('button', { name: /^Edit/ }).count()).toBe(0)
    setLocked(fac.doc, false, FAC)
    await aino
      .getByRole('button', { name: /Add a note/ })
      .first()
      .waitFor()
    expect(readBoard(fac.doc).notes.filter((n) => n.deletedAt === null)).toHaveLength(2)
  })
})

describe('columns view: a dot vote after a voted note is deleted [F5.4]', () => {
  it('the top bar and the notice give the same dots left, and "+" places a dot', async () => {
    const own = await server.createSession({ title: 'E2E dots session', boards: 1 })
    const board = own.boards[0]!
    const fac = await connectNode(server.url, board.id, board.links.facilitator.token)
    clients.push(fac)
    const aino = await open(AINO, board.links.participant.url)
    await addNote(aino, 'what', 'Heat pumps for schools')
    await addNote(aino, 'what', 'District heating')
    setVote(fac.doc, { status: 'open', dotsPerPerson: 3, round: 1 }, FAC)

    const spent = card(aino, 'District heating')
    for (let i = 0; i < 3; i++) await spent.getByRole('button', { name: /^Add a dot/ }).click()
    await aino.locator('[data-notice="vote"]', { hasText: 'You have 0 of 3 left' }).waitFor()
    await aino.waitForSelector('[data-testid="vote-status"][data-dots-left="0"]')

    // Deleted, the note gives its three dots back: both counts say so.
    await spent.getByRole('button', { name: /^Delete/ }).click()
    await aino.locator('[data-notice="vote"]', { hasText: 'You have 3 of 3 left' }).waitFor()
    await aino.waitForSelector('[data-testid="vote-status"][data-dots-left="3"]')

    // And "+" on another note places one.
    await card(aino, 'Heat pumps')
      .getByRole('button', { name: /^Add a dot/ })
      .click()
    await aino.locator('[data-notice="vote"]', { hasText: 'You have 2 of 3 left' }).waitFor()
    await aino.waitForSelector('[data-testid="vote-status"][data-dots-left="2"]')
    const heatPumps = await waitFor(() => noteIdByText(aino, 'Heat pumps for schools'), {
      what: 'note id',
    })
    await waitFor(() => readBoard(fac.doc).votes.get(heatPumps)?.get(AINO.id) === 1, {
      what: 'the dot at the server',
    })
  })
})

describe('columns view: facilitators', () => {
  it('"Tidy column" lays a column’s notes on its grid [F7.6]', async () => {
    const board = session.boards[2]!
    const host = await open(
      { id: 'u-host-cols-0005', name: 'Host', city: 'Brussels' },
      board.links.facilitator.url,
    )
    // Two notes piled on one spot, as a careless import might leave them.
    const fac = await facilitator(2)
    fac.doc.transact(() => {
      for (const text of ['Piled one', 'Piled two']) {
        createNote(fac.doc, { column: 'now-what', text, x: 2700, y: 900 }, FAC)
      }
    }, FAC.origin)
    await card(host, 'Piled two').waitFor()
    const spot = (d: Y.Doc) =>
      new Set(
        readBoard(d)
          .notes.filter((n) => n.column === 'now-what' && n.deletedAt === null)
          .map((n) => `${n.x},${n.y}`),
      ).size
    expect(spot(fac.doc)).toBe(1)
    await section(host, 'now-what')
      .getByRole('button', { name: /^Tidy column/ })
      .click()
    await waitFor(() => spot(fac.doc) === 2, { what: 'the tidied column on the server' })
    // Participants get no such button.
    const aino = await open(AINO, board.links.participant.url)
    expect(await aino.getByRole('button', { name: /^Tidy column/ }).count()).toBe(0)
  })
})

describe('columns view: templates', () => {
  it('a retro board renders its own columns and tags [F2.2]', async () => {
    const retro = await server.createSession({
      title: 'E2E retro',
      boards: ['Team'],
      template: 'retro',
    })
    const board = retro.boards[0]!
    const aino = await open(AINO, board.links.participant.url)
    const titles = await aino.locator('section.column h2').allTextContents()
    expect(titles.map((t) => t.replace('Now', '').trim())).toEqual(
      RETRO_TEMPLATE.columns.map((c) => c.title),
    )
    await addNote(aino, 'actions', 'Pair on the release checklist')
    const id = await waitFor(() => noteIdByText(aino, 'Pair on the release checklist'), {
      what: 'note id',
    })
    const c = aino.locator(`li.note-card[data-note-id="${id}"]`)
    await c.getByRole('button', { name: /^Edit/ }).click()
    const options = await c.locator('select[data-field="lever"] option').allTextContents()
    expect(options).toEqual(['No lever', ...RETRO_TEMPLATE.tags.map((t) => t.label)])
    await c.locator('select[data-field="lever"]').selectOption('process')
    await c.locator('textarea').press('Enter')
    await c.locator('.lever-tag', { hasText: 'Process' }).waitFor()
    const h = await harvestOf(retro, board.id)
    expect(inHarvest(h).find((n) => n.text === 'Pair on the release checklist')).toMatchObject({
      column: 'actions',
      lever: 'process',
    })
    await aino.screenshot({ path: join(ARTIFACTS, 'columns-retro.png') })
  })
})
