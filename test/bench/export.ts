/**
 * Benchmark of the harvest export (`npx tsx test/bench/export.ts [notes]`): a board of 5,000
 * notes by default over three columns, with levers, cities, clusters and dots; times
 * exportHarvest, the Markdown and the CSV rendering and the JSON import as the median of 5
 * runs after one warm-up, and prints them. Figures, not assertions.
 */
import {
  columnRegion,
  createCluster,
  createNote,
  exportHarvest,
  harvestToCsv,
  harvestToMarkdown,
  importHarvest,
  LEVERS,
  SLOTS_PER_ROW,
  seedBoard,
  setVotes,
  slotPosition,
  W3_TEMPLATE,
} from '@sensemaking/shared'
import * as Y from 'yjs'

const NOTES = Number(process.argv[2] ?? 5000)
const RUNS = 5
const CITIES = ['Nantes', 'Turku', 'Lahti', 'Umeå', 'umeå ', 'Malmö', 'Leuven', 'Limassol', 'Rivne']

function buildBoard(n: number): Y.Doc {
  const doc = new Y.Doc()
  let t = Date.UTC(2026, 0, 15, 9, 0, 0)
  const w = { now: () => (t += 1000) }
  seedBoard(doc, { title: `Bench ${n}`, sessionId: 's', sessionTitle: 'Bench session' }, w)
  doc.transact(() => {
    const columns = W3_TEMPLATE.columns.map((c) => c.id)
    const perColumn = Math.ceil(n / columns.length)
    const clusters = columns.map((column) =>
      Array.from({ length: 10 }, (_, k) =>
        createCluster(doc, { title: `Theme ${k}`, column, x: 0, y: 0, w: 1, h: 1 }, w),
      ),
    )
    for (let i = 0; i < n; i++) {
      const c = i % columns.length
      const slot = Math.floor(i / columns.length)
      const pos = slotPosition(columnRegion(W3_TEMPLATE.columns, columns[c]!), slot)
      const id = createNote(
        doc,
        {
          id: `n${i}`,
          text: `Note ${i}: what we learnt about ${LEVERS[i % 6]!.label.toLowerCase()}, "quoted", with a comma\nand a second line`,
          column: columns[c]!,
          lever: i % 7 === 0 ? null : LEVERS[i % 6]!.id,
          city: CITIES[i % CITIES.length]!,
          author: `Person ${i % 150}`,
          authorId: `u${i % 150}`,
          x: pos.x,
          y: pos.y,
          clusterId: slot < perColumn / 2 ? clusters[c]![slot % 10]! : null,
        },
        w,
      )
      if (i % 5 === 0) setVotes(doc, id, `v${i % 40}`, 1 + (i % 3), w)
    }
  })
  return doc
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

function time<T>(f: () => T): { ms: number; value: T } {
  const t0 = performance.now()
  const value = f()
  return { ms: performance.now() - t0, value }
}

function bench<T>(f: () => T): { ms: number; value: T } {
  f() // warm-up
  const runs = Array.from({ length: RUNS }, () => time(f))
  return { ms: median(runs.map((r) => r.ms)), value: runs[0]!.value }
}

const built = time(() => buildBoard(NOTES))
const doc = built.value
const h = bench(() => exportHarvest(doc, { boardId: 'bench' }))
const md = bench(() => harvestToMarkdown(h.value))
const csv = bench(() => harvestToCsv(h.value))
const json = bench(() => JSON.stringify(h.value))
const imp = bench(() => importHarvest(JSON.parse(json.value)))

const kb = (s: string) => `${(Buffer.byteLength(s) / 1024).toFixed(0)} KiB`
const row = (name: string, ms: number, size = '') =>
  `${name.padEnd(26)} ${ms.toFixed(1).padStart(8)} ms  ${size}`
console.log(
  `harvest export benchmark: ${h.value.summary.notes} notes, median of ${RUNS} runs after a warm-up`,
)
console.log(
  `(board built in ${built.ms.toFixed(0)} ms, ${SLOTS_PER_ROW} notes per grid row; Node ${process.version})`,
)
console.log(row('exportHarvest', h.ms))
console.log(row('JSON.stringify', json.ms, kb(json.value)))
console.log(row('harvestToMarkdown', md.ms, kb(md.value)))
console.log(row('harvestToCsv', csv.ms, kb(csv.value)))
console.log(row('importHarvest (JSON)', imp.ms))
