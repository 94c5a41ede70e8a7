/**
 * Measures the canvas on a large board (issue: large boards), in headless Chromium against
 * the real server. Not part of `npm test`: run `npm run build && npx tsx test/e2e/measure-canvas.ts`.
 *
 * 1. Open: a board of NOTES notes (2,000 by default), time from navigation start to every
 *    note in the DOM, cold (empty browser storage: the board comes from the server) and warm
 *    (a reload: the board is also on the device in IndexedDB). Median of RUNS.
 * 2. Drag: a facilitator drags a theme of 50 notes across the board with the mouse; frames
 *    per second and long tasks (PerformanceObserver) during the drag, on the dragging page and
 *    on a second person's page that watches it; and the document updates a watcher in Node
 *    received during the drag and after the drop.
 *
 * Environment: NOTES (default 2000), RUNS (default 5), DRAG_MS (default 1500).
 */
import {
  COLUMN_HEADER,
  columnRegion,
  createCluster,
  createNote,
  LEVERS,
  notesMap,
  readMeta,
  SLOTS_PER_ROW,
  slotPosition,
} from '@sensemaking/shared'
import type { Browser, Page } from 'playwright-core'
import type * as Y from 'yjs'
import { launchBrowser, openAs, signIn, withTestHooks } from './support/browser'
import { connectNode, seedBoard } from './support/nodeClient'
import { startTestServer } from './support/server'
import { waitFor } from './support/waitFor'

const NOTES = Number(process.env.NOTES ?? 2000)
const RUNS = Number(process.env.RUNS ?? 5)
const DRAG_MS = Number(process.env.DRAG_MS ?? 1500)
const CLUSTER_SIZE = 50
const CITIES = ['Lahti', 'Nantes', 'Umeå', 'Valencia', 'Kraków', 'Aarhus', 'Leuven', 'Porto']

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** NOTES notes over the three columns on their grids; the first 50 of What? in one theme. */
function seed(doc: Y.Doc) {
  const meta = readMeta(doc)
  const columns = meta.columns.map((c) => c.id)
  doc.transact(() => {
    const ids: string[] = []
    for (let i = 0; i < NOTES; i++) {
      const column = columns[i % columns.length]!
      const n = Math.floor(i / columns.length)
      const p = slotPosition(columnRegion(meta.columns, column), n)
      const id = createNote(doc, {
        column,
        text: `Note ${i}: a finding from the breakout, a few words long like most stickies`,
        lever: i % 7 === 6 ? null : LEVERS[i % 6]!.id,
        city: CITIES[i % CITIES.length],
        author: `Person ${i % 40}`,
        authorId: `u-person-${i % 40}`,
        x: p.x,
        y: p.y + 96,
      })
      if (column === columns[0]) ids.push(id)
    }
    // A theme framing the first 50 notes of What? (rows of SLOTS_PER_ROW), under a title bar.
    const members = ids.slice(0, CLUSTER_SIZE)
    const region = columnRegion(meta.columns, columns[0]!)
    const rows = Math.ceil(CLUSTER_SIZE / SLOTS_PER_ROW)
    createCluster(doc, {
      title: 'Fifty notes',
      column: columns[0]!,
      x: region.x + 12,
      y: region.y + COLUMN_HEADER,
      w: region.w - 24,
      h: 96 + rows * 224 + 40,
      noteIds: members,
    })
  })
}

/**
 * Time from navigation start until NOTES notes are in the DOM, seen by a MutationObserver.
 * Without a url the page is reloaded (going to the same url would only change its fragment).
 */
async function openAndTime(page: Page, url?: string): Promise<number> {
  if (url) await page.goto(url)
  else await page.reload()
  return waitFor(
    () =>
      page.evaluate(() => (window as unknown as { __allNotesAt?: number }).__allNotesAt ?? null),
    { what: `${NOTES} notes in the DOM`, timeoutMs: 60_000, intervalMs: 100 },
  )
}

/**
 * An init script (a string: a function would be rewritten by the TypeScript loader) that
 * records when `target` notes are first in the DOM, as `window.__allNotesAt`.
 */
function countNotesScript(target: number): string {
  return `(() => {
    const obs = new MutationObserver(() => {
      if (window.__allNotesAt === undefined &&
          document.querySelectorAll('[data-note-id]').length >= ${target}) {
        window.__allNotesAt = performance.now()
        obs.disconnect()
      }
    })
    document.addEventListener('DOMContentLoaded', () =>
      obs.observe(document.body, { childList: true, subtree: true }))
  })()`
}

/** Frames and long tasks on a page between start() and stop(). */
async function startFrameMeter(page: Page) {
  // A string, like the init script above: the loader would rewrite a named inner function.
  await page.evaluate(`(() => {
    const m = { frames: 0, long: [], run: true, t0: performance.now() }
    window.__meter = m
    const tick = () => {
      if (!m.run) return
      m.frames++
      requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
    new PerformanceObserver((list) => {
      if (!m.run) return
      for (const e of list.getEntries()) m.long.push(e.duration)
    }).observe({ type: 'longtask', buffered: false })
  })()`)
}

async function stopFrameMeter(page: Page) {
  return page.evaluate(() => {
    const w = window as unknown as {
      __meter: { frames: number; long: number[]; run: boolean; t0: number }
    }
    w.__meter.run = false
    const seconds = (performance.now() - w.__meter.t0) / 1000
    const long = w.__meter.long
    return {
      fps: w.__meter.frames / seconds,
      longTasks: long.length,
      longTaskMs: long.reduce((a, b) => a + b, 0),
      worstLongTaskMs: long.length ? Math.max(...long) : 0,
    }
  })
}

async function measureOpen(browser: Browser, link: string) {
  const url = withTestHooks(link)
  const cold: number[] = []
  const warm: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const p = await openAs(
      browser,
      await signIn(link, { id: `u-measure-${i}-000`, name: 'Measure', city: 'Lahti' }),
      'about:blank',
    )
    await p.context.addInitScript(countNotesScript(NOTES))
    cold.push(await openAndTime(p.page, url))
    // Let y-indexeddb store the board, then reload: the warm open.
    await p.page.waitForTimeout(1500)
    warm.push(await openAndTime(p.page))
    await p.context.close()
    console.log(
      `  run ${i + 1}: cold ${cold.at(-1)!.toFixed(0)} ms, warm ${warm.at(-1)!.toFixed(0)} ms`,
    )
  }
  return { cold, warm }
}

async function measureDrag(
  browser: Browser,
  server: { url: string },
  facLink: string,
  partLink: string,
  boardId: string,
  token: string,
) {
  const fac = await openAs(
    browser,
    { id: 'u-measure-fac-001', name: 'Facilitator', city: 'Lahti' },
    withTestHooks(facLink),
  )
  const viewer = await openAs(
    browser,
    { id: 'u-measure-view-01', name: 'Viewer', city: 'Nantes' },
    withTestHooks(partLink),
  )
  for (const p of [fac.page, viewer.page]) {
    await waitFor(
      () => p.evaluate((n) => document.querySelectorAll('[data-note-id]').length >= n, NOTES),
      {
        what: 'the board on screen',
        timeoutMs: 60_000,
        intervalMs: 100,
      },
    )
  }
  const watcher = await connectNode(server.url, boardId, token)
  const title = fac.page.locator('.theme-title', { hasText: 'Fifty notes' })
  const box = (await title.boundingBox())!
  const from = { x: box.x + 40, y: box.y + box.height / 2 }
  const dest = (await fac.page.locator('[data-column-region="so-what"]').boundingBox())!
  const to = { x: dest.x + 60, y: from.y + 80 }
  const updatesBefore = watcher.updates
  await fac.page.mouse.move(from.x, from.y)
  await fac.page.mouse.down()
  await startFrameMeter(fac.page)
  await startFrameMeter(viewer.page)
  const steps = Math.round(DRAG_MS / 16)
  const t0 = performance.now()
  for (let i = 1; i <= steps; i++) {
    await fac.page.mouse.move(
      from.x + ((to.x - from.x) * i) / steps,
      from.y + ((to.y - from.y) * i) / steps,
    )
    const due = t0 + (DRAG_MS * i) / steps
    const wait = due - performance.now()
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
  }
  const dragger = await stopFrameMeter(fac.page)
  const watching = await stopFrameMeter(viewer.page)
  const duringDrag = watcher.updates - updatesBefore
  await fac.page.mouse.up()
  const clusterId = await fac.page.evaluate(() => window.__board!.readBoard().clusters[0]!.id)
  await waitFor(
    () => {
      let moved = 0
      notesMap(watcher.doc).forEach((m) => {
        if (m.get('clusterId') === clusterId && m.get('column') === 'so-what') moved++
      })
      return moved === CLUSTER_SIZE
    },
    { what: 'the dropped theme in the watcher’s document', timeoutMs: 20_000 },
  )
  const afterDrop = watcher.updates - updatesBefore - duringDrag
  watcher.close()
  await fac.context.close()
  await viewer.context.close()
  return { dragger, watching, duringDrag, afterDrop }
}

async function main() {
  const server = await startTestServer()
  const browser = await launchBrowser()
  try {
    const session = await server.createSession({ title: 'Measure', boards: ['Large board'] })
    const board = session.boards[0]!
    const fac = board.links.facilitator
    console.log(`Seeding ${NOTES} notes and a theme of ${CLUSTER_SIZE}…`)
    await seedBoard(server.url, board.id, fac.token, seed, (doc) => notesMap(doc).size >= NOTES)

    console.log(`Opening the board (${RUNS} runs)…`)
    const open = await measureOpen(browser, board.links.participant.url)
    console.log(`Dragging a theme of ${CLUSTER_SIZE} notes for ${DRAG_MS} ms…`)
    const d = await measureDrag(
      browser,
      server,
      fac.url,
      board.links.participant.url,
      board.id,
      fac.token,
    )
    const fmt = (m: typeof d.dragger) =>
      `${m.fps.toFixed(1)} fps, ${m.longTasks} long tasks (${m.longTaskMs.toFixed(0)} ms in all, worst ${m.worstLongTaskMs.toFixed(0)} ms)`
    console.log('')
    console.log(`Board of ${NOTES} notes, headless Chromium, ${new Date().toISOString()}`)
    console.log(
      `  open, cold (from the server):  median ${median(open.cold).toFixed(0)} ms  [${open.cold.map((x) => x.toFixed(0)).join(', ')}]`,
    )
    console.log(
      `  open, warm (IndexedDB + sync): median ${median(open.warm).toFixed(0)} ms  [${open.warm.map((x) => x.toFixed(0)).join(', ')}]`,
    )
    console.log(`  drag of ${CLUSTER_SIZE} notes, dragging page: ${fmt(d.dragger)}`)
    console.log(`  drag of ${CLUSTER_SIZE} notes, watching page: ${fmt(d.watching)}`)
    console.log(
      `  document updates seen by a Node watcher: ${d.duringDrag} during the drag, ${d.afterDrop} after the drop`,
    )
  } finally {
    await browser.close()
    await server.close()
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
