/**
 * Top functions of a V8 .cpuprofile (from `node --cpu-prof`) by self time, to find where a
 * server or a load worker spends its CPU. Usage: tsx test/bench/profileTop.ts FILE [N]
 */
import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { REPO_ROOT } from './childServer'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
export interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

export interface TopEntry {
  fn: string
  where: string
  selfMs: number
  pct: number
}

/** Self time per function (summed over call sites), largest first. */
export function topBySelfTime(p: Profile, n: number): { totalMs: number; top: TopEntry[] } {
  const byNode = new Map<number, number>()
  p.samples.forEach((id, i) => {
    byNode.set(id, (byNode.get(id) ?? 0) + (p.timeDeltas[i] ?? 0))
  })
  const byFn = new Map<string, { fn: string; where: string; us: number }>()
  let total = 0
  for (const node of p.nodes) {
    const us = byNode.get(node.id) ?? 0
    total += us
    const cf = node.callFrame
    const where = cf.url
      ? `${relative(REPO_ROOT, cf.url.replace('file://', ''))}:${cf.lineNumber + 1}`
      : ''
    const key = `${cf.functionName}@${where}`
    const e = byFn.get(key) ?? { fn: cf.functionName || '(anonymous)', where, us: 0 }
    e.us += us
    byFn.set(key, e)
  }
  const top = [...byFn.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, n)
    .map((e) => ({ fn: e.fn, where: e.where, selfMs: e.us / 1000, pct: (e.us / total) * 100 }))
  return { totalMs: total / 1000, top }
}

/** Self time by area (the package or part of the code a function lives in), largest first. */
export function selfTimeByArea(p: Profile): { area: string; selfMs: number; pct: number }[] {
  const byNode = new Map<number, number>()
  p.samples.forEach((id, i) => {
    byNode.set(id, (byNode.get(id) ?? 0) + (p.timeDeltas[i] ?? 0))
  })
  const areas = new Map<string, number>()
  let total = 0
  for (const node of p.nodes) {
    const us = byNode.get(node.id) ?? 0
    total += us
    const a = areaOf(node.callFrame)
    areas.set(a, (areas.get(a) ?? 0) + us)
  }
  return [...areas]
    .sort((a, b) => b[1] - a[1])
    .map(([area, us]) => ({ area, selfMs: us / 1000, pct: (us / total) * 100 }))
}

function areaOf(cf: ProfileNode['callFrame']): string {
  if (!cf.url) return cf.functionName.startsWith('(') ? cf.functionName : '(native)'
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(cf.url)
  if (m) return m[1]!
  const r = /\/(server|shared|client|test)\/src\/([^/]+)/.exec(cf.url)
  if (r) return `${r[1]}/src/${r[2]}`
  if (cf.url.startsWith('node:')) return 'node internals'
  return cf.url
}

/** Print the top functions and the areas of a profile. */
export function printProfile(p: Profile, n: number, out: (s: string) => void = console.log): void {
  const { totalMs, top } = topBySelfTime(p, n)
  out(`total ${totalMs.toFixed(0)} ms sampled; by area (self time):`)
  for (const a of selfTimeByArea(p).slice(0, 14)) {
    out(`${a.selfMs.toFixed(1).padStart(9)} ms ${a.pct.toFixed(1).padStart(5)} %  ${a.area}`)
  }
  out('top functions (self time):')
  for (const e of top) {
    out(
      `${e.selfMs.toFixed(1).padStart(9)} ms ${e.pct.toFixed(1).padStart(5)} %  ${e.fn}  ${e.where}`,
    )
  }
}

if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2]
  if (!file) {
    console.error('usage: tsx test/bench/profileTop.ts FILE.cpuprofile [N]')
    process.exit(2)
  }
  printProfile(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(process.argv[3] ?? 25))
}
