/**
 * Privacy end to end [F13]: the join page's notice and the fuller page; a participant downloads
 * exactly their own notes and erases them in one action, from the device that wrote them, and
 * the notes are gone for everyone (another person's browser, the server's file, the device's
 * own stored copy); the dashboard warns before a session's retention runs out and erases one
 * person's notes. Real server, headless Chromium; screenshots in test/artifacts.
 */
import { getRandomValues } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  authorIdFromKey,
  createNote,
  newAuthorKey,
  type OwnData,
  readBoard,
} from '@sensemaking/shared'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, openAs, type PersonPage, withTestHooks } from './support/browser'
import { connectNode } from './support/nodeClient'
import { postByKey, postWithPlus } from './support/notes'
import { type CreatedSession, REPO_ROOT, startTestServer, type TestServer } from './support/server'
import { waitFor } from './support/waitFor'

const ARTIFACTS = join(REPO_ROOT, 'test', 'artifacts')
const key = () => newAuthorKey((b) => getRandomValues(b))
const LEA_KEY = key()
const LEA = { id: authorIdFromKey(LEA_KEY), key: LEA_KEY, name: 'Léa Marchetti', city: 'Nantes' }
const AINO = { id: 'u-aino-privacy-01', name: 'Aino', city: 'Lahti' }
const LEA_WORDS = ['Kervenic school streets closed to cars', 'Night buses paid by the port']
const AINO_WORDS = 'Lahti pooled heat pump purchases'

let server: TestServer
let browser: Browser
let session: CreatedSession
const people: PersonPage[] = []

async function shot(page: Page, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true })
  await page.screenshot({ path: join(ARTIFACTS, name), fullPage: true })
}

/** The data dir's files that still hold `text`. */
const filesHolding = (text: string) =>
  readdirSync(server.dataDir).filter((f) =>
    readFileSync(join(server.dataDir, f)).includes(Buffer.from(text)),
  )

const texts = (page: Page) =>
  page.evaluate(() =>
    window
      .__board!.readBoard()
      .notes.filter((n) => n.deletedAt === null)
      .map((n) => n.text)
      .sort(),
  )

beforeAll(async () => {
  server = await startTestServer()
  browser = await launchBrowser()
  session = await server.createSession({
    title: 'Privacy session',
    boards: ['Mobility', 'Energy'],
    retentionDays: 3,
  })
})

afterAll(async () => {
  for (const p of people) await p.context.close().catch(() => {})
  await browser?.close()
  await server?.close()
})

describe('privacy in the browser', () => {
  it('[F13.9] the join page says what is stored, where, how long and who sees it, and links the fuller page', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 900 } })
    const page = await context.newPage()
    try {
      await page.goto(session.boards[0]!.links.participant.url)
      const notice = page.getByRole('region', { name: 'Your data' })
      // The paragraph and the session's end come with two requests: wait for both.
      await notice.getByText('This board stores what you give it', { exact: false }).waitFor()
      await notice.locator('.join-retention').waitFor()
      const text = (await notice.textContent()) ?? ''
      for (const words of [
        'name and city',
        'notes',
        'dots',
        'on this server',
        'Everyone with a link',
      ]) {
        expect(text).toContain(words)
      }
      expect(text).toMatch(/kept until .*\d{4}, then erased/)
      const link = notice.getByRole('link', { name: 'How your data is handled' })
      expect(await link.getAttribute('href')).toBe('/privacy')
      expect(await link.getAttribute('target')).toBe('_blank')
      await shot(page, 'privacy-join.png')

      await page.goto(`${server.url}/privacy`)
      await page.getByRole('heading', { name: 'How this board handles your data' }).waitFor()
      const headings = await page.locator('.privacy-page h2').allInnerTexts()
      expect(headings).toEqual([
        'What is stored',
        'Where',
        'How long',
        'Who sees it',
        'Your notes, your choice',
        'What is not kept',
      ])
      expect(await page.locator('.privacy-page').textContent()).toContain('30 days')
      await shot(page, 'privacy-page.png')
    } finally {
      await context.close()
    }
  })

  it('[R8] the operator’s own notice replaces ours, on the join page and the fuller page', async () => {
    const own = await startTestServer({
      notice: {
        short: 'The city of Lahti keeps what you write here for {days} days.',
        full: '# Our rules\nLahti’s data protection officer answers at the town hall.',
      },
    })
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } })
    const page = await context.newPage()
    try {
      const s = await own.createSession({ title: 'Operator notice', boards: 1 })
      await page.goto(s.boards[0]!.links.participant.url)
      const notice = page.getByRole('region', { name: 'Your data' })
      await notice.getByText('The city of Lahti keeps what you write here for 30 days.').waitFor()
      expect(await notice.textContent()).not.toContain('This board stores what you give it')
      await shot(page, 'privacy-join-operator-phone.png')
      await page.goto(`${own.url}/privacy`)
      await page.getByText('data protection officer').waitFor()
      expect(await page.locator('.privacy-page h2').allInnerTexts()).toEqual(['Our rules'])
    } finally {
      await context.close()
      await own.close()
    }
  })

  it('[F13.8] a participant downloads exactly their notes and erases them in one action; they are gone for everyone', async () => {
    const board = session.boards[0]!
    const link = withTestHooks(board.links.participant.url)
    const lea = await openAs(browser, LEA, link)
    const aino = await openAs(browser, AINO, link)
    people.push(lea, aino)
    for (const p of [lea, aino]) await p.page.waitForSelector('.connection.status-connected')
    await postWithPlus(lea.page, 'what', LEA_WORDS[0]!)
    await postByKey(lea.page, 'what', LEA_WORDS[1]!)
    await postWithPlus(aino.page, 'so-what', AINO_WORDS)
    const all = [...LEA_WORDS, AINO_WORDS].sort()
    await waitFor(async () => JSON.stringify(await texts(lea.page)) === JSON.stringify(all), {
      what: 'both pages to hold the three notes',
    })
    await waitFor(async () => JSON.stringify(await texts(aino.page)) === JSON.stringify(all), {
      what: "Aino's page to hold the three notes",
    })

    await lea.page.getByTitle('Change your name or city').click()
    const mine = lea.page.getByRole('region', { name: 'Your notes on this board' })
    await mine.getByText('You wrote 2 notes on this board.').waitFor()
    const [download] = await Promise.all([
      lea.page.waitForEvent('download'),
      mine.getByRole('button', { name: 'Download my notes' }).click(),
    ])
    const data = JSON.parse(readFileSync((await download.path())!, 'utf8')) as OwnData
    expect(data.authorId).toBe(LEA.id)
    expect(data.notes.map((n) => n.text).sort()).toEqual([...LEA_WORDS].sort())
    expect(JSON.stringify(data)).not.toContain(AINO_WORDS)
    await shot(lea.page, 'privacy-my-notes.png')

    await mine.getByRole('button', { name: 'Erase my notes…' }).click()
    await mine.getByRole('alertdialog').waitFor()
    await shot(lea.page, 'privacy-erase-confirm.png')
    await mine.getByRole('button', { name: 'Erase for good' }).click()

    // Everyone: Aino's page carries over to the new epoch and holds her note only.
    await waitFor(
      async () => JSON.stringify(await texts(aino.page)) === JSON.stringify([AINO_WORDS]),
      {
        what: "Léa's notes gone from Aino's page",
        timeoutMs: 20_000,
      },
    )
    await waitFor(
      async () => JSON.stringify(await texts(lea.page)) === JSON.stringify([AINO_WORDS]),
      {
        what: "Léa's notes gone from her own page",
        timeoutMs: 20_000,
      },
    )
    const fresh = await connectNode(server.url, board.id, board.links.observer.token)
    try {
      expect(readBoard(fresh.doc).notes.map((n) => n.text)).toEqual([AINO_WORDS])
    } finally {
      fresh.close()
    }
    for (const words of LEA_WORDS) expect(filesHolding(words)).toEqual([])
    // The device's own copy of the old epoch is deleted once the new one synced.
    await waitFor(
      async () => {
        const dbs = await lea.page.evaluate(async () =>
          (await indexedDB.databases()).map((d) => d.name ?? ''),
        )
        return !dbs.includes(`sensemaking-board-${board.id}`)
      },
      { what: "the old epoch's local database to be deleted" },
    )
    await shot(lea.page, 'privacy-after-erase.png')
    expect(lea.errors.filter((e) => !e.includes('WebSocket'))).toEqual([])
  })

  it('[R5, F13.3] the dashboard warns before the retention runs out, and erases one person’s notes', async () => {
    const energy = session.boards[1]!
    // Two people's notes from one connection are an import: the facilitator's link [F14.3].
    const writer = await connectNode(server.url, energy.id, energy.links.facilitator.token)
    createNote(writer.doc, {
      text: 'Erik: district heating tender',
      column: 'what',
      author: 'Erik',
      city: 'Umeå',
      authorId: 'u-erik',
    })
    createNote(writer.doc, {
      text: 'Sofia: rooftop solar',
      column: 'what',
      author: 'Sofia',
      city: 'Lisbon',
      authorId: 'u-sofia',
    })
    await waitFor(
      async () => {
        const d = await server.getJson<{ boards: { notes: { total: number } }[] }>(
          `/api/sessions/${session.id}`,
          session.links.facilitator.token,
        )
        return d.boards[1]!.notes.total === 2
      },
      { what: 'the dashboard figures' },
    )
    writer.close()

    const context = await browser.newContext({
      viewport: { width: 1440, height: 1000 },
      acceptDownloads: true,
    })
    const dash = await context.newPage()
    try {
      await dash.goto(session.links.facilitator.url)
      const warning = dash.locator('[data-retention="warning"]')
      await warning.waitFor()
      expect(await warning.textContent()).toMatch(
        /In 3 days .* every room of this session is erased/,
      )
      const [md] = await Promise.all([
        dash.waitForEvent('download'),
        warning.getByRole('button', { name: 'Download the harvest (Markdown)' }).click(),
      ])
      expect(readFileSync((await md.path())!, 'utf8')).toContain('Erik: district heating tender')

      const erase = dash.getByRole('region', { name: 'Erase' })
      await erase.getByLabel('Room').selectOption({ label: 'Energy' })
      const person = erase.getByLabel('One person’s notes and dots')
      await person.selectOption({ label: 'Erik · Umeå · 1 note' })
      await erase.getByRole('button', { name: 'Erase this person’s notes…' }).click()
      await shot(dash, 'privacy-dashboard.png')
      await erase.getByRole('button', { name: 'Erase for good' }).click()
      await erase.getByText('Erased 1 note, 0 themes and 0 dots from Energy.').waitFor()
      const after = await connectNode(server.url, energy.id, energy.links.observer.token)
      try {
        expect(readBoard(after.doc).notes.map((n) => n.text)).toEqual(['Sofia: rooftop solar'])
      } finally {
        after.close()
      }
      expect(filesHolding('district heating tender')).toEqual([])
    } finally {
      await context.close()
    }
  })

  it('[F13.8] on a phone, a person reaches their notes from the menu and the panel fits the screen', async () => {
    const board = session.boards[0]!
    const sofiaKey = key()
    // Signed in by openAs: her notes then carry the person id the server issued [F14.1].
    const sofiaPerson = {
      id: authorIdFromKey(sofiaKey),
      key: sofiaKey,
      name: 'Sofia',
      city: 'Lisbon',
    }
    const sofia = await openAs(browser, sofiaPerson, board.links.participant.url, {
      width: 360,
      height: 740,
    })
    people.push(sofia)
    const page = sofia.page
    await page.waitForSelector('.connection.status-connected')
    await page.click('[data-action="more"]')
    await page.getByTitle('Change your name or city').click()
    const mine = page.getByRole('region', { name: 'Your notes on this board' })
    await mine.getByText('You have no notes on this board.').waitFor()
    for (const name of ['Download my notes', 'Erase my notes…']) {
      const box = (await mine.getByRole('button', { name }).boundingBox())!
      expect(box.x).toBeGreaterThanOrEqual(0)
      expect(box.x + box.width).toBeLessThanOrEqual(360)
    }
    await shot(page, 'privacy-phone.png')

    // A note of hers arrives; the confirmation opens below the fold and comes into view whole.
    const writer = await connectNode(
      server.url,
      board.id,
      board.links.participant.token,
      sofiaPerson,
    )
    createNote(writer.doc, {
      text: 'Lisbon: shaded tram stops',
      column: 'what',
      author: 'Sofia',
      city: 'Lisbon',
      authorId: sofiaPerson.id,
    })
    await mine.getByText('You wrote 1 note on this board.').waitFor()
    writer.close()
    await mine.getByRole('button', { name: 'Erase my notes…' }).click()
    const confirm = mine.getByRole('alertdialog')
    await confirm.waitFor()
    await waitFor(
      async () => {
        for (const name of ['Keep them', 'Erase for good']) {
          const box = (await confirm.getByRole('button', { name }).boundingBox())!
          if (box.x < 0 || box.x + box.width > 360 || box.y < 0 || box.y + box.height > 740)
            return false
        }
        return true
      },
      { what: 'both buttons of the confirmation on the screen' },
    )
    expect(
      await confirm
        .getByRole('button', { name: 'Keep them' })
        .evaluate((b) => b === document.activeElement),
    ).toBe(true)
    await shot(page, 'privacy-phone-confirm.png')
    await confirm.getByRole('button', { name: 'Keep them' }).click()
    await confirm.waitFor({ state: 'detached' })
  })

  it('[R5] on a phone the dashboard says until when the notes are kept, and its warning fits', async () => {
    const kept = await server.createSession({ title: 'Kept session', boards: ['Water'] })
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } })
    const page = await context.newPage()
    try {
      await page.goto(kept.links.facilitator.url)
      const panel = page.getByRole('region', { name: 'Keeping the notes' })
      await panel.locator('[data-retention="kept"]').waitFor()
      expect(await panel.textContent()).toMatch(
        /Kept until .*\d{4} \(30 days\), then every room is erased\. You are warned here 7 days before\./,
      )
      await panel.screenshot({ path: join(ARTIFACTS, 'privacy-dashboard-kept-phone.png') })

      await page.goto(session.links.facilitator.url)
      const warning = page.locator('[data-retention="warning"]')
      await warning.waitFor()
      const area = (await warning.boundingBox())!
      const button = (await warning
        .getByRole('button', { name: 'Download the harvest (Markdown)' })
        .boundingBox())!
      expect(button.x).toBeGreaterThanOrEqual(area.x)
      expect(button.x + button.width).toBeLessThanOrEqual(area.x + area.width)
      await page
        .getByRole('region', { name: 'Keeping the notes' })
        .screenshot({ path: join(ARTIFACTS, 'privacy-dashboard-warning-phone.png') })
    } finally {
      await context.close()
    }
  })
})
