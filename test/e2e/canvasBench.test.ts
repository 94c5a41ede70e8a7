/**
 * The canvas benchmark (test/bench/canvas.ts) at a small size, so it keeps working: a board
 * of 600 notes (past the size drawn whole: the canvas draws the notes around its view) through
 * the real server, opened cold by two people, a theme of 50 dragged
 * across to So what? and seen dropped on the other page, ten keys typed into a note and seen
 * on the other page, the camera panned and zoomed, no page error. No timing is asserted (the
 * bars are the benchmark's, on 5,000 notes). Needs `npm run build` first.
 */
import { describe, expect, it } from 'vitest'
import { canvasBench, parseCanvasArgs } from '../bench/canvas'

describe('npm run bench -- --only canvas, at 600 notes', () => {
  it('opens, drags, types, pans and zooms, and measures each', async () => {
    const o = parseCanvasArgs([
      ...['--notes', '600', '--theme', '50', '--rounds', '1', '--keys', '10'],
      ...['--drag-ms', '600', '--pan-ms', '600'],
    ])
    const lines: string[] = []
    const rounds = Object.values(await canvasBench(o, (s) => lines.push(s)))
    expect(rounds).toHaveLength(1)
    const [r] = rounds[0]!
    // Every phase ran and was measured: the open saw the board's notes in view drawn (and no
    // more than the window around it: fewer than the board's 600), frames were counted on
    // both pages, every key was timed, the bars were printed.
    // Each page's first note before all of its notes (the two pages are timed apart).
    expect(r!.openMs.every((ms, i) => ms > 0 && r!.firstNoteMs[i]! <= ms)).toBe(true)
    expect(r!.openCpuMs.every((ms) => ms > 0)).toBe(true)
    expect(r!.heapMb).toBeGreaterThan(1)
    expect(r!.domNodes).toBeGreaterThan(300)
    expect(r!.notesInDom).toBeGreaterThan(0)
    expect(r!.notesInDom).toBeLessThan(600)
    for (const f of [r!.dragging, r!.watching, r!.pan, r!.zoom]) expect(f.frames).toBeGreaterThan(0)
    expect(r!.keyTaskMs).toHaveLength(10)
    expect(r!.keyTaskMs.every((ms) => Number.isFinite(ms) && ms >= 0)).toBe(true)
    expect(lines.filter((l) => /^- (PASS|FAIL) /.test(l))).toHaveLength(4)
  }, 240_000)
})
