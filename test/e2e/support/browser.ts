/**
 * Headless Chromium for end-to-end tests: Debian's /usr/bin/chromium driven by
 * playwright-core, one fresh context (its own storage) per person.
 */
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'

/**
 * How long a page may take to show a board (or a part of it another person changed) on a
 * loaded machine: the waits return as soon as it is there, so a quiet run pays nothing.
 */
export const PAGE_MS = 45_000

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  })
}

export interface Person {
  id: string
  name: string
  city: string
  /** The server's credential for this person [F14.1], once `signIn` got one. */
  credential?: string
  signed?: string
  /** The device's author key [F13.9], when its id is derived from one. */
  key?: string
}

/**
 * Make `person` one the server knows [F14.1], as the page does on joining: `id` becomes the
 * issued person id (so a test reads it after this), with the credential the device keeps.
 * Done once per person object; a person signed in on one server is signed again on another.
 */
export async function signIn(pageUrl: string, person: Person): Promise<Person> {
  const origin = new URL(pageUrl).origin
  const signedAt = signedOn.get(person)
  if (signedAt === origin) return person
  const res = await fetch(`${origin}/api/people`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: person.name, city: person.city }),
  })
  if (!res.ok) throw new Error(`POST /api/people answered ${res.status}`)
  const p = (await res.json()) as { id: string; name: string; city: string; credential: string }
  person.id = p.id
  person.credential = p.credential
  person.signed = `${p.name}\n${p.city}`
  signedOn.set(person, origin)
  return person
}

const signedOn = new WeakMap<Person, string>()

export interface PersonPage {
  context: BrowserContext
  page: Page
  /** Uncaught page errors and console errors seen so far. */
  errors: string[]
}

/**
 * A new browser context for one person, who has been here before (name and city are
 * remembered on the device), so the board opens without the join form.
 */
export async function openAs(
  browser: Browser,
  person: Person,
  url: string,
  viewport = { width: 1440, height: 900 },
): Promise<PersonPage> {
  // A page opened blank (to be navigated later) is signed in by its caller, on the server.
  if (/^https?:/.test(url)) await signIn(url, person)
  const context = await browser.newContext({ viewport, acceptDownloads: true })
  await context.addInitScript((p) => {
    if (!localStorage.getItem('sensemaking:user')) {
      localStorage.setItem('sensemaking:user', JSON.stringify(p))
    }
  }, person)
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`)
  })
  await page.goto(url)
  return { context, page, errors }
}

/** The page URL of a link with `?testHooks` added before its fragment. */
export function withTestHooks(link: string): string {
  const u = new URL(link)
  u.searchParams.set('testHooks', '')
  return u.toString().replace('testHooks=', 'testHooks')
}

/** Press the mouse at the centre of an element (tldraw handles pointer events itself). */
export async function centreOf(page: Page, selector: string) {
  const box = await page.locator(selector).first().boundingBox()
  if (!box) throw new Error(`No box for ${selector}`)
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 }
}

/** Drag with the real mouse in small steps, as a person would. */
export async function drag(
  page: Page,
  from: { x: number; y: number },
  to: { x: number; y: number },
  steps = 20,
): Promise<void> {
  await page.mouse.move(from.x, from.y)
  await page.mouse.down()
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(
      from.x + ((to.x - from.x) * i) / steps,
      from.y + ((to.y - from.y) * i) / steps,
    )
  }
  await page.mouse.up()
}

/** Wait until an element stops moving (a camera animation has ended), polling its box. */
export async function waitForStill(page: Page, selector: string, timeoutMs = 5000): Promise<void> {
  const start = performance.now()
  let last = ''
  for (;;) {
    const box = await page.locator(selector).first().boundingBox()
    const now = JSON.stringify(box)
    if (box && now === last) return
    last = now
    if (performance.now() - start > timeoutMs) throw new Error(`${selector} kept moving`)
    await new Promise((r) => setTimeout(r, 50))
  }
}
