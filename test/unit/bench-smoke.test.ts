/**
 * The benchmark harness itself, at tiny sizes (`--quick`), so it cannot rot: both servers as
 * child processes, every scenario (the scale ones of issue 20 too: cursors, join storm, boards on
 * disk, capacity), a results file whose figures add up. No timing is asserted.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../bench/childServer'
import { QUICK } from '../bench/config'
import type { BenchResults } from '../bench/report'

const run = promisify(execFile)

describe('npm run bench -- --quick', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-smoke-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('runs every scenario on both servers and writes a consistent results file', async () => {
    const out = join(dir, 'results.json')
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', join(REPO_ROOT, 'test/bench/run.ts'), '--quick', '--out', out],
      { cwd: REPO_ROOT, timeout: 400_000 },
    )
    expect(stdout).toContain('| scenario | figure |')
    const res = JSON.parse(readFileSync(out, 'utf8')) as BenchResults
    expect(res.quick).toBe(true)
    for (const live of [res.plenary, res.breakouts, res.cursors]) {
      expect(live?.project).toHaveLength(QUICK.rounds)
      expect(live?.reference).toHaveLength(QUICK.rounds)
      for (const round of [...live!.project, ...live!.reference]) {
        expect(round.edits).toBeGreaterThan(0)
        expect(round.deliveriesExpected).toBeGreaterThan(0)
        expect(round.deliveriesLost).toBe(0)
        expect(round.converged).toBe(true)
        expect(round.serverPeakRssMb).toBeGreaterThan(0)
        // Each generator process's own holds, the probe process last.
        expect(round.generators).toHaveLength(QUICK.workers + 1)
      }
    }
    expect(res.cursors!.project[0]!.cursorDeliveries).toBeGreaterThan(0)
    expect(res.cursors!.reference[0]!.cursorDeliveries).toBeGreaterThan(0)
    for (const round of [...res.storm!.project, ...res.storm!.reference]) {
      expect(round.people).toBe(QUICK.storm.people)
      expect(round.synced).toBe(QUICK.storm.people)
      expect(round.refused).toBe(0)
    }
    expect(res.storm!.project.map((r) => r.loads)).toEqual([1])
    expect(res.manyBoards!.many.boards).toBe(QUICK.manyBoards.boards)
    expect(res.manyBoards!.many.openMs).toHaveLength(QUICK.manyBoards.opens)
    expect(res.manyBoards!.one.startMs).toHaveLength(QUICK.manyBoards.opens)
    expect(res.manyBoards!.nodeBootMs).toHaveLength(QUICK.manyBoards.opens)
    for (const run of [res.manyBoards!.many, res.manyBoards!.one]) {
      expect(run.openCpuMs).toHaveLength(QUICK.manyBoards.opens)
      for (const ms of run.openCpuMs!) expect(ms).toBeGreaterThan(0)
    }
    // Capacity twice: clients that send only their own presence (the bar's), then stock ones.
    for (const run of [res.capacity!, res.capacityEcho!]) {
      for (const steps of [run.project[0]!, run.reference[0]!]) {
        expect(steps[0]!.connections).toBe(QUICK.capacity.stepConnections[0])
        expect(steps[0]!.edits).toBeGreaterThan(0)
        expect(steps[0]!.lost).toBe(0)
        // Cursors both ways (and the stock clients' echoes), counted by the lean clients.
        expect(steps[0]!.messagesPerS).toBeGreaterThan(steps[0]!.connections)
        expect(steps[0]!.serverUsPerMessage).toBeGreaterThan(0)
        expect(steps[0]!.generatorLongestStallMs).toBeGreaterThanOrEqual(0)
      }
    }
    // Each stock client re-sends the presence it is sent: more messages than the board's own.
    expect(res.capacityEcho!.project[0]![0]!.messagesPerS!).toBeGreaterThan(
      res.capacity!.project[0]![0]!.messagesPerS!,
    )
    for (const round of [...res.coldOpen!.project, ...res.coldOpen!.reference]) {
      expect(round.notes).toBe(QUICK.coldOpen.notes)
      expect(round.docBytes).toBeGreaterThan(0)
      expect(round.serverCpuMs).toBeGreaterThan(0)
    }
    expect(res.trace?.notes).toBe(QUICK.trace.notes)
    expect(res.trace?.ops.move).toBe(QUICK.trace.moves)
    expect(res.trace?.diskBytes).toBeGreaterThan(0)
    expect(res.export?.notes).toBe(QUICK.exportNotes)
    // Two nodes need PostgreSQL and Redis: a quick run leaves them out unless named.
    expect(res.nodes?.skipped).toContain('--only nodes')
    expect(stdout).toContain('- SKIP two nodes:')
    // The dashboards' rounds: the same load without and with a live stream open.
    expect(res.dashboard?.without).toHaveLength(QUICK.rounds)
    for (const round of res.dashboard!.all) {
      expect(round.deliveriesLost).toBe(0)
      expect(round.dashboard?.dashboards).toBeGreaterThan(0)
      expect(round.dashboard?.errors).toBe(0)
    }
  }, 420_000)
})
