/**
 * The columns view on a 360 px phone: dot voting with the shared dot control in the cards
 * [F8.2], and a note's text field marked as board text, so Ctrl+Z there takes back one's own
 * typing through the board's undo [F8.7] rather than the field's. Needs `npm run build` first.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { createNote, readBoard, setVote } from '@sensemaking/shared'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, type PersonPage, signIn } from './support/browser'
import { card, openColumnsAs, PHONE, scrollsSideways } from './support/columns'
import { connectNode, type NodeClient } from './support/nodeClient'
import { type CreatedSession, REPO_ROOT, startTestServer, type TestServer } from './support/server'
import { waitFor } from './support/waitFor'

const ARTIFACTS = join(REPO_ROOT, 'test', 'artifacts')
const FAC = { origin: 'e2e-facilitator' }
const AINO = { id: 'u-aino-phone-001', name: 'Aino', city: 'Lahti' }
const VOTED = 'Night buses every 20 minutes'
const MINE = 'Bike lanes doubled'

let server: TestServer
let browser: Browser
let session: CreatedSession
let fac: NodeClient
let aino: Page
const pages: PersonPage[] = []

const dotsOf = (noteText: string) => {
  const b = readBoard(fac.doc)
  const id = b.notes.find((n) => n.text === noteText)?.id
  return id ? (b.votes.get(id)?.get(AINO.id) ?? 0) : undefined
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true })
  server = await startTestServer()
  // The people whose notes are seeded are people the server knows, as they would be [F14.1].
  await signIn(server.url, AINO)
  browser = await launchBrowser()
  session = await server.createSession({ title: 'E2E phone', boards: ['Mobility'] })
  const b = session.boards[0]!
  fac = await connectNode(server.url, b.id, b.links.facilitator.token)
  createNote(fac.doc, { text: VOTED, column: 'what', author: 'Léa', authorId: 'u-lea' }, FAC)
  createNote(
    fac.doc,
    { text: MINE, column: 'what', author: AINO.name, city: AINO.city, authorId: AINO.id },
    FAC,
  )
  const p = await openColumnsAs(browser, AINO, b.links.participant.url, PHONE)
  pages.push(p)
  aino = p.page
  await card(aino, MINE).waitFor()
})

afterAll(async () => {
  fac?.close()
  for (const p of pages) await p.context.close().catch(() => {})
  await browser?.close()
  await server?.close()
})

describe('the columns view at 360 px', () => {
  it('[F8.2] places and takes back a dot with the dot control in a card', async () => {
    expect(await aino.locator('.note-dots').count()).toBe(0)
    setVote(fac.doc, { status: 'open', dotsPerPerson: 2, round: 1 }, FAC)
    const control = card(aino, VOTED).locator('.note-dots.open')
    await control.waitFor()
    await control.locator('[data-dot="add"]').click()
    await waitFor(() => dotsOf(VOTED) === 1, { what: 'the dot on the server' })
    await waitFor(async () => (await control.getAttribute('data-my-dots')) === '1', {
      what: 'the dot shown in the card',
    })
    expect(await scrollsSideways(aino)).toBe(false)
    await aino.screenshot({ path: join(ARTIFACTS, 'columns-phone-vote.png') })
    await control.getByRole('button', { name: /^Take back a dot/ }).click()
    await waitFor(() => dotsOf(VOTED) === 0, { what: 'the dot taken back on the server' })
    await waitFor(async () => (await control.getAttribute('data-my-dots')) === '0', {
      what: 'no dot shown in the card',
    })
    setVote(fac.doc, { status: 'closed', dotsPerPerson: 2, round: 1 }, FAC)
    await control.waitFor({ state: 'detached' })
  })

  it('[F8.7] a note’s text field is board text: Ctrl+Z there takes back the typing on the board', async () => {
    await card(aino, MINE).getByRole('button', { name: /^Edit/ }).click()
    const field = aino.locator('li.note-card.editing textarea[data-board-text]')
    await field.waitFor()
    await field.press('End')
    await field.pressSequentially(' in two years')
    await waitFor(() => readBoard(fac.doc).notes.some((n) => n.text === `${MINE} in two years`), {
      what: 'the typing on the server',
    })
    await field.press('Control+z')
    await waitFor(() => readBoard(fac.doc).notes.some((n) => n.text === MINE), {
      what: 'the typing taken back on the server',
    })
    expect(await field.inputValue()).toBe(MINE)
  })
})
