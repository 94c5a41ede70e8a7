/**
 * The dashboard shows what its session-wide controls did: each room's phase, lock and timer
 * (with the time left) and the session at a glance, live, beside the controls, and a board
 * shows the same. The dashboard reads the rooms' state from the session API: it opens no
 * connection to the rooms, so it is never counted among their people.
 * Needs `npm run build` first.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, openAs, type PersonPage } from './support/browser'
import { openColumnsAs } from './support/columns'
import { type CreatedSession, REPO_ROOT, startTestServer, type TestServer } from './support/server'
import { waitFor } from './support/waitFor'

const ARTIFACTS = join(REPO_ROOT, 'test', 'artifacts')
const MARTA = { id: 'u-marta-dash-001', name: 'Marta', city: 'Valencia' }
const LEA = { id: 'u-lea-dash-00002', name: 'Léa', city: 'Nantes' }

let server: TestServer
let browser: Browser
let session: CreatedSession
let dash: Page
let lea: Page
const pages: PersonPage[] = []

const controls = () => dash.locator('section.controls')
const row = (boardIndex: number): Locator =>
  dash.locator(`tr[data-room-state="${session.boards[boardIndex]!.id}"]`)

async function attr(l: Locator, name: string): Promise<string | null> {
  return l.getAttribute(name)
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true })
  server = await startTestServer()
  browser = await launchBrowser()
  session = await server.createSession({ title: 'E2E dashboard state', boards: ['North', 'South'] })
  const d = await openAs(browser, MARTA, session.links.facilitator.url)
  pages.push(d)
  dash = d.page
  const l = await openColumnsAs(browser, LEA, session.boards[1]!.links.participant.url)
  pages.push(l)
  lea = l.page
})

afterAll(async () => {
  for (const p of pages) await p.context.close().catch(() => {})
  await browser?.close()
  await server?.close()
})

describe('the session dashboard shows each room’s state', () => {
  it('a phase and a lock set from the dashboard show beside the controls and on a board', async () => {
    await row(0).waitFor()
    await waitFor(async () => (await attr(row(1), 'data-locked')) === 'false', {
      what: 'the rooms’ state on the dashboard',
    })
    expect(await dash.locator('.session-state').getAttribute('data-session-locked')).toBe('none')

    await controls().getByRole('button', { name: 'So What?', exact: true }).click()
    await controls().getByRole('button', { name: 'Lock all', exact: true }).click()
    for (const i of [0, 1]) {
      await waitFor(
        async () =>
          (await attr(row(i), 'data-phase')) === 'so-what' &&
          (await attr(row(i), 'data-locked')) === 'true',
        { what: `room ${i} shown in So What?, locked` },
      )
      expect(await row(i).textContent()).toContain('So What?')
      expect(await row(i).textContent()).toContain('Locked')
    }
    const summary = dash.locator('.session-state')
    expect(await summary.getAttribute('data-session-phase')).toBe('so-what')
    expect(await summary.getAttribute('data-session-locked')).toBe('all')
    expect(await summary.textContent()).toContain('Every room locked')

    // The board says the same.
    await lea.locator('.badge.locked').waitFor()
    await lea.locator('.phase-chip', { hasText: 'So What?' }).waitFor()
    await lea.locator('section.column[data-column="so-what"][aria-current="step"]').waitFor()
  })

  it('a timer started from the dashboard shows its time left for each room', async () => {
    await controls().getByLabel('Minutes').fill('3')
    await controls().getByRole('button', { name: 'Start', exact: true }).click()
    for (const i of [0, 1]) {
      await waitFor(async () => (await attr(row(i), 'data-timer')) === 'running', {
        what: `room ${i}'s timer running`,
      })
      const left = (await row(i).locator('.timer-left').textContent()) ?? ''
      const m = /^(\d+):(\d{2}) left$/.exec(left)
      expect(m, left).not.toBeNull()
      const secs = Number(m![1]) * 60 + Number(m![2])
      expect(secs).toBeGreaterThan(150)
      expect(secs).toBeLessThanOrEqual(180)
    }
    expect(await dash.locator('.session-state').getAttribute('data-session-timers')).toBe('2')
    await controls().getByRole('button', { name: 'Pause', exact: true }).click()
    await waitFor(async () => (await attr(row(0), 'data-timer')) === 'paused', {
      what: 'the paused timer',
    })
    expect(await row(0).textContent()).toContain('Paused')
    await dash.screenshot({ path: join(ARTIFACTS, 'dashboard-room-states.png'), fullPage: true })
  })

  it('[SE5.1] a control for the room chosen in "For" reaches that room alone', async () => {
    await controls().getByLabel('For').selectOption({ label: 'North' })
    expect(await controls().locator('h2').textContent()).toBe('North alone')
    await controls().getByRole('button', { name: 'Unlock', exact: true }).click()
    await controls().getByRole('button', { name: 'Now What?', exact: true }).click()
    await waitFor(
      async () =>
        (await attr(row(0), 'data-locked')) === 'false' &&
        (await attr(row(0), 'data-phase')) === 'now-what',
      { what: 'North open, in Now What?' },
    )
    // South keeps what every room was given.
    expect(await attr(row(1), 'data-locked')).toBe('true')
    expect(await attr(row(1), 'data-phase')).toBe('so-what')
    const summary = dash.locator('.session-state')
    expect(await summary.getAttribute('data-session-phase')).toBe('mixed')
    expect(await summary.getAttribute('data-session-locked')).toBe('some')
    expect(await controls().locator('.control-outcome').textContent()).toContain('North')
    await lea.locator('.badge.locked').waitFor()
    await controls().getByLabel('For').selectOption({ label: 'Every room' })
    expect(await controls().locator('h2').textContent()).toBe('All rooms at once')
  })

  it('counts people only: the dashboard itself is in no room', async () => {
    const south = dash.locator('.board-card', { has: dash.locator('h3', { hasText: 'South' }) })
    await waitFor(
      async () => (await south.locator('.online').getAttribute('data-online')) === '1',
      {
        what: 'one person online in South',
        timeoutMs: 15_000,
      },
    )
    const north = dash.locator('.board-card', { has: dash.locator('h3', { hasText: 'North' }) })
    expect(await north.locator('.online').getAttribute('data-online')).toBe('0')
  })
})
