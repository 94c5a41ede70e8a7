/** The two-node scenario's rows and bars (reportNodes.ts), from results made up here. */
import { describe, expect, it } from 'vitest'
import { type BenchResults, markdownChecks, markdownTable } from '../bench/report'
import { FAILOVER_SLACK_MS, nodesChecks, nodesRows } from '../bench/reportNodes'
import type { NodesResult } from '../bench/twoNodes'
import type { LoadRound } from '../bench/twoNodesLoad'

const base: BenchResults = {
  startedAt: '2026-12-07T00:00:00Z',
  quick: false,
  machine: { cpus: 2, node: 'v20' },
  runtime: 'bundle',
  sizes: {},
}

function loadRound(layout: LoadRound['layout'], lost: number, late: number): LoadRound {
  const two = layout === 'two nodes'
  return {
    layout,
    x: {
      nodesCpuMs: two ? [1000, 500] : [1200],
      serverCpuMs: two ? 1500 : 1200,
      everyP50Ms: 10,
      everyP99Ms: 50,
      deliveriesLost: lost,
      deliveriesLate: late,
      deliveriesExpected: 1000,
      generatorCpuPct: 40,
      otherCpuPct: 20,
    } as LoadRound['x'],
    forwarded: two ? 300 : 0,
    frames: 1000,
    owned: two ? [20, 30] : [null],
    leasesLost: 0,
    fenced: 0,
    loadBefore: 1.5,
    loadAfter: 1.7,
  }
}

const failover = (leaseMs: number, gapMs: number, lost: number) => ({
  leaseMs,
  killToAckMs: gapMs - 20,
  lastAckToFirstAckMs: gapMs,
  notes: 300,
  lost,
  loadBefore: 1,
  loadAfter: 1,
})

const withNodes = (nodes: NodesResult): BenchResults => ({ ...base, nodes })

describe('two-node scenario in the results table', () => {
  it('puts two nodes beside one node, CPU per node as a share of the window', () => {
    const rows = nodesRows(
      withNodes({
        windowMs: 5000,
        load: [loadRound('one node', 0, 0), loadRound('two nodes', 0, 4)],
      }),
    )
    const cpu = rows.find((r) => r.figure === 'server CPU, all nodes')!
    expect(cpu.project).toBe(30)
    expect(cpu.reference).toBe(24)
    expect(rows.find((r) => r.figure === 'server CPU, second node')!.project).toBe(10)
    expect(rows.find((r) => r.figure === 'frames relayed by the forwarding node')!.project).toBe(30)
    expect(rows.find((r) => r.figure === 'deliveries late (all rounds)')!.project).toBe(4)
  })

  it('passes with late deliveries and fails a lost one', () => {
    const ok = nodesChecks(withNodes({ windowMs: 5000, load: [loadRound('two nodes', 0, 7)] }))
    expect(ok).toEqual([expect.objectContaining({ pass: true, detail: '0 lost, 7 late of 1000' })])
    const bad = nodesChecks(withNodes({ windowMs: 5000, load: [loadRound('two nodes', 2, 0)] }))
    expect(bad[0]!.pass).toBe(false)
  })

  it('bars the failover at the lease and a few seconds, and a lost note', () => {
    const checks = nodesChecks(
      withNodes({
        failover: [
          failover(2000, 2000 + FAILOVER_SLACK_MS - 1, 0),
          failover(5000, 5000 + FAILOVER_SLACK_MS + 1, 1),
        ],
      }),
    )
    expect(checks.map((c) => c.pass)).toEqual([true, true, false, false])
  })

  it('prints nothing but a one-line reason when it did not run', () => {
    const res = withNodes({ skipped: 'redis-server is not installed' })
    expect(nodesRows(res)).toEqual([])
    expect(markdownTable(res).split('\n')).toHaveLength(2)
    expect(markdownChecks(res)).toBe('- SKIP two nodes: redis-server is not installed')
  })
})
