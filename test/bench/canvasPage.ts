/**
 * What the canvas benchmark measures inside the page, and through the page's DevTools
 * protocol. Scripts that run in the page are strings: the TypeScript loader rewrites named
 * inner functions, which the page would not know.
 */
import { NOTE, NOTE_SIZE, ROOT } from '@sensemaking/shared'
import type { CDPSession, Page } from 'playwright-core'

/**
 * An init script that records when the board is open (`window.__allNotesAt`, ms since
 * navigation start): every one of its `target` notes has reached the page's document
 * (`window.__board`, the page opened with test hooks), and every note whose place lies in the
 * canvas's view has its sticky in the DOM. The view is read from tldraw's HTML layer (its
 * camera transform) and the canvas's size, independently of what the app decided to draw. The
 * time is that of the frame from which this held for a second without a break (the fitting of
 * the camera, or a window redrawn behind it, starts the wait again). `__firstNoteAt`: the
 * first frame with a sticky in the DOM. Checked once per frame (requestAnimationFrame) until
 * the board is open.
 */
export function openedScript(target: number): string {
  return `(() => {
    const HOLD_MS = 1000
    let since = null
    // The live notes' places, read again only after the notes changed: reading 5,000 Y.Maps
    // every frame would be the check's own cost, slowing the open it measures.
    let places = null
    let watched = null
    const placesOf = (notes) => {
      if (watched !== notes) {
        watched = notes
        notes.observeDeep(() => { places = null })
      }
      if (places === null) {
        places = []
        notes.forEach((n, id) => {
          if (typeof n.get !== 'function' || n.get(${JSON.stringify(NOTE.deletedAt)}) != null) return
          places.push([id, n.get(${JSON.stringify(NOTE.x)}), n.get(${JSON.stringify(NOTE.y)})])
        })
      }
      return places
    }
    // The stickies drawn, counted again only after stickies came or went: a query over the page
    // and the test of every note, each frame, were the check's own cost in the open it times.
    let domChanged = true
    let last = null
    const holdsNote = (n) =>
      n.nodeType === 1 && (n.hasAttribute('data-note-id') || n.querySelector('[data-note-id]'))
    new MutationObserver((records) => {
      if (domChanged) return
      for (const r of records) {
        for (const n of r.addedNodes) if (holdsNote(n)) domChanged = true
        for (const n of r.removedNodes) if (holdsNote(n)) domChanged = true
      }
    }).observe(document, {
      childList: true,
      subtree: true,
    })
    const inView = () => {
      const b = window.__board
      if (!b) return false
      const notes = b.doc.getMap(${JSON.stringify(ROOT.notes)})
      if (notes.size < ${target}) return false
      const layer = document.querySelector('.tl-html-layer')
      const canvas = document.querySelector('.tl-canvas')
      if (!layer || !canvas) return false
      const key = layer.style.transform + '|' + canvas.clientWidth + 'x' + canvas.clientHeight
      if (!domChanged && places !== null && last !== null && last.key === key) return last.ok
      domChanged = false
      const ok = check(notes, layer, canvas)
      last = { key, ok }
      return ok
    }
    const check = (notes, layer, canvas) => {
      const m = /scale\\(([-\\d.e]+)\\) translate\\(([-\\d.e]+)px, ?([-\\d.e]+)px\\)/.exec(
        layer.style.transform,
      )
      if (!m) return false
      const z = Number(m[1]), cx = Number(m[2]), cy = Number(m[3])
      const view = canvas.getBoundingClientRect()
      const drawn = new Set()
      for (const el of document.querySelectorAll('[data-note-id]')) drawn.add(el.getAttribute('data-note-id'))
      if (drawn.size === 0) return false
      const s = ${NOTE_SIZE.w} * z
      for (const [id, px, py] of placesOf(notes)) {
        const x = (px + cx) * z
        const y = (py + cy) * z
        const seen = x + s > 0 && x < view.width && y + s > 0 && y < view.height
        if (seen && !drawn.has(id)) return false
      }
      return true
    }
    const frame = () => {
      const now = performance.now()
      if (window.__firstNoteAt === undefined && document.querySelector('[data-note-id]')) {
        window.__firstNoteAt = now
      }
      if (!inView()) since = null
      else if (since === null) since = now
      else if (now - since >= HOLD_MS) {
        window.__allNotesAt = since
        return
      }
      requestAnimationFrame(frame)
    }
    requestAnimationFrame(frame)
  })()`
}

/** Frame deltas (requestAnimationFrame) and long tasks, from start until stop. */
export async function startFrames(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    const m = { deltas: [], long: [], run: true, t0: performance.now(), last: null }
    window.__frames = m
    const tick = (t) => {
      if (!m.run) return
      if (m.last !== null) m.deltas.push(t - m.last)
      m.last = t
      requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
    new PerformanceObserver((list) => {
      if (!m.run) return
      for (const e of list.getEntries()) m.long.push(e.duration)
    }).observe({ type: 'longtask', buffered: false })
  })()`)
}

export interface FrameFigures {
  fps: number
  frames: number
  /** 95th percentile and worst of the time between two frames. */
  p95FrameMs: number
  worstFrameMs: number
  /** Frames that took more than two vsyncs (33 ms): visible stutter. */
  over33: number
  longTasks: number
  longTaskMs: number
}

export async function stopFrames(page: Page): Promise<FrameFigures> {
  const m = (await page.evaluate(`(() => {
    const m = window.__frames
    m.run = false
    return { deltas: m.deltas, long: m.long, seconds: (performance.now() - m.t0) / 1000 }
  })()`)) as { deltas: number[]; long: number[]; seconds: number }
  const sorted = [...m.deltas].sort((a, b) => a - b)
  return {
    fps: m.deltas.length / m.seconds,
    frames: m.deltas.length,
    p95FrameMs: quantile(sorted, 0.95),
    worstFrameMs: sorted.at(-1) ?? 0,
    over33: m.deltas.filter((d) => d > 33.4).length,
    longTasks: m.long.length,
    longTaskMs: m.long.reduce((a, b) => a + b, 0),
  }
}

/**
 * Per keystroke, from the keydown's timestamp: `task`, until the key's own task (keydown,
 * input, the synchronous render) has ended; `paint`, until just after the next frame was
 * produced (a message posted from the frame's requestAnimationFrame), which includes the wait
 * for the display's next frame.
 */
export async function startKeys(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    const keys = []
    window.__keys = keys
    window.addEventListener('keydown', (e) => {
      const t0 = e.timeStamp
      const rec = { task: NaN, paint: NaN }
      keys.push(rec)
      const after = (fn) => {
        const ch = new MessageChannel()
        ch.port1.onmessage = fn
        ch.port2.postMessage(0)
      }
      after(() => { rec.task = performance.now() - t0 })
      requestAnimationFrame(() => after(() => { rec.paint = performance.now() - t0 }))
    }, true)
  })()`)
}

export async function stopKeys(page: Page): Promise<Array<{ task: number; paint: number }>> {
  return (await page.evaluate('window.__keys.splice(0)')) as Array<{ task: number; paint: number }>
}

/** The page's main-thread and heap figures from the DevTools protocol's Performance domain. */
export async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as {
    metrics: Array<{ name: string; value: number }>
  }
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]))
}

/**
 * A DevTools session on the page whose Performance metrics count the main thread's own CPU
 * time (thread ticks), not wall time: on a loaded machine a task's wall time includes the
 * time the thread waited for a core.
 */
export async function cdpOf(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' })
  return cdp
}

/** Main-thread CPU ms (tasks of every kind) between two metric snapshots. */
export const busyMs = (a: Record<string, number>, b: Record<string, number>) =>
  ((b.TaskDuration ?? 0) - (a.TaskDuration ?? 0)) * 1000

/** Main-thread CPU ms running JavaScript between two metric snapshots. */
export const scriptMs = (a: Record<string, number>, b: Record<string, number>) =>
  ((b.ScriptDuration ?? 0) - (a.ScriptDuration ?? 0)) * 1000

export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
}

/** The middle value; of an even count, the mean of the two middle ones. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  if (s.length === 0) return Number.NaN
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** The camera as tldraw's HTML layer is transformed (scale and translation), to check it moved. */
export function cameraOf(page: Page): Promise<string> {
  return page.evaluate(
    () => (document.querySelector('.tl-html-layer') as HTMLElement | null)?.style.transform ?? '',
  )
}
