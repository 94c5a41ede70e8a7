/**
 * The canvas's pan and zoom alone on the 5,000-note board, traced: what the panning page's main
 * thread does per frame, build against build. The board and the gestures are those of
 * `canvas.ts` (its phase 4); each round opens the facilitator's page on a fresh copy of the
 * data dir, waits for the board open, then pans (wheel every 16 ms for PAN_MS) and zooms
 * (ctrl+wheel) under a Chrome trace (`devtools.timeline`, `blink`). Rounds alternate A B A B.
 *
 *   npx tsx test/bench/canvasPan.ts --client A --client B [--rounds 2] [--notes 5000]
 *                                   [--screenshot PREFIX]   (during the pan, per round)
 *
 * Per frame (the page's own renderer main thread, thread time): all tasks, JavaScript run from
 * requestAnimationFrame (tldraw's tick, the camera's reactions), style, layout, paint, the full
 * layerizations (`PaintArtifactCompositor::Update`) and their count, hit tests; and how often
 * tldraw's camera went from moving to resting and back (its hit-test blocker shown or hidden).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, openAs, signIn, withTestHooks } from '../e2e/support/browser'
import { startTestServer } from '../e2e/support/server'
import { boardOpen, type CanvasTemplate, paced, seedTemplate, sleep } from './canvas'
import {
  busyMs,
  cameraOf,
  cdpOf,
  median,
  metrics,
  openedScript,
  startFrames,
  stopFrames,
} from './canvasPage'

interface TraceFigures {
  frames: number
  /** Thread ms per frame by kind. */
  task: number
  rafJs: number
  style: number
  layout: number
  paint: number
  layerize: number
  fullLayerizations: number
  hitTest: number
  pointerOvers: number
}

interface PhaseFigures extends TraceFigures {
  fps: number
  cpuPerFrame: number
  blockerFlips: number
}

interface TraceEvent {
  name: string
  ph: string
  pid: number
  tid: number
  tdur?: number
  dur?: number
  args?: { name?: string; data?: { type?: string } }
}

/** Per-frame figures of the busiest renderer main thread of a trace. */
export function readTrace(json: string): TraceFigures {
  const parsed = JSON.parse(json) as { traceEvents: TraceEvent[] } | TraceEvent[]
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents
  const mains = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  )
  const count = new Map<string, number>()
  for (const e of events) {
    const k = `${e.pid}:${e.tid}`
    if (mains.has(k)) count.set(k, (count.get(k) ?? 0) + 1)
  }
  const main = [...count].sort((a, b) => b[1] - a[1])[0]?.[0]
  const sum = new Map<string, number>()
  const n = new Map<string, number>()
  let pointerOvers = 0
  for (const e of events) {
    if (e.ph !== 'X' || `${e.pid}:${e.tid}` !== main) continue
    sum.set(e.name, (sum.get(e.name) ?? 0) + (e.tdur ?? e.dur ?? 0) / 1000)
    n.set(e.name, (n.get(e.name) ?? 0) + 1)
    if (e.name === 'EventDispatch' && e.args?.data?.type === 'pointerover') pointerOvers++
  }
  const frames = Math.max(1, n.get('WebFrameWidgetImpl::BeginMainFrame') ?? 0)
  const per = (name: string) => (sum.get(name) ?? 0) / frames
  return {
    frames,
    task: per('RunTask'),
    // FireAnimationFrame nests in itself in the trace: the outer callback collection's time.
    rafJs: per('FrameRequestCallbackCollection::ExecuteFrameCallbacks'),
    style: per('UpdateLayoutTree'),
    layout: per('Layout'),
    paint: per('Paint'),
    layerize: per('Layerize'),
    fullLayerizations: n.get('PaintArtifactCompositor::Update') ?? 0,
    hitTest: per('HitTest'),
    pointerOvers,
  }
}

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink']

async function phase(
  browser: Browser,
  page: Page,
  run: () => Promise<void>,
): Promise<PhaseFigures> {
  const cdp = await cdpOf(page)
  await page.evaluate(`(() => {
    const b = document.querySelector('.tl-hit-test-blocker')
    window.__flips = 0
    new MutationObserver(() => { window.__flips++ }).observe(b, { attributes: true })
  })()`)
  await browser.startTracing(page, { categories: CATEGORIES })
  await startFrames(page)
  const m0 = await metrics(cdp)
  await run()
  const m1 = await metrics(cdp)
  const frames = await stopFrames(page)
  const trace = readTrace((await browser.stopTracing()).toString())
  const blockerFlips = (await page.evaluate('window.__flips')) as number
  await cdp.detach()
  return {
    ...trace,
    fps: frames.fps,
    cpuPerFrame: busyMs(m0, m1) / Math.max(1, frames.frames),
    blockerFlips,
  }
}

async function round(
  browser: Browser,
  t: CanvasTemplate,
  client: string,
  notes: number,
  panMs: number,
  shoot: string | null,
): Promise<{ pan: PhaseFigures; zoom: PhaseFigures; load: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-canvas-pan-'))
  cpSync(t.dir, dataDir, { recursive: true })
  const server = await startTestServer({ dataDir, clientDir: client })
  const load = loadavg()[0]!
  try {
    const fac = await openAs(
      browser,
      await signIn(server.url, { id: 'u-bench-fac-0001', name: 'Facilitator', city: 'Lahti' }),
      'about:blank',
    )
    fac.errors.length = 0
    await fac.context.addInitScript(openedScript(notes))
    await fac.page.goto(withTestHooks(t.links.facilitator.replace(/^https?:\/\/[^/]+/, server.url)))
    await boardOpen(fac.page, notes)
    await sleep(1500)
    const canvas = (await fac.page.locator('.tl-canvas').boundingBox())!
    await fac.page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2)
    const cam0 = await cameraOf(fac.page)
    const pan = await phase(browser, fac.page, () =>
      paced(panMs, 16, async (i) => {
        await fac.page.mouse.wheel(i % 40 < 20 ? 15 : -5, i % 80 < 40 ? 60 : -60)
        if (shoot && i === 30) await fac.page.screenshot({ path: `${shoot}-pan.png` })
      }),
    )
    if ((await cameraOf(fac.page)) === cam0) throw new Error('the wheel did not pan the canvas')
    await sleep(500)
    await fac.page.keyboard.down('Control')
    const zoom = await phase(browser, fac.page, () =>
      paced(panMs, 16, (i) => fac.page.mouse.wheel(0, i % 60 < 30 ? -25 : 25)),
    )
    await fac.page.keyboard.up('Control')
    if (shoot) {
      await sleep(1500)
      await fac.page.screenshot({ path: `${shoot}-after.png` })
    }
    const errors = [...fac.errors]
    await fac.context.close()
    if (errors.length > 0) throw new Error(`page errors: ${errors.slice(0, 3).join('; ')}`)
    return { pan, zoom, load }
  } finally {
    await server.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

const f1 = (x: number) => x.toFixed(1)
const show = (p: PhaseFigures) =>
  `${f1(p.fps)} fps, CPU ${f1(p.cpuPerFrame)} ms/frame; traced per frame (${p.frames}): ` +
  `task ${f1(p.task)}, rAF JS ${f1(p.rafJs)}, style ${f1(p.style)}, layout ${f1(p.layout)}, ` +
  `paint ${f1(p.paint)}, layerize ${f1(p.layerize)} (${p.fullLayerizations} full), ` +
  `hit test ${f1(p.hitTest)}; pointerover ${p.pointerOvers}, blocker flips ${p.blockerFlips}`

async function main(argv: string[]) {
  const clients: string[] = []
  let rounds = 2
  let notes = 5000
  let shoot: string | null = null
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    const v = argv[++i]
    if (v === undefined) throw new Error(`${a} needs a value`)
    if (a === '--client') clients.push(resolve(v))
    else if (a === '--rounds') rounds = Number(v)
    else if (a === '--notes') notes = Number(v)
    else if (a === '--screenshot') shoot = resolve(v)
    else throw new Error(`unknown flag "${a}"`)
  }
  if (clients.length === 0) throw new Error('give at least one --client build')
  const log = (s: string) => process.stdout.write(`${s}\n`)
  const browser = await launchBrowser()
  let t: CanvasTemplate | null = null
  try {
    t = await seedTemplate(notes, 100, clients[0]!, log)
    const out = new Map<string, Array<{ pan: PhaseFigures; zoom: PhaseFigures }>>()
    for (let r = 0; r < rounds; r++) {
      for (const [k, client] of clients.entries()) {
        const res = await round(
          browser,
          t,
          client,
          notes,
          2000,
          shoot ? `${shoot}-${k}-${r}` : null,
        )
        log(`round ${r + 1} [${client}] load ${f1(res.load)}`)
        log(`  pan:  ${show(res.pan)}`)
        log(`  zoom: ${show(res.zoom)}`)
        out.set(client, [...(out.get(client) ?? []), res])
      }
    }
    for (const [client, rs] of out) {
      const m = (pick: (p: PhaseFigures) => number, ph: 'pan' | 'zoom') =>
        f1(median(rs.map((r) => pick(r[ph]))))
      log(
        `${client}: pan median ${m((p) => p.fps, 'pan')} fps, ${m((p) => p.cpuPerFrame, 'pan')} ms CPU/frame; ` +
          `zoom median ${m((p) => p.fps, 'zoom')} fps, ${m((p) => p.cpuPerFrame, 'zoom')} ms CPU/frame`,
      )
    }
  } finally {
    await browser.close()
    if (t) rmSync(t.dir, { recursive: true, force: true })
  }
}

if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (e) => {
      console.error(`bench canvas pan: ${e instanceof Error ? e.message : e}`)
      process.exit(1)
    },
  )
}
