/**
 * People in the browser [F14]: a second device becomes the same person with a one-time code
 * typed in the person's menu [F14.4], and a modified client that claims to be a facilitator
 * shows in the people list as the participant the server knows [F14.5].
 */
import { join } from 'node:path'
import { PRESENCE } from '@sensemaking/shared'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { openAs, PAGE_MS, signIn } from './support/browser'
import { connectNode } from './support/nodeClient'
import { ARTIFACTS, e2eSuite } from './support/suite'
import { waitFor } from './support/waitFor'

const e = e2eSuite('E2E people', ['Mobility'])

type Stored = { id: string; credential: string; signed: string }
const stored = (page: Page) =>
  page.evaluate(() => JSON.parse(localStorage.getItem('sensemaking:user') ?? '{}') as Stored)

async function openMenu(page: Page, phone = false) {
  await page.waitForSelector('.connection.status-connected')
  // On a phone the person's button is behind the top bar's menu.
  if (phone) await page.click('[data-action="more"]')
  await page.getByTitle('Change your name or city').click()
  await page.locator('.link-device').waitFor()
}

describe('[F14] people in the browser', () => {
  it('[F14.4] a second device types the code the first shows and becomes the same person', async () => {
    const b = e.session.boards[0]!
    const phone = await openAs(
      e.browser,
      { id: '', name: 'Ana', city: 'Guimarães' },
      b.links.participant.url,
    )
    const laptop = await openAs(
      e.browser,
      { id: '', name: 'Ana', city: 'Guimarães' },
      b.links.participant.url,
      { width: 360, height: 780 },
    )
    e.pages.push(phone, laptop)
    const ana = await stored(phone.page)
    const before = await stored(laptop.page)
    expect(before.id).not.toBe(ana.id)

    await openMenu(phone.page)
    await phone.page.click('[data-action="show-device-code"]')
    const code = (await phone.page.locator('[data-device-code]').textContent()) ?? ''
    expect(code).toMatch(/^[A-Z0-9]{4,}$/)
    await phone.page.screenshot({ path: join(ARTIFACTS, 'link-device-code.png') })

    await openMenu(laptop.page, true)
    await laptop.page.fill('#device-code', code.toLowerCase())
    await laptop.page.click('.link-device button[type="submit"]')
    await laptop.page.locator('[data-device-linked]').waitFor()
    await laptop.page.locator('.link-device').scrollIntoViewIfNeeded()
    await laptop.page.screenshot({ path: join(ARTIFACTS, 'link-device-linked-360.png') })
    const box = (await laptop.page.locator('.link-device button[type="submit"]').boundingBox())!
    expect(box.x + box.width).toBeLessThanOrEqual(360)
    // Signed again with its own name and city, under the phone's person id.
    await waitFor(async () => (await stored(laptop.page)).signed === 'Ana\nGuimarães')
    const after = await stored(laptop.page)
    expect(after.id).toBe(ana.id)
    // Same id, name and city: the very credential the phone holds (nothing is stored per device).
    expect(after.credential).toBe(ana.credential)

    // The server knows the laptop as Ana now: her presence there carries the phone's id.
    const watch = await connectNode(e.server.url, b.id, b.links.observer.token)
    e.nodes.push(watch)
    await waitFor(
      () =>
        [...watch.provider.awareness.getStates().values()].filter(
          (s) => (s[PRESENCE.user] as { id?: string } | undefined)?.id === ana.id,
        ).length === 2,
      { what: 'both devices present as Ana', timeoutMs: 15_000 },
    )

    // A code works once.
    await laptop.page.fill('#device-code', code)
    await laptop.page.click('.link-device button[type="submit"]')
    await laptop.page.locator('.link-device-error').waitFor()
    expect(await laptop.page.locator('.link-device-error').textContent()).toMatch(/unknown, used/)
    expect(phone.errors.concat(laptop.errors).filter((e) => !/4\d\d/.test(e))).toEqual([])
  })

  it('[F14.5] a forged "facilitator" presence shows as the participant the server knows', async () => {
    const b = e.session.boards[0]!
    const bo = await signIn(e.server.url, { id: '', name: 'Bo', city: 'Umeå' })
    const forger = await connectNode(e.server.url, b.id, b.links.participant.token, bo)
    e.nodes.push(forger)
    forger.provider.awareness.setLocalStateField(PRESENCE.user, {
      id: bo.id,
      name: 'Host',
      city: 'Headquarters',
      color: 'hsl(0 70% 40%)',
      role: 'facilitator',
    })
    const marta = await openAs(
      e.browser,
      { id: '', name: 'Marta', city: 'Valencia' },
      b.links.facilitator.url,
    )
    e.pages.push(marta)
    await marta.page.click('.people-button')
    const list = marta.page.locator('.people-popover')
    const boRow = list.locator('li', { hasText: 'Bo' })
    await boRow.waitFor({ timeout: PAGE_MS })
    expect(await boRow.locator('.person-city').textContent()).toBe('Umeå')
    expect(await boRow.locator('.tag').count()).toBe(0)
    expect(await list.textContent()).not.toContain('Host')
    expect(await list.textContent()).not.toContain('Headquarters')
    await marta.page.screenshot({ path: join(ARTIFACTS, 'people-forged-role.png') })
  })
})
