/**
 * A note's history in the browser [F14.8]: a participant's device writes and rewrites her note,
 * a modified client's rewrite is refused; the facilitator selects the note, opens "History",
 * sees who changed it and when, and restores an earlier text, which reaches everyone.
 */
import { join } from 'node:path'
import { createNote, readBoard, setText } from '@sensemaking/shared'
import { describe, expect, it } from 'vitest'
import { centreOf, openAs, PAGE_MS, signIn, waitForStill, withTestHooks } from './support/browser'
import { connectNode } from './support/nodeClient'
import { ARTIFACTS, e2eSuite } from './support/suite'
import { waitFor } from './support/waitFor'

const e = e2eSuite('E2E note history', ['Mobility'])

const ANA = { id: '', name: 'Ana', city: 'Guimarães' }
const BO = { id: '', name: 'Bo', city: 'Umeå' }
const MARTA = { id: 'u-marta-history', name: 'Marta', city: 'Valencia' }

describe('[F14.8] change history for facilitators', () => {
  it('a facilitator sees who changed a note and when, and restores an earlier text', async () => {
    const b = e.session.boards[0]!
    const ana = await connectNode(
      e.server.url,
      b.id,
      b.links.participant.token,
      await signIn(e.server.url, ANA),
    )
    const bo = await connectNode(
      e.server.url,
      b.id,
      b.links.participant.token,
      await signIn(e.server.url, BO),
    )
    e.nodes.push(ana, bo)
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

    const p = await openAs(e.browser, MARTA, withTestHooks(b.links.facilitator.url))
    e.pages.push(p)
    const marta = p.page
    await marta.waitForSelector(`[data-note-id="${id}"]`, { timeout: PAGE_MS })
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
