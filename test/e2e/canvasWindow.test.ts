/**
 * The canvas on a board past the size drawn whole (client/src/canvas/noteWindow.ts): only the
 * notes around the view have a sticky, yet every note is on the board. A note far below the
 * first view has no sticky; another person's edit of it reaches the page's document all the
 * same; scrolled to, it comes into view with that edit. The real server and headless Chromium;
 * no timing asserted (each step waits for what it needs). Needs `npm run build` first.
 */
import { createNote, NOTE, NOTE_SIZE, ROOT, setText, W3_TEMPLATE } from '@sensemaking/shared'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { launchBrowser, openAs, type PersonPage, withTestHooks } from './support/browser'
import { connectNode, seedBoard } from './support/nodeClient'
import { type CreatedSession, startTestServer, type TestServer } from './support/server'
import { waitFor } from './support/waitFor'

/** Past WINDOW_FROM (400): the board is drawn around the view only. */
const NOTES = 600
const LEA = { id: 'u-lea-window-001', name: 'Léa', city: 'Nantes' }
const AINO = { id: 'u-aino-window-01', name: 'Aino', city: 'Lahti' }
const FAC = { origin: 'e2e-window' }

let server: TestServer
let browser: Browser
let session: CreatedSession
const pages: PersonPage[] = []
/** The last note of the first column: at its bottom, far below the first view. */
let far = ''

beforeAll(async () => {
  server = await startTestServer()
  browser = await launchBrowser()
  session = await server.createSession({ title: 'E2E window session', boards: ['Mobility'] })
  const board = session.boards[0]!
  const columns = W3_TEMPLATE.columns.map((c) => c.id)
  await seedBoard(
    server.url,
    board.id,
    board.links.facilitator.token,
    (doc) =>
      doc.transact(() => {
        for (let i = 0; i < NOTES; i++) {
          const column = columns[i % 3]!
          const id = createNote(doc, { column, text: `Finding ${i}`, lever: null }, FAC)
          if (column === columns[0]) far = id
        }
      }, FAC.origin),
    (doc) => doc.getMap(ROOT.notes).size >= NOTES,
  )
}, 120_000)

afterAll(async () => {
  for (const p of pages) await p.context.close().catch(() => {})
  await browser?.close()
  await server?.close()
})

const stickies = (page: Page, id?: string) =>
  page.locator(id === undefined ? '[data-note-id]' : `[data-note-id="${id}"]`).count()

/**
 * Where a note lies on the canvas's screen, from tldraw's camera transform (its HTML layer)
 * and the note's place in the page's document: independent of what the app chose to draw.
 */
function screenPlace(page: Page, id: string) {
  return page.evaluate(
    ({ id, notesKey, xKey, yKey, size }) => {
      const layer = document.querySelector<HTMLElement>('.tl-html-layer')
      const canvas = document.querySelector('.tl-canvas')
      const note = window.__board?.doc.getMap<Map<string, unknown>>(notesKey).get(id)
      if (!layer || !canvas || !note) return null
      const m = /scale\(([-\d.e]+)\) translate\(([-\d.e]+)px, ?([-\d.e]+)px\)/.exec(
        layer.style.transform,
      )
      if (!m) return null
      const [z, cx, cy] = [Number(m[1]), Number(m[2]), Number(m[3])]
      const view = canvas.getBoundingClientRect()
      const y = ((note.get(yKey) as number) + cy) * z
      const x = ((note.get(xKey) as number) + cx) * z
      return { x, y, h: size * z, viewW: view.width, viewH: view.height }
    },
    { id, notesKey: ROOT.notes, xKey: NOTE.x, yKey: NOTE.y, size: NOTE_SIZE.h },
  )
}

describe('the canvas on a board drawn around its view', () => {
  it('a note off screen gets no sticky, its edit arrives, and it shows once scrolled into view', async () => {
    const board = session.boards[0]!
    const lea = await openAs(browser, LEA, withTestHooks(board.links.participant.url))
    pages.push(lea)
    const { page } = lea
    await waitFor(
      () =>
        page.evaluate(({ k, n }) => (window.__board?.doc.getMap(k).size ?? 0) >= n, {
          k: ROOT.notes,
          n: NOTES,
        }),
      { what: 'all the notes in the page’s document', timeoutMs: 30_000 },
    )
    await waitFor(async () => (await stickies(page)) > 0, { what: 'stickies on the canvas' })
    // Drawn around the view: some notes have no sticky, the far one among them.
    const first = await screenPlace(page, far)
    expect(first).not.toBeNull()
    expect(first!.y).toBeGreaterThan(first!.viewH * 2)
    expect(await stickies(page)).toBeLessThan(NOTES)
    expect(await stickies(page, far)).toBe(0)

    // Another person edits the far note: the edit reaches the page's document.
    const fac = await connectNode(server.url, board.id, board.links.facilitator.token)
    try {
      setText(fac.doc, far, 'Edited while off screen', FAC)
      await waitFor(
        () =>
          page.evaluate(
            (id) => window.__board?.readBoard().notes.find((n) => n.id === id)?.text,
            far,
          ),
        { what: 'the off-screen edit in the page’s document', timeoutMs: 15_000 },
      )
    } finally {
      fac.close()
    }
    expect(
      await page.evaluate(
        (id) => window.__board?.readBoard().notes.find((n) => n.id === id)?.text,
        far,
      ),
    ).toBe('Edited while off screen')
    expect(await stickies(page, far)).toBe(0)

    // Scroll down with the wheel, a step at a time, until the note lies in the view; then its
    // sticky comes, with the edited text.
    const canvas = (await page.locator('.tl-canvas').boundingBox())!
    await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2)
    await waitFor(
      async () => {
        const p = await screenPlace(page, far)
        if (!p) return false
        if (p.y >= 0 && p.y + p.h <= p.viewH && p.x >= 0 && p.x <= p.viewW) return true
        // The wheel pans by screen pixels: never past the note.
        const by = Math.max(-400, Math.min(400, p.y - p.viewH / 2))
        await page.mouse.wheel(0, by)
        return false
      },
      { what: 'the far note scrolled into the view', timeoutMs: 60_000, intervalMs: 50 },
    )
    const text = await waitFor(
      async () =>
        (await stickies(page, far)) > 0
          ? page.locator(`[data-note-id="${far}"] .note-text`).textContent()
          : null,
      { what: 'the far note’s sticky', timeoutMs: 15_000 },
    )
    expect(text).toBe('Edited while off screen')
    // Still drawn around the view, now this one.
    expect(await stickies(page)).toBeLessThan(NOTES)
    expect(lea.errors).toEqual([])
  }, 180_000)

  it('the open: the board’s first sync kept on the device as it came, and tldraw’s own fonts not loaded', async () => {
    const board = session.boards[0]!
    const aino = await openAs(browser, AINO, withTestHooks(board.links.participant.url))
    pages.push(aino)
    const { page } = aino
    await waitFor(async () => (await stickies(page)) > 0, { what: 'stickies on the canvas' })
    // The device's copy holds the whole board: what the server sent, kept without Yjs
    // encoding it again (client/src/board/syncAsReceived.ts).
    const kept = await waitFor(
      async () => {
        const doc = new Y.Doc()
        for (const u of await storedBytes(page, `sensemaking-board-${board.id}`)) {
          Y.applyUpdate(doc, Uint8Array.from(u))
        }
        return doc.getMap(ROOT.notes).size >= NOTES && doc
      },
      { what: 'the board in the device’s database', timeoutMs: 30_000 },
    )
    expect(kept.getMap(ROOT.notes).size).toBe(NOTES)
    // No sticky, theme or column is set in a tldraw font: none of them is loaded.
    const fonts = await page.evaluate(() => {
      const families: string[] = []
      document.fonts.forEach((f) => {
        if (f.family.startsWith('tldraw')) families.push(f.family)
      })
      return families
    })
    expect(fonts).toEqual([])
    expect(aino.errors).toEqual([])
  }, 120_000)
})

/** The updates y-indexeddb has written in the device's database `name`, as byte arrays. */
function storedBytes(page: Page, name: string): Promise<number[][]> {
  return page.evaluate(
    (db) =>
      new Promise<number[][]>((resolve, reject) => {
        const req = indexedDB.open(db)
        req.onerror = () => reject(req.error)
        req.onsuccess = () => {
          const conn = req.result
          const all = conn.transaction('updates', 'readonly').objectStore('updates').getAll()
          all.onsuccess = () => {
            resolve((all.result as Uint8Array[]).map((u) => [...u]))
            conn.close()
          }
          all.onerror = () => reject(all.error)
        }
      }),
    name,
  )
}
