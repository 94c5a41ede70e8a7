/**
 * The board page sends only its own presence [P1.4], in real Chromium against the real server:
 * two people on the canvas of one board, and a third in Node (the provider wrapped as the page
 * wraps its own). Each page counts what its websocket sends (message types, and the client ids
 * of every awareness entry) from a script run before the app; the server's own count of
 * messages read (`board_messages_in_total`) comes to their sum. Needs `npm run build` first.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket as WsWebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { refreshPresenceOnReconnect, sendOwnPresenceOnly } from '../../client/src/board/ownPresence'
import { launchBrowser, PAGE_MS, type Person, withTestHooks } from './support/browser'
import { type CreatedSession, REPO_ROOT, startTestServer, type TestServer } from './support/server'
import { waitFor } from './support/waitFor'

const ARTIFACTS = join(REPO_ROOT, 'test', 'artifacts')
const SAMI: Person = { id: 'u-sami-echo-0001', name: 'Sami Lindqvist', city: 'Umeå' }
const AINO: Person = { id: 'u-aino-echo-0002', name: 'Aino Virtanen', city: 'Lahti' }

interface Wire {
  /** Messages sent, by message type (0 sync, 1 awareness, 2 auth, 3 query). */
  sent: number[]
  /** Every awareness entry sent: its client id, and whether it was a removal (null state). */
  entries: Array<{ id: number; removal: boolean }>
}

declare global {
  interface Window {
    __wire?: Wire
    __clockShift?: number
    __timedOut?: boolean
  }
}

/**
 * Before any page script: count what the page's websockets send, and let the test move the
 * page's clock forward (`__clockShift`), as a tab whose timers were held back finds it.
 */
function instrument() {
  const wire: Wire = { sent: [0, 0, 0, 0], entries: [] }
  window.__wire = wire
  const readVar = (b: Uint8Array, at: { i: number }) => {
    let n = 0
    let m = 1
    for (;;) {
      const x = b[at.i++]!
      n += (x & 127) * m
      if (x < 128) return n
      m *= 128
    }
  }
  const send = WebSocket.prototype.send
  WebSocket.prototype.send = function (data) {
    const b =
      data instanceof ArrayBuffer
        ? new Uint8Array(data)
        : ArrayBuffer.isView(data)
          ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
          : null
    if (b) {
      const at = { i: 0 }
      const type = readVar(b, at)
      wire.sent[type] = (wire.sent[type] ?? 0) + 1
      if (type === 1) {
        readVar(b, at)
        const count = readVar(b, at)
        for (let k = 0; k < count; k++) {
          const id = readVar(b, at)
          readVar(b, at)
          const len = readVar(b, at)
          wire.entries.push({ id, removal: len === 4 && b[at.i] === 0x6e })
          at.i += len
        }
      }
    }
    return send.call(this, data)
  }
  const now = Date.now.bind(Date)
  Date.now = () => now() + (window.__clockShift ?? 0)
}

let server: TestServer
let browser: Browser
let session: CreatedSession
interface NodeClient {
  doc: Y.Doc
  provider: WebsocketProvider
  /** Messages its sockets sent. */
  sent: number
}
const nodes: NodeClient[] = []

beforeAll(async () => {
  server = await startTestServer()
  browser = await launchBrowser()
  session = await server.createSession({ title: 'Presence on the wire', boards: ['Heating'] })
})

afterAll(async () => {
  for (const n of nodes.splice(0)) {
    n.provider.destroy()
    n.doc.destroy()
  }
  await browser?.close()
  await server?.close()
})

/** A person's page on the canvas of the session's board, counting what it sends. */
async function openCanvas(person: Person): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  await context.addInitScript((p) => {
    localStorage.setItem('sensemaking:user', JSON.stringify(p))
    localStorage.setItem('sensemaking:view', 'canvas')
  }, person)
  await context.addInitScript(instrument)
  const page = await context.newPage()
  await page.goto(withTestHooks(session.boards[0]!.links.participant.url))
  await page.waitForSelector('.tl-container[data-detail]', { timeout: PAGE_MS })
  await waitFor(() => page.evaluate(() => window.__board?.provider.wsconnected === true), {
    what: 'the page connected',
    timeoutMs: PAGE_MS,
  })
  return page
}

/**
 * A y-websocket client of the board in Node, its provider wrapped as the page wraps its own,
 * counting what its sockets send.
 */
async function nodeWatcher(): Promise<NodeClient> {
  const b = session.boards[0]!
  const doc = new Y.Doc()
  const n: NodeClient = { doc, provider: null as unknown as WebsocketProvider, sent: 0 }
  class Counted extends WsWebSocket {
    override send(data: unknown, ...rest: unknown[]): void {
      n.sent++
      ;(super.send as (...a: unknown[]) => void)(data, ...rest)
    }
  }
  n.provider = new WebsocketProvider(`${server.url.replace(/^http/, 'ws')}/sync`, b.id, doc, {
    params: { token: b.links.participant.token },
    WebSocketPolyfill: Counted as unknown as typeof WebSocket,
    disableBc: true,
  })
  sendOwnPresenceOnly(n.provider)
  refreshPresenceOnReconnect(n.provider)
  nodes.push(n)
  await waitFor(() => n.provider.synced, { what: 'the Node client’s sync' })
  return n
}

const wire = (page: Page) => page.evaluate(() => window.__wire!)
const clientId = (page: Page) => page.evaluate(() => window.__board!.provider.awareness.clientID)
const total = (w: Wire) => w.sent.reduce((a, b) => a + b, 0)

/** The cursor x a Node client holds of client `id`, or null. */
function cursorAt(n: NodeClient, id: number): number | null {
  const s = n.provider.awareness.getStates().get(id) as { cursor?: { x?: number } } | undefined
  return s?.cursor?.x ?? null
}

/** Move the mouse over a page's canvas in `steps` steps along a line. */
async function sweep(page: Page, steps: number, y = 300) {
  const box = (await page.locator('.tl-container').boundingBox())!
  for (let i = 0; i < steps; i++) {
    await page.mouse.move(box.x + 200 + i * 15, box.y + y)
    await page.waitForTimeout(40)
  }
}

/** Wait until the server has read every message the pages and the Node client sent. */
async function allRead(pages: Page[]) {
  await waitFor(
    async () => {
      const sent = (await Promise.all(pages.map(wire))).reduce((n, w) => n + total(w), 0)
      return server.messagesIn() === sent + nodes.reduce((n, c) => n + c.sent, 0)
    },
    { what: 'the server to read everything sent', timeoutMs: 15_000 },
  )
}

describe('the board page sends only its own presence [P1.4]', () => {
  let sami: Page
  let aino: Page
  let watcher: NodeClient

  it('[P1.4] a cursor move on one page reaches the others, and the other page sends nothing back', async () => {
    sami = await openCanvas(SAMI)
    aino = await openCanvas(AINO)
    watcher = await nodeWatcher()
    const [samiId, ainoId] = [await clientId(sami), await clientId(aino)]
    // Everyone holds everyone: the pages' first announcements are in.
    await waitFor(() => watcher.provider.awareness.getStates().has(samiId), { what: 'Sami' })
    await waitFor(() => watcher.provider.awareness.getStates().has(ainoId), { what: 'Aino' })
    await allRead([sami, aino])
    const before = {
      sami: await wire(sami),
      aino: await wire(aino),
      node: watcher.sent,
      read: server.messagesIn(),
    }

    await sweep(sami, 25)
    // Aino's page draws Sami's cursor, and the Node client holds its last place.
    await aino.locator('.cursor', { hasText: SAMI.name }).waitFor({ timeout: PAGE_MS })
    mkdirSync(ARTIFACTS, { recursive: true })
    await aino.screenshot({ path: join(ARTIFACTS, 'presence-echo-cursor.png') })
    const lastX = await sami.evaluate(
      () =>
        (window.__board!.provider.awareness.getLocalState() as { cursor?: { x: number } }).cursor
          ?.x,
    )
    await waitFor(() => cursorAt(watcher, samiId) === lastX, {
      what: 'Sami’s last move at the Node client',
    })
    await allRead([sami, aino])

    const after = {
      sami: await wire(sami),
      aino: await wire(aino),
      node: watcher.sent,
      read: server.messagesIn(),
    }
    const samiMoves = after.sami.sent[1]! - before.sami.sent[1]!
    const ainoAwareness = after.aino.entries.slice(before.aino.entries.length)
    // Sami's moves went out (a throttled few a second)…
    expect(samiMoves).toBeGreaterThan(3)
    // …and Aino's page, which applied every one, sent none of them back, nor the watcher's.
    expect(ainoAwareness.filter((e) => e.id !== ainoId)).toEqual([])
    expect(after.aino.entries.every((e) => e.id === ainoId)).toBe(true)
    expect(after.sami.entries.every((e) => e.id === samiId)).toBe(true)
    // What the server read meanwhile is what the two pages and the watcher sent.
    const sentSince =
      total(after.sami) - total(before.sami) + total(after.aino) - total(before.aino)
    expect(after.read - before.read).toBe(sentSince + after.node - before.node)
    // The watcher applied every move too and sent nothing back either.
    expect(after.node - before.node).toBeLessThanOrEqual(1)
  })

  it('[P1.4] [P8.1] a page whose timers were held back times out Sami’s state and does not remove it for the others', async () => {
    const [samiId, ainoId] = [await clientId(sami), await clientId(aino)]
    const foreign0 = server.rejected('presence-foreign')
    // Aino's tab wakes up 31 s later by its clock: Sami's state is 30 s old there, so
    // y-protocols' timer removes it ('timeout'). The watcher keeps moving, so Aino's socket
    // goes on hearing something and y-websocket keeps it open.
    await aino.evaluate((id) => {
      const board = window.__board!
      board.provider.awareness.on(
        'update',
        ({ removed }: { removed: number[] }, origin: unknown) => {
          if (origin === 'timeout' && removed.includes(id)) window.__timedOut = true
        },
      )
      window.__clockShift = 31_000
      board.provider.wsLastMessageReceived = Date.now()
    }, samiId)
    let x = 0
    const keepTalking = setInterval(
      () => watcher.provider.awareness.setLocalStateField('cursor', { x: x++, y: 0 }),
      200,
    )
    try {
      await waitFor(() => aino.evaluate(() => window.__timedOut === true), {
        what: 'Sami timed out on Aino’s page',
        timeoutMs: 15_000,
      })
    } finally {
      clearInterval(keepTalking)
    }
    expect(
      await aino.evaluate((id) => window.__board!.provider.awareness.getStates().has(id), samiId),
    ).toBe(false)
    // Aino moves: once the watcher has that, the server has read all Aino sent before it.
    await sweep(aino, 6, 420)
    const ainoX = await aino.evaluate(
      () =>
        (window.__board!.provider.awareness.getLocalState() as { cursor?: { x: number } }).cursor
          ?.x,
    )
    await waitFor(() => cursorAt(watcher, ainoId) === ainoX, { what: 'Aino’s move at the watcher' })
    const w = await wire(aino)
    // No removal of Sami went out (a stock provider sends one at Sami's clock), nor anything
    // else of anyone but Aino.
    expect(w.entries.filter((e) => e.removal && e.id === samiId)).toEqual([])
    expect(w.entries.filter((e) => e.id !== ainoId)).toEqual([])
    expect(server.rejected('presence-foreign')).toBe(foreign0)
    // Sami is still on the board for the others, and Sami's next move reaches Aino again.
    expect(watcher.provider.awareness.getStates().has(samiId)).toBe(true)
    await sweep(sami, 6, 500)
    await aino.locator('.cursor', { hasText: SAMI.name }).waitFor({ timeout: PAGE_MS })
  })
})
