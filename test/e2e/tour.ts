/**
 * A visual tour: the demo session on a real server, every page as each role would see it at a
 * phone's and a desktop's width, saved as PNGs under test/artifacts/tour/ to look at. Not part
 * of `npm test`: run `npm run build && npx tsx test/e2e/tour.ts`.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import type { Page } from 'playwright-core'
import { startServer } from '../../server/src/index'
import { launchBrowser, openAs } from './support/browser'
import { CLIENT_DIST, REPO_ROOT } from './support/server'

const OUT = join(REPO_ROOT, 'test', 'artifacts', 'tour')
const PHONE = { width: 360, height: 740 }
const DESKTOP = { width: 1440, height: 900 }
const ana = { id: 'tour-ana', name: 'Ana', city: 'Lisboa' }

async function shot(page: Page, name: string) {
  // Let fonts, the first sync and tldraw's first frame settle.
  await page.waitForLoadState('networkidle').catch(() => {})
  await page.waitForTimeout(1500)
  const file = join(OUT, `${name}.png`)
  await page.screenshot({ path: file })
  console.log(file)
}

async function main() {
  mkdirSync(OUT, { recursive: true })
  const dataDir = mkdtempSync(join(tmpdir(), 'tour-'))
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    adminToken: 'tour-admin-token-0123456789',
    clientDir: CLIENT_DIST,
    demo: true,
    logger: pino({ level: 'silent' }),
  })
  const browser = await launchBrowser()
  try {
    const demo = server.demo
    if (!demo) throw new Error('the server made no demo session')
    const board = demo.boards[0]!
    const pages: Array<[string, string, { width: number; height: number }]> = [
      ['dashboard-desktop', demo.links.facilitator.url, DESKTOP],
      ['room-picker-phone', demo.links.participant.url, PHONE],
      ['board-facilitator-desktop', board.links.facilitator.url, DESKTOP],
      ['board-participant-desktop', board.links.participant.url, DESKTOP],
      ['board-participant-phone', board.links.participant.url, PHONE],
      ['board-observer-desktop', board.links.observer.url, DESKTOP],
      ['new-session-desktop', `${server.url}/new`, DESKTOP],
    ]
    for (const [name, url, viewport] of pages) {
      const p = await openAs(browser, ana, url, viewport)
      await shot(p.page, name)
      if (p.errors.length > 0) console.log(`  errors on ${name}: ${p.errors.join(' | ')}`)
      await p.context.close()
    }
    // A first visit: the join form.
    const ctx = await browser.newContext({ viewport: PHONE })
    const page = await ctx.newPage()
    await page.goto(board.links.participant.url)
    await shot(page, 'join-phone')
    await ctx.close()
  } finally {
    await browser.close()
    await server.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
