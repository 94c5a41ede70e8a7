/**
 * Facilitation end to end: the real server (in process, port 0, temp data dir, the built
 * client) and headless Chromium, a facilitator and a participant on one board, driven
 * through the UI. The participant's clock runs 7 minutes fast: the shared timer must hide it.
 * Needs `npm run build` first.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { createNote, type Harvest, readBoard } from '@sensemaking/shared'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  centreOf,
  launchBrowser,
  openAs,
  PAGE_MS,
  type PersonPage,
  withTestHooks,
} from './support/browser'
import { connectNode } from './support/nodeClient'
import { type CreatedSession, REPO_ROOT, startTestServer, type TestServer } from './support/server'
import { waitFor } from './support/waitFor'

const ARTIFACTS = join(REPO_ROOT, 'test', 'artifacts')
/** Shapes out of view are in the page but hidden (culled): wait for them attached. */
const ATTACHED = { state: 'attached' } as const
const xy = (p: { x: number; y: number }) => [p.x, p.y] as const
const SHIFT_MS = 7 * 60_000

const MARTA = { id: 'u-marta-fac-0001', name: 'Marta', city: 'Valencia' }
const LEA = { id: 'u-lea-fac-000002', name: 'Léa', city: 'Nantes' }

let server: TestServer
let browser: Browser
let session: CreatedSession
const pages: PersonPage[] = []

/** Make this context's clock run `ms` fast (Date and Date.now), before any page script. */
function shiftClock(ms: number) {
  const Real = Date
  const now = () => Real.now() + ms
  class Shifted extends Real {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(now())
      else super(...(args as [string]))
    }
    static override now() {
      return now()
    }
  }
  globalThis.Date = Shifted as DateConstructor
}

async function open(person: typeof MARTA, link: string, clockShiftMs = 0): Promise<Page> {
  const p = await openAs(browser, person, withTestHooks(link))
  pages.push(p)
  if (clockShiftMs !== 0) {
    await p.context.addInitScript(shiftClock, clockShiftMs)
    await p.page.reload()
  }
  await p.page.waitForSelector('.column-region', { timeout: PAGE_MS })
  return p.page
}

/** Open the facilitator's panel (idempotent). */
async function panel(page: Page): Promise<void> {
  const button = page.locator('[data-action="facilitate"]')
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click()
  await page.waitForSelector('#facilitate-panel')
}

/** The timer as a person reads it, in whole seconds ("4:59" → 299). */
async function timerSeconds(page: Page): Promise<number> {
  const text = (await page.locator('[data-testid="timer"] .timer-value').textContent()) ?? ''
  const m = /^(\d+):(\d{2})$/.exec(text.trim())
  if (!m) throw new Error(`Not a timer reading: "${text}"`)
  return Number(m[1]) * 60 + Number(m[2])
}

async function harvestOf(boardId: string): Promise<Harvest> {
  const fac = session.boards.find((b) => b.id === boardId)!.links.facilitator.token
  return server.getJson<Harvest>(`/api/boards/${boardId}/harvest?format=json`, fac)
}

const allNotes = (h: Harvest) => [...h.columns.flatMap((c) => c.notes), ...h.parkingLot]

const boardOf = (page: Page) =>
  page.evaluate(() => {
    const b = window.__board!.readBoard()
    return { meta: b.meta, notes: b.notes }
  })

interface Box {
  x: number
  y: number
  w: number
  h: number
}

/** The camera's page area, as the canvas publishes it in awareness. */
const viewportOf = (page: Page) =>
  page.evaluate(
    () =>
      (window.__board!.provider.awareness.getLocalState() as { viewport?: Box }).viewport ?? null,
  )

const COLUMN_KEY: Record<string, string> = { what: '1', 'so-what': '2', 'now-what': '3' }

/** Post a sticky with the column's key (the "+" may be out of view) and type its text. */
async function post(page: Page, column: string, text: string): Promise<string> {
  await page.keyboard.press('Escape')
  await page.keyboard.press(COLUMN_KEY[column]!)
  await page.waitForSelector('textarea.note-editor')
  await page.keyboard.type(text)
  await page.keyboard.press('Enter')
  await page.waitForSelector('textarea.note-editor', { state: 'detached' })
  return waitFor(
    () =>
      page.evaluate((t) => window.__board?.readBoard().notes.find((n) => n.text === t)?.id, text),
    { what: `the note "${text}"` },
  )
}

async function shot(page: Page, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true })
  await page.screenshot({ path: join(ARTIFACTS, `facilitation-${name}.png`) })
}

beforeAll(async () => {
  server = await startTestServer()
  browser = await launchBrowser()
  session = await server.createSession({
    title: 'E2E facilitation session',
    boards: ['Energy', 'Mobility'],
  })
})

afterAll(async () => {
  for (const p of pages) await p.context.close().catch(() => {})
  await browser?.close()
  await server?.close()
})

describe('facilitation: a facilitator and a participant whose clock is 7 minutes fast', () => {
  let fac: Page
  let lea: Page

  it('[F8.1] the timer shows the same remaining time on both screens despite the clocks', async () => {
    const board = session.boards[0]!
    fac = await open(MARTA, board.links.facilitator.url)
    lea = await open(LEA, board.links.participant.url, SHIFT_MS)
    // The shift is real in Léa's page: without correction her timer would be 7 minutes off.
    const skew = (await lea.evaluate(() => Date.now())) - Date.now()
    expect(Math.abs(skew - SHIFT_MS)).toBeLessThan(5_000)

    await panel(fac)
    await fac.locator('[data-timer-preset="3"]:not([disabled])').click()
    await lea.waitForSelector('[data-testid="timer"][data-status="running"]')
    for (let i = 0; i < 3; i++) {
      const [a, b] = await Promise.all([timerSeconds(fac), timerSeconds(lea)])
      console.log(`[e2e] timer: facilitator ${a} s, participant (clock +7 min) ${b} s`)
      expect(a).toBeGreaterThan(170)
      expect(a).toBeLessThanOrEqual(180)
      expect(Math.abs(a - b)).toBeLessThanOrEqual(1)
    }

    await fac.click('#facilitate-panel button:has-text("Pause")')
    await lea.waitForSelector('[data-testid="timer"][data-status="paused"]')
    const paused = await timerSeconds(fac)
    expect(Math.abs(paused - (await timerSeconds(lea)))).toBeLessThanOrEqual(1)
    await fac.click('#facilitate-panel button:has-text("+1 min")')
    await waitFor(async () => (await timerSeconds(lea)) >= paused + 59, {
      what: 'a minute more on the participant screen',
    })
    await fac.click('#facilitate-panel button:has-text("Resume")')
    await lea.waitForSelector('[data-testid="timer"][data-status="running"]')
    const [a, b] = await Promise.all([timerSeconds(fac), timerSeconds(lea)])
    expect(Math.abs(a - b)).toBeLessThanOrEqual(1)
    await shot(fac, 'timer-panel')
    await fac.click('#facilitate-panel button:has-text("Stop")')
    await lea.waitForSelector('[data-testid="timer"]', { state: 'detached' })
  })

  it('[F8.1] announces one minute left and the end to screen readers on every screen', async () => {
    await panel(fac)
    // 63 s: one minute left comes 3 s after the start.
    await fac.fill('#facilitate-panel input[type="number"] >> nth=0', '1.05')
    await fac.click('#facilitate-panel form button[type="submit"]:has-text("Start")')
    for (const page of [fac, lea]) {
      await waitFor(
        async () =>
          (await page.locator('[data-testid="timer-announcement"]').textContent()) ===
          'One minute left',
        { what: 'the one-minute announcement', timeoutMs: 10_000 },
      )
    }
    await fac.fill('#facilitate-panel input[type="number"] >> nth=0', '0.05')
    await fac.click('#facilitate-panel form button[type="submit"]:has-text("Start")')
    for (const page of [fac, lea]) {
      await page.waitForSelector('[data-testid="timer"].over', { timeout: 10_000 })
      expect(await page.locator('[data-testid="timer-announcement"]').textContent()).toBe(
        'Time is up',
      )
    }
    await shot(lea, 'timer-over')
    await fac.click('#facilitate-panel button:has-text("Stop")')
    await lea.waitForSelector('[data-testid="timer"]', { state: 'detached' })
  })

  it('[F2.5] the phase set by the facilitator is highlighted for the participant', async () => {
    await panel(fac)
    await fac.click('#facilitate-panel [data-phase="so-what"]')
    await lea.waitForSelector('.column-region.active[data-column-region="so-what"]')
    expect(await lea.locator('.phase-chip').textContent()).toContain('So What')
    expect(await lea.locator('.column-region.active').count()).toBe(1)
    await fac.click('#facilitate-panel [data-phase=""]')
    await lea.waitForSelector('.column-region.active', { state: 'detached' })
  })

  it('[F8.2] dot vote: dots limited to N, totals hidden until closed, then shown and harvested', async () => {
    const board = session.boards[0]!
    const [n1, n2] = await fac.evaluate(() => [
      window.__board!.createNote({ column: 'what', text: 'Heat pumps in schools' }),
      window.__board!.createNote({ column: 'what', text: 'Citizen energy co-ops' }),
    ])
    await lea.waitForSelector(`[data-note-id="${n2}"]`)
    await panel(fac)
    await fac.fill('[data-testid="vote-dots"]', '2')
    await fac.click('[data-action="open-vote"]')
    await lea.waitForSelector('[data-testid="vote-status"][data-dots-left="2"]')

    const add = (id: string) => lea.locator(`[data-note-id="${id}"] [data-dot="add"]`)
    await add(n1!).click()
    await add(n1!).click()
    await lea.waitForSelector('[data-testid="vote-status"][data-dots-left="0"]')
    expect(await add(n2!).isDisabled()).toBe(true)
    await add(n2!).click({ force: true })
    const mine = (id: string) =>
      lea.evaluate(([i, me]) => window.__board!.readBoard().votes.get(i)?.get(me) ?? 0, [
        id,
        LEA.id,
      ] as const)
    expect(await mine(n1!)).toBe(2)
    expect(await mine(n2!)).toBe(0)
    // Take one back and put it elsewhere: still two in all.
    await lea.click(`[data-note-id="${n1}"] [data-dot="remove"]`)
    await add(n2!).click()
    await waitFor(async () => (await mine(n2!)) === 1, { what: 'the moved dot' })
    expect(await mine(n1!)).toBe(1)
    await waitFor(
      async () =>
        (await fac.locator('[data-testid="vote-progress"]').textContent())?.includes(
          '2 placed by 1',
        ),
      { what: 'the facilitator to see the count of dots' },
    )
    // While open, nobody sees totals.
    for (const page of [fac, lea]) expect(await page.locator('[data-dots-total]').count()).toBe(0)
    await shot(lea, 'vote-open')

    await fac.click('[data-action="close-vote"]')
    for (const page of [fac, lea]) {
      await page.waitForSelector(`[data-note-id="${n1}"] [data-dots-total="1"]`)
      await page.waitForSelector(`[data-note-id="${n2}"] [data-dots-total="1"]`)
      expect(await page.locator('[data-dot="add"]').count()).toBe(0)
    }
    const h = await waitFor(
      async () => {
        const hv = await harvestOf(board.id)
        const votes = allNotes(hv)
          .filter((n) => n.id === n1 || n.id === n2)
          .map((n) => n.votes)
        return votes.length === 2 && votes.every((v) => v === 1) && hv
      },
      { what: 'the dots in the harvest' },
    )
    expect(allNotes(h).find((n) => n.id === n1)?.votes).toBe(1)
    await shot(lea, 'vote-closed')
  })

  it('[F8.5] a locked note is marked for the participant, from the selection toolbar', async () => {
    const id = await post(lea, 'now-what', 'Shared procurement of e-buses')
    await fac.waitForSelector(`[data-note-id="${id}"]`)
    await fac.keyboard.press('Escape')
    await fac.click('.zoom-controls >> text=Fit')
    // tldraw hit-tests shapes itself: press where the note is drawn.
    await fac.mouse.click(...xy(await centreOf(fac, `[data-note-id="${id}"] .note-text`)))
    await fac.click('.selection-toolbar [data-action="lock-selection"]')
    await lea.waitForSelector(`[data-note-id="${id}"] .note-locked`, { state: 'attached' })
    await waitFor(
      () =>
        lea.evaluate((i) => window.__board!.readBoard().notes.find((n) => n.id === i)?.locked, id),
      { what: 'the lock in the participant document' },
    )
    // Her own note is read-only now: no toolbar to edit or delete it.
    await lea.click('.zoom-controls >> text=Fit')
    await lea.mouse.click(...xy(await centreOf(lea, `[data-note-id="${id}"] .note-text`)))
    expect(await lea.locator('.selection-toolbar').count()).toBe(0)
  })

  it('[F2.6] a locked board refuses a participant note in the UI and at the server', async () => {
    const board = session.boards[0]!
    expect(await lea.locator('[data-add-note]').count()).toBeGreaterThan(0)
    await panel(fac)
    await fac.click('[data-action="lock-board"]')
    await lea.waitForSelector('.badge.locked')
    await lea.waitForSelector('[data-add-note]', { state: 'detached' })
    expect(await lea.locator('button:has-text("New note")').count()).toBe(0)
    await lea.mouse.click(700, 700)
    await lea.keyboard.press('n')
    expect(await lea.locator('textarea.note-editor').count()).toBe(0)
    await shot(lea, 'locked-board')

    // A modified client writes anyway, with the participant's token: the server reverts it.
    const forced = 'Written past the lock'
    const node = await connectNode(server.url, board.id, board.links.participant.token)
    try {
      expect(readBoard(node.doc).meta.locked).toBe(true)
      const id = createNote(node.doc, { text: forced, column: 'what', authorId: LEA.id })
      await waitFor(() => !readBoard(node.doc).notes.some((n) => n.id === id), {
        what: 'the server to revert the write on the writer replica',
      })
      // Barrier: a facilitator write after the refusal has reached the harvest.
      const barrier = await fac.evaluate(() =>
        window.__board!.createNote({ column: 'what', text: 'Facilitator note after the lock' }),
      )
      const h = await waitFor(
        async () => {
          const hv = await harvestOf(board.id)
          return allNotes(hv).some((n) => n.id === barrier) && hv
        },
        { what: 'the barrier note in the harvest' },
      )
      expect(allNotes(h).some((n) => n.id === id || n.text === forced)).toBe(false)
      expect((await boardOf(fac)).notes.some((n) => n.id === id)).toBe(false)
      expect((await boardOf(lea)).notes.some((n) => n.text === forced)).toBe(false)
    } finally {
      node.close()
    }
    await fac.click('[data-action="lock-board"]')
    await lea.waitForSelector('.badge.locked', { state: 'detached' })
  })

  it('[F8.6] "bring everyone to me" moves the participant camera; following tracks a person', async () => {
    await fac.keyboard.press('Escape')
    for (let i = 0; i < 3; i++) await fac.click('button[aria-label="Zoom in"]')
    const before = await viewportOf(lea)
    await panel(fac)
    await fac.click('[data-action="summon"]')
    const target = (await viewportOf(fac))!
    const close = (v: Box | null, t: Box) =>
      !!v &&
      Math.abs(v.x + v.w / 2 - (t.x + t.w / 2)) < t.w * 0.05 &&
      Math.abs(v.y + v.h / 2 - (t.y + t.h / 2)) < t.h * 0.05 &&
      Math.abs(v.w - t.w) < t.w * 0.1
    expect(close(before, target)).toBe(false)
    await waitFor(async () => close(await viewportOf(lea), target), {
      what: "the participant's camera at the facilitator's view",
    })

    // Léa follows Marta; Marta goes back to the overview, Léa's view comes along.
    await lea.click('.people-button')
    await lea.click(`[data-follow="${MARTA.id}"]`)
    await lea.waitForSelector('[data-testid="following"]')
    await lea.click('.people-button')
    await fac.keyboard.press('Escape')
    await fac.click('.zoom-controls >> text=Fit')
    await waitFor(
      async () => {
        const [v, t] = [await viewportOf(lea), await viewportOf(fac)]
        return !!t && t.w > target.w * 2 && close(v, t)
      },
      { what: 'the follower to track the facilitator' },
    )
    await lea.click('[data-testid="following"] button:has-text("Stop")')
    await lea.waitForSelector('[data-testid="following"]', { state: 'detached' })
  })

  it('[F8.3] private writing: the facilitator sees how many drafts a person holds, never the text', async () => {
    await panel(fac)
    await fac.click('[data-action="start-private"]')
    await lea.waitForSelector('.private-chip')
    if ((await lea.locator('.private-panel').count()) === 0) await lea.click('.private-chip')
    // The panel opens on the screen, beside its chip at the status bar's left end.
    const open = (await lea.locator('.private-panel').boundingBox())!
    expect(open.x).toBeGreaterThanOrEqual(0)
    expect(open.x + open.width).toBeLessThanOrEqual(lea.viewportSize()!.width)
    await lea.click('button:has-text("Add a private note")')
    await panel(fac)
    const row = fac.locator('#facilitate-panel .fac-list li', { hasText: 'Léa' })
    await waitFor(async () => (await row.textContent())?.includes('1 draft'), {
      what: "the participant's draft count",
    })
    await fac.click('[data-action="reveal"]')
    await fac.waitForSelector('[data-action="start-private"]')
  })

  it('[F8.4] a message from the facilitator shows as a banner the participant may dismiss', async () => {
    await panel(fac)
    await fac.fill('#fac-broadcast', 'Five minutes, then we share in plenary')
    await fac.click('#facilitate-panel form:has(#fac-broadcast) button[type="submit"]')
    await lea.waitForSelector('[data-testid="broadcast"]:has-text("Five minutes")')
    await shot(lea, 'broadcast')
    await lea.click('[data-testid="broadcast"] button[aria-label="Dismiss the message"]')
    await lea.waitForSelector('[data-testid="broadcast"]', { state: 'detached' })
    expect(await fac.locator('[data-testid="broadcast"]').count()).toBe(1)
    await fac.click('[data-action="clear-broadcast"]')
    await fac.waitForSelector('[data-testid="broadcast"]', { state: 'detached' })
  })
})

describe('undo and redo of own changes [F8.7]', () => {
  it('undo takes back only my change, never the lock; a participant may undo a new note', async () => {
    const board = session.boards[1]!
    const fac = await open(MARTA, board.links.facilitator.url)
    const lea = await open(LEA, board.links.participant.url)

    // A participant's new note undone: the server keeps the soft delete (not reverted).
    const gone = await post(lea, 'what', 'A note I did not mean to post')
    await fac.waitForSelector(`[data-note-id="${gone}"]`, ATTACHED)
    await lea.mouse.click(1300, 800)
    const live = (page: Page, id: string) =>
      page.evaluate(
        (i) => window.__board!.readBoard().notes.some((n) => n.id === i && n.deletedAt === null),
        id,
      )
    for (let i = 0; i < 10 && (await live(lea, gone)); i++) await lea.keyboard.press('Control+z')
    expect(await live(lea, gone)).toBe(false)
    await fac.waitForSelector(`[data-note-id="${gone}"]`, { state: 'detached' })
    await lea.keyboard.press('Control+Shift+z')
    await fac.waitForSelector(`[data-note-id="${gone}"]`, ATTACHED)
    expect(await live(lea, gone)).toBe(true)

    // Marta tags her note; Léa writes hers; Marta locks the board, then presses undo.
    const mine = await post(fac, 'so-what', 'Grid capacity limits new charging points')
    await fac.click('.selection-toolbar [data-lever="technology-infrastructure"]')
    await lea.waitForSelector(
      `[data-note-id="${mine}"][data-lever="technology-infrastructure"]`,
      ATTACHED,
    )
    const hers = await post(lea, 'now-what', 'Pool grid data between the cities')
    await fac.waitForSelector(`[data-note-id="${hers}"]`, ATTACHED)
    await panel(fac)
    await fac.click('[data-action="lock-board"]')
    await lea.waitForSelector('.badge.locked')
    await fac.keyboard.press('Escape')
    await fac.mouse.click(1300, 820)
    await fac.keyboard.press('Control+z')

    await lea.waitForSelector(`[data-note-id="${mine}"][data-lever=""]`, ATTACHED)
    for (const page of [fac, lea]) {
      const b = await boardOf(page)
      expect(b.meta.locked).toBe(true)
      expect(b.notes.find((n) => n.id === mine)).toMatchObject({
        lever: null,
        text: 'Grid capacity limits new charging points',
      })
      expect(b.notes.find((n) => n.id === hers)).toMatchObject({
        text: 'Pool grid data between the cities',
        deletedAt: null,
      })
    }
    expect(await lea.locator('.badge.locked').count()).toBe(1)
    await shot(fac, 'after-undo')

    await fac.keyboard.press('Control+Shift+z')
    await lea.waitForSelector(
      `[data-note-id="${mine}"][data-lever="technology-infrastructure"]`,
      ATTACHED,
    )
    const h = await waitFor(
      async () => {
        const hv = await harvestOf(board.id)
        return allNotes(hv).find((n) => n.id === mine)?.lever === 'technology-infrastructure' && hv
      },
      { what: 'the redone lever in the harvest' },
    )
    expect(allNotes(h).map((n) => n.id)).toEqual(expect.arrayContaining([gone, mine, hers]))
  })
})

describe('pages', () => {
  it('ran without uncaught errors', () => {
    const errors = pages
      .flatMap((p) => p.errors)
      .filter((e) => !/WebSocket|ERR_CONNECTION|status of 4\d\d/.test(e))
    expect(errors).toEqual([])
  })
})
