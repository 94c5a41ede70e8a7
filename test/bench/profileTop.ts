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
interface Profile {
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

if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2]
  if (!file) {
    console.error('usage: tsx test/bench/profileTop.ts FILE.cpuprofile [N]')
    process.exit(2)
  }
  const { totalMs, top } = topBySelfTime(
    JSON.parse(readFileSync(file, 'utf8')) as Profile,
    Number(process.argv[3] ?? 25),
  )
  console.log(`total ${totalMs.toFixed(0)} ms sampled`)
  for (const e of top) {
    console.log(
      `${e.selfMs.toFixed(1).padStart(9)} ms ${e.pct.toFixed(1).padStart(5)} %  ${e.fn}  ${e.where}`,
    )
  }
}
