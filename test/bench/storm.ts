/**
 * Join storm: the plenary opening. A board of `notes` notes is on disk (the project's server
 * restarted on its data dir, so nothing of it is in memory); `people` real clients then join it
 * one after another within `spreadMs`, from one venue address (a hall's Wi-Fi behind one NAT:
 * the project runs behind a pretend proxy, TRUST_PROXY=1, so its per-address seats and upgrade
 * rate [G8] apply to the storm). Each joiner is timed from its connect until it holds every
 * note. Reports the join latencies, refusals, how often the board was loaded, and the server's
 * CPU per join beside the generator's.
 */
import { type ChildServer, createBoards, startChild } from './childServer'
import { boardUpdates, pushBoard } from './coldOpen'
import { TIMEOUT } from './config'
import { cpuMs, machineBusyMs, nowMs, peakRssMb, resetPeakRss } from './proc'
import type { ClientSpec, StormJoin } from './protocol'
import { metricsText } from './serverMetrics'
import { spread } from './stats'
import type { LoadWorker } from './workerPool'

/** The venue's one public address (TEST-NET-2, RFC 5737). */
export const VENUE_ADDRESS = '198.51.100.7'

export interface StormRound {
  people: number
  /** From a joiner's connect until it held every note, ms. */
  joinP50Ms: number
  joinP99Ms: number
  joinMaxMs: number
  /** Joiners that held the whole board within the timeout. */
  synced: number
  /** Joiners that saw any close (a refusal, a drop, a failed upgrade). */
  refused: number
  /** Loads of the board from storage during the storm (project), null for the reference. */
  loads: number | null
  /** From the first connect until the last joiner held the board, ms. */
  stormMs: number
  serverCpuMs: number
  serverCpuPerJoinMs: number
  serverPeakRssMb: number
  /** The load generators over the storm, % of one core. */
  generatorCpuPct: number
  otherCpuPct: number
}

const loadsOf = (text: string) => Number(/^board_loads_total (\S+)/m.exec(text)?.[1] ?? Number.NaN)

/**
 * One storm round against a fresh `server`; the project's is restarted on its data dir (with
 * TRUST_PROXY=1) and returned for the caller to stop.
 */
export async function stormRound(
  server: ChildServer,
  size: { people: number; spreadMs: number; notes: number },
  workers: LoadWorker[],
): Promise<{ round: StormRound; server: ChildServer }> {
  const [board] = await createBoards(server, 1)
  if (!board) throw new Error('no board')
  const notes = size.notes
  await pushBoard(server, board, boardUpdates(notes, 5, server.kind === 'reference'), notes)
  let s = server
  if (s.kind === 'project') {
    await s.stop()
    s = await startChild({
      kind: 'project',
      dataDir: server.dataDirPath!,
      port: server.port,
      adminToken: server.adminToken,
      runtime: server.runtime,
      env: { TRUST_PROXY: '1' },
    })
  } else {
    resetPeakRss(s.pid)
  }
  const loads0 = s.kind === 'project' ? loadsOf(await metricsText(s)) : Number.NaN
  const specs: (ClientSpec & { atMs: number })[] = Array.from({ length: size.people }, (_, i) => ({
    key: i,
    board: board.id,
    token: board.token,
    seedMeta: false,
    atMs: (i * size.spreadMs) / size.people,
  }))
  const pids = [s.pid, ...workers.map((w) => w.pid)]
  const startAt = nowMs() + 300
  const cpu0 = pids.map(cpuMs)
  const machine0 = machineBusyMs()
  const self0 = process.cpuUsage()
  const shares = workers.map((_, w) => specs.filter((x) => x.key % workers.length === w))
  const joins = (
    await Promise.all(
      workers.map((w, i) =>
        w.call<StormJoin[]>({
          type: 'storm',
          syncUrl: s.syncUrl,
          clients: shares[i]!,
          startAt,
          notes,
          timeoutMs: TIMEOUT.syncMs,
          headers: { 'x-forwarded-for': VENUE_ADDRESS },
        }),
      ),
    )
  ).flat()
  const end = nowMs()
  const used = pids.map((p, i) => cpuMs(p) - cpu0[i]!)
  const self = process.cpuUsage(self0)
  const machine = machineBusyMs() - machine0
  const peak = peakRssMb(s.pid)
  const loads = s.kind === 'project' ? loadsOf(await metricsText(s)) - loads0 : null
  await Promise.all(workers.map((w) => w.call({ type: 'close' })))
  const synced = joins.filter((j) => Number.isFinite(j.syncedAt))
  const lat = spread(synced.map((j) => j.syncedAt - j.connectAt))
  const stormMs = Math.max(...synced.map((j) => j.syncedAt), startAt) - startAt
  const serverCpu = used[0]!
  const generatorMs = used.slice(1).reduce((a, b) => a + b, 0)
  const wall = Math.max(1, end - startAt)
  return {
    round: {
      people: size.people,
      joinP50Ms: lat.p50,
      joinP99Ms: lat.p99,
      joinMaxMs: lat.max,
      synced: synced.length,
      refused: joins.filter((j) => j.closes.length > 0).length,
      loads,
      stormMs,
      serverCpuMs: serverCpu,
      serverCpuPerJoinMs: serverCpu / size.people,
      serverPeakRssMb: peak,
      generatorCpuPct: (generatorMs / wall) * 100,
      otherCpuPct:
        (Math.max(0, machine - (self.user + self.system) / 1000 - serverCpu - generatorMs) / wall) *
        100,
    },
    server: s,
  }
}
