/**
 * A note's history in the browser [F14.8]: a participant's device writes and rewrites her note,
 * a modified client's rewrite is refused; the facilitator selects the note, opens "History",
 * sees who changed it and when, and restores an earlier text, which reaches everyone.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { createNote, readBoard, setText } from '@sensemaking/shared'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  centreOf,
  launchBrowser,
  openAs,
  type PersonPage,
  signIn,
  waitForStill,
  withTestHooks,
} from './support/browser'
import { connectNode, type NodeClient } from './support/nodeClient'
import { type CreatedSession, REPO_ROOT, startTestServer, type TestServer } from './support/server'
import { waitFor } from './support/waitFor'

const ARTIFACTS = join(REPO_ROOT, 'test', 'artifacts')
const ANA = { id: '', name: 'Ana', city: 'Guimarães' }
const BO = { id: '', name: 'Bo', city: 'Umeå' }
const MARTA = { id: 'u-marta-history', name: 'Marta', city: 'Valencia' }

let server: TestServer
let browser: Browser
let session: CreatedSession
const nodes: NodeClient[] = []
const pages: PersonPage[] = []

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true })
  server = await startTestServer()
  browser = await launchBrowser()
  session = await server.createSession({ title: 'E2E note history', boards: ['Mobility'] })
})

afterAll(async () => {
  for (const n of nodes) n.close()
  for (const p of pages) await p.context.close().catch(() => {})
  await browser?.close()
  await server?.close()
})

describe('[F14.8] change history for facilitators', () => {
  it('a facilitator sees who changed a note and when, and restores an earlier text', async () => {
    const b = session.boards[0]!
    const ana = await connectNode(
      server.url,
      b.id,
      b.links.participant.token,
      await signIn(server.url, ANA),
    )
    const bo = await connectNode(
      server.url,
      b.id,
      b.links.participant.token,
      await signIn(server.url, BO),
    )
    nodes.push(ana, bo)
    const signed = { authorId: ANA.id, author: ANA.name, city: ANA.city }
    const id = createNote(ana.doc, { text: 'Shared bikes', column: 'what', ...signed })
    await waitFor(() => readBoard(bo.doc).notes.some((n) => n.id === id))
    setText(ana.doc, id, 'Shared bikes in Guimarães doubled')
    // Bo's modified client rewrites it: the server refuses it, and it is no change of hers.
    setText(bo.doc, id, 'Umeå had them first')
    await waitFor(
      () =>
        readBoard(bo.doc).notes.find((n) => n.id === id)?.text ===
        'Shared bikes in Guimarães doubled',
    )

    const p = await openAs(browser, MARTA, withTestHooks(b.links.facilitator.url))
    pages.push(p)
    const marta = p.page
    await marta.waitForSelector(`[data-note-id="${id}"]`, { timeout: 20_000 })
    await marta.click('.zoom-controls >> text=Fit')
    await waitForStill(marta, `[data-note-id="${id}"]`)
    const at = await centreOf(marta, `[data-note-id="${id}"]`)
    await marta.mouse.click(at.x, at.y)
    await marta.click('.selection-toolbar button:has-text("History")')
    const panel = marta.locator('.note-history')
    await panel.locator('li', { hasText: 'Shared bikes in Guimarães doubled' }).waitFor()
    const items = await panel.locator('li .note-history-who span').allTextContents()
    expect(items).toEqual(['Ana · Guimarães · participant', 'Ana · Guimarães · participant'])
    expect(await panel.textContent()).not.toContain('Umeå had them first')
    await marta.screenshot({ path: join(ARTIFACTS, 'note-history.png') })

    await panel
      .locator('li')
      .filter({ has: marta.locator('.note-history-text', { hasText: /^Shared bikes$/ }) })
      .locator('button:has-text("Restore this text")')
      .click()
    await waitFor(() => readBoard(ana.doc).notes.find((n) => n.id === id)?.text === 'Shared bikes')
    await panel.locator('li .note-history-who span', { hasText: 'facilitator' }).waitFor()
    const after = await panel.locator('li .note-history-who span').allTextContents()
    expect(after[0]).toMatch(/Marta · Valencia · facilitator/)
    // No entry offers the text the note holds now: only Ana's rewrite can still be restored.
    const offered = await panel
      .locator('li')
      .filter({ has: marta.locator('button:has-text("Restore this text")') })
      .locator('.note-history-text')
      .allTextContents()
    expect(offered).toEqual(['Shared bikes in Guimarães doubled'])
    await marta.screenshot({ path: join(ARTIFACTS, 'note-history-restored.png') })
  })
})
