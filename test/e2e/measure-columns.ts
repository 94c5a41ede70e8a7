/**
 * Measures the columns view on a large board, in headless Chromium against the real server.
 * Not part of `npm test`: run `npm run build && npx tsx test/e2e/measure-columns.ts`.
 *
 * 1. Open: a board of NOTES notes (2,000 by default) over the three columns, with themes;
 *    time from navigation start to the view showing its first page of cards in every column,
 *    cold (empty browser storage) and warm (a reload, the board also in IndexedDB). Median of RUNS.
 * 2. Remote typing: someone else edits one note EDITS times, 20 ms apart (a fast typist),
 *    while the view shows the whole board: long tasks on the page, and the delay until the
 *    last edit shows.
 * 3. Local typing: the person types 60 characters into a note of theirs: long tasks and
 *    the time per character as the keyboard is driven.
 *
 * Environment: NOTES (default 2000), RUNS (default 3), EDITS (default 100).
 */
import { createCluster, createNote, LEVERS, notesMap, readMeta, setText } from '@sensemaking/shared'
import type { Page } from 'playwright-core'
import type * as Y from 'yjs'
import { launchBrowser } from './support/browser'
import { openColumnsAs } from './support/columns'
import { connectNode, seedBoard } from './support/nodeClient'
import { startTestServer } from './support/server'
import { waitFor } from './support/waitFor'

const NOTES = Number(process.env.NOTES ?? 2000)
const RUNS = Number(process.env.RUNS ?? 3)
const EDITS = Number(process.env.EDITS ?? 100)
const CITIES = ['Lahti', 'Nantes', 'Umeå', 'Valencia', 'Kraków', 'Aarhus', 'Leuven', 'Porto']
const ME = { id: 'u-measure-cols-01', name: 'Measure', city: 'Lahti' }

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** NOTES notes over the columns (no positions: free slots), ten themes per column. */
function seed(doc: Y.Doc) {
  const meta = readMeta(doc)
  const columns = meta.columns.map((c) => c.id)
  doc.transact(() => {
    const themes = columns.flatMap((column) =>
      Array.from({ length: 10 }, (_, t) =>
        createCluster(doc, { title: `Theme ${t + 1}`, column, x: 0, y: t * 100, w: 10, h: 10 }),
      ),
    )
    for (let i = 0; i < NOTES; i++) {
      createNote(doc, {
        column: columns[i % columns.length]!,
        text: `Note ${i}: a finding from the breakout, a few words long like most stickies`,
        lever: i % 7 === 6 ? null : LEVERS[i % 6]!.id,
        city: CITIES[i % CITIES.length],
        author: `Person ${i % 40}`,
        authorId: i === 0 ? ME.id : `u-person-${i % 40}`,
        clusterId: i % 3 === 0 ? themes[i % themes.length] : null,
      })
    }
  })
}

async function meter(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __long: number[]; __obs: PerformanceObserver }
    w.__long = []
    w.__obs = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__long.push(e.duration)
    })
    w.__obs.observe({ type: 'longtask', buffered: false })
  })
  return async () =>
    page.evaluate(() => {
      const w = window as unknown as { __long: number[]; __obs: PerformanceObserver }
      w.__obs.disconnect()
      const l = w.__long
      return { longTasks: l.length, worstMs: l.length ? Math.max(...l) : 0 }
    })
}

/** ms from navigation start until every column shows its first page (or all) of cards. */
function shownAt(page: Page) {
  return waitFor(
    () =>
      page.evaluate(() => {
        const sections = Array.from(document.querySelectorAll('section.column'))
        const full =
          sections.length >= 3 &&
          sections.every((s) => s.querySelectorAll('li.note-card').length >= 100)
        return full ? performance.now() : null
      }),
    { what: 'the first page of every column', timeoutMs: 60_000, intervalMs: 20 },
  )
}

const server = await startTestServer()
const browser = await launchBrowser()
try {
  const s = await server.createSession({ title: 'Measure columns', boards: ['Big'] })
  const b = s.boards[0]!
  await seedBoard(
    server.url,
    b.id,
    b.links.facilitator.token,
    seed,
    (d) => notesMap(d).size >= NOTES,
  )
  console.log(`columns view, ${NOTES} notes, median of ${RUNS}`)

  const cold: number[] = []
  const warm: number[] = []
  for (let i = 0; i < RUNS; i++) {
    // A fresh context: empty storage, the board comes from the server (cold); then a reload.
    const q = await openColumnsAs(browser, { ...ME, id: `${ME.id}-${i}` }, b.links.participant.url)
    cold.push(await shownAt(q.page))
    await q.page.reload()
    warm.push(await shownAt(q.page))
    await q.context.close()
  }
  console.log(`  open: cold ${median(cold).toFixed(0)} ms, warm ${median(warm).toFixed(0)} ms`)

  const p = await openColumnsAs(browser, ME, b.links.participant.url)
  await shownAt(p.page)
  const other = await connectNode(server.url, b.id, b.links.facilitator.token)
  const target = [...notesMap(other.doc).keys()].find(
    (id) => notesMap(other.doc).get(id)?.get('authorId') === ME.id,
  )!
  let stop = await meter(p.page)
  let text = 'Typed by someone else: '
  for (let i = 0; i < EDITS; i++) {
    text += String.fromCharCode(97 + (i % 26))
    setText(other.doc, target, text)
    await new Promise((r) => setTimeout(r, 20))
  }
  const t0 = performance.now()
  await waitFor(
    () =>
      p.page.evaluate(
        ([id, t]) => document.querySelector(`[data-note-id="${id}"] .note-text`)?.textContent === t,
        [target, text] as const,
      ),
    { what: 'the last remote edit', timeoutMs: 30_000, intervalMs: 5 },
  )
  const lag = performance.now() - t0
  const remote = await stop()
  console.log(
    `  remote typing (${EDITS} edits, 20 ms apart): last edit shown ${lag.toFixed(0)} ms after it was made; ${remote.longTasks} long tasks, worst ${remote.worstMs.toFixed(0)} ms`,
  )

  await p.page
    .locator(`li.note-card[data-note-id="${target}"]`)
    .getByRole('button', { name: /^Edit/ })
    .click()
  stop = await meter(p.page)
  const t1 = performance.now()
  await p.page.keyboard.type(' and then by me, sixty characters in all, quickly now', { delay: 0 })
  const typed = performance.now() - t1
  const local = await stop()
  console.log(
    `  local typing: ${(typed / 52).toFixed(1)} ms per character as driven; ${local.longTasks} long tasks, worst ${local.worstMs.toFixed(0)} ms`,
  )
  other.close()
  await p.context.close()
} finally {
  await browser.close()
  await server.close()
}
