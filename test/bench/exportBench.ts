/**
 * Export: the harvest of a board of N notes (pure functions of the shared package, in this
 * process; neither server is involved, and the reference has no harvest).
 */
import { exportHarvest, harvestNotes, harvestToCsv, harvestToMarkdown } from '@sensemaking/shared'
import * as Y from 'yjs'
import { boardUpdates } from './coldOpen'
import { nowMs } from './proc'
import { median } from './stats'

export interface ExportResult {
  notes: number
  exportMs: number
  markdownMs: number
  csvMs: number
  jsonBytes: number
  markdownBytes: number
  csvBytes: number
}

/** Median times of exportHarvest, and of its Markdown and CSV renderings, over `repeats` runs. */
export function exportBench(notes: number, repeats: number): ExportResult {
  const doc = new Y.Doc()
  for (const u of boardUpdates(notes, 20, true)) Y.applyUpdate(doc, u)
  const ex: number[] = []
  const md: number[] = []
  const csv: number[] = []
  let sizes = { json: 0, md: 0, csv: 0 }
  for (let i = 0; i < repeats; i++) {
    const t0 = nowMs()
    const h = exportHarvest(doc, { boardId: 'bench', now: () => Date.UTC(2026, 0, 15, 12) })
    const t1 = nowMs()
    const m = harvestToMarkdown(h)
    const t2 = nowMs()
    const c = harvestToCsv(h)
    const t3 = nowMs()
    ex.push(t1 - t0)
    md.push(t2 - t1)
    csv.push(t3 - t2)
    if (i === 0) {
      const got = harvestNotes(h).length
      if (got !== notes) throw new Error(`the harvest holds ${got} notes, not ${notes}`)
      sizes = { json: JSON.stringify(h).length, md: m.length, csv: c.length }
    }
  }
  return {
    notes,
    exportMs: median(ex),
    markdownMs: median(md),
    csvMs: median(csv),
    jsonBytes: sizes.json,
    markdownBytes: sizes.md,
    csvBytes: sizes.csv,
  }
}
