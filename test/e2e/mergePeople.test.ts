/**
 * One person on two devices, merged by a facilitator in the people list [F14.9]: Sofia joined
 * on her laptop and again on her phone (two entries, each with a note of its own); the
 * facilitator says the phone's entry is Sofia; the phone then edits the laptop's note and the
 * list shows her once. With the session's facilitator link the form says the merge reaches
 * every board of the session, and it does. Real server, browser contexts in Chromium.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openAs, PAGE_MS, withTestHooks } from './support/browser'
import { addNote, card, DESKTOP, openColumnsAs, PHONE, waitForColumns } from './support/columns'
import type { CreatedSession } from './support/server'
import { ARTIFACTS, e2eSuite } from './support/suite'
import { waitFor } from './support/waitFor'

const e = e2eSuite('E2E merge', ['Mobility', 'Energy'])

describe('[F14.9] a facilitator merges two entries of one person', () => {
  it('[F14.9] in the people list: the phone becomes Sofia, edits her laptop’s note, and the list shows her once', async () => {
    const b = e.session.boards[0]!
    const sofia = { id: '', name: 'Sofia', city: 'Braga' }
    const sofiaPhone = { id: '', name: 'Sofia M.', city: 'Braga' }
    const laptop = await openColumnsAs(e.browser, sofia, b.links.participant.url, DESKTOP)
    const phone = await openColumnsAs(e.browser, sofiaPhone, b.links.participant.url, PHONE)
    const marta = await openAs(
      e.browser,
      { id: '', name: 'Marta', city: '' },
      b.links.facilitator.url,
    )
    e.pages.push(laptop, phone, marta)
    expect(sofia.id).not.toBe(sofiaPhone.id)

    await addNote(laptop.page, 'what', 'Laptop: shared bikes')
    await addNote(phone.page, 'what', 'Phone: bus lanes')
    const laptopNoteOnPhone = card(phone.page, 'Laptop: shared bikes')
    await laptopNoteOnPhone.waitFor({ timeout: PAGE_MS })
    // Another person's note: the phone offers no edit.
    expect(await laptopNoteOnPhone.getByRole('button', { name: /^Edit/ }).count()).toBe(0)

    await marta.page.click('.people-button')
    const list = marta.page.locator('.people-popover')
    await waitFor(async () => (await list.locator('li').count()) === 3, {
      what: 'Marta, Sofia and Sofia M. in the list',
      timeoutMs: 20_000,
    })
    await list.locator(`li[data-person="${sofiaPhone.id}"] button`, { hasText: 'Same as' }).click()
    const form = list.locator('form.merge-people')
    await form.locator('select').selectOption({ label: 'Sofia (Braga)' })
    await marta.page.screenshot({ path: join(ARTIFACTS, 'merge-people-form.png') })
    await form.getByRole('button', { name: 'Merge' }).click()
    const status = list.locator('.merge-people [role="status"]')
    await status.waitFor()
    expect(await status.textContent()).toBe('Merged: 1 note and 0 dots are now Sofia’s.')
    // The phone's presence now says Sofia: one entry for her.
    await waitFor(async () => (await list.locator('li').count()) === 2, {
      what: 'Sofia listed once',
      timeoutMs: 20_000,
    })
    expect(await list.locator(`li[data-person="${sofia.id}"]`).count()).toBe(1)
    await marta.page.screenshot({ path: join(ARTIFACTS, 'merge-people-done.png') })

    // The phone edits the laptop's note, and the laptop the phone's.
    const edit = laptopNoteOnPhone.getByRole('button', { name: /^Edit/ })
    await edit.waitFor({ timeout: PAGE_MS })
    await card(laptop.page, 'Phone: bus lanes').getByRole('button', { name: /^Edit/ }).waitFor()
    await phone.page.screenshot({ path: join(ARTIFACTS, 'merge-people-phone-360.png') })
    await edit.click()
    const editing = phone.page.locator('li.note-card.editing')
    await editing.locator('textarea').fill('Laptop: shared bikes, said again on the phone')
    await editing.getByRole('button', { name: 'Done' }).click()
    await card(laptop.page, 'said again on the phone').waitFor({ timeout: PAGE_MS })
    for (const p of [laptop, phone, marta]) {
      expect(p.errors.filter((e) => e.startsWith('pageerror'))).toEqual([])
    }
  })

  it('[F14.9] with the session’s link the form says it merges on every board, and it does: the phone’s note on the other board becomes Sofia’s', async () => {
    const [b1, b2] = e.session.boards as [CreatedSession['boards'][0], CreatedSession['boards'][0]]
    const ines = { id: '', name: 'Inês', city: 'Braga' }
    const inesPhone = { id: '', name: 'Inês M.', city: 'Braga' }
    const laptop = await openColumnsAs(e.browser, ines, b1.links.participant.url, DESKTOP)
    const phone = await openColumnsAs(e.browser, inesPhone, b1.links.participant.url, PHONE)
    e.pages.push(laptop, phone)
    // The same phone on the other board of the session, where it writes a note of its own.
    const phoneOn2 = await phone.context.newPage()
    await phoneOn2.goto(withTestHooks(b2.links.participant.url))
    await waitForColumns(phoneOn2)
    await addNote(phoneOn2, 'what', 'Phone on Energy: heat pumps')
    await addNote(laptop.page, 'what', 'Laptop on Mobility')
    // The session's facilitator opens the board with the session's link.
    const boardWithSessionLink = b1.links.facilitator.url.replace(
      /#.*$/,
      `#t=${e.session.links.facilitator.token}`,
    )
    const lead = await openAs(e.browser, { id: '', name: 'Rui', city: '' }, boardWithSessionLink)
    e.pages.push(lead)
    await lead.page.click('.people-button')
    const list = lead.page.locator('.people-popover')
    await list.locator(`li[data-person="${inesPhone.id}"] button`, { hasText: 'Same as' }).waitFor({
      timeout: PAGE_MS,
    })
    await list.locator(`li[data-person="${inesPhone.id}"] button`, { hasText: 'Same as' }).click()
    const form = list.locator('form.merge-people')
    await form.locator('select').selectOption({ label: 'Inês (Braga)' })
    expect(await form.locator('.merge-people-note').textContent()).toMatch(
      /^On every board of this session, their notes and dots become Inês’s/,
    )
    await lead.page.screenshot({ path: join(ARTIFACTS, 'merge-people-session-form.png') })
    await form.getByRole('button', { name: 'Merge' }).click()
    const status = list.locator('.merge-people [role="status"]')
    await status.waitFor()
    expect(await status.textContent()).toBe(
      'Merged on 2 boards of the session: 1 note and 0 dots are now Inês’s.',
    )
    await lead.page.screenshot({ path: join(ARTIFACTS, 'merge-people-session-done.png') })
    // On the other board the phone's note is Inês's now: her laptop, opening it, may edit it.
    const laptopOn2 = await laptop.context.newPage()
    await laptopOn2.goto(withTestHooks(b2.links.participant.url))
    await waitForColumns(laptopOn2)
    const onEnergy = card(laptopOn2, 'Phone on Energy: heat pumps')
    await onEnergy.getByRole('button', { name: /^Edit/ }).waitFor({ timeout: PAGE_MS })
    for (const p of [laptop, phone, lead]) {
      expect(p.errors.filter((e) => e.startsWith('pageerror'))).toEqual([])
    }
  })
})
