/**
 * CPU profile of a server child over one window only (not its start-up or shutdown), through
 * the V8 inspector: the child runs with `--inspect=127.0.0.1:0`, and Profiler.start/stop are
 * sent over the inspector's WebSocket around the work. For finding where a figure comes from.
 */
import { WebSocket } from 'ws'
import type { ChildServer } from './childServer'
import { waitFor } from './proc'

/** The inspector's WebSocket URL, read from the child's output ("Debugger listening on ws://…"). */
export async function inspectorUrl(s: ChildServer): Promise<string> {
  return waitFor(
    'the inspector URL in the server output',
    () => /Debugger listening on (ws:\/\/\S+)/.exec(s.output())?.[1],
    10_000,
  )
}

/** A connection to a child's inspector: `call` sends one protocol method and awaits its result. */
export async function inspectorSession(url: string) {
  const ws = new WebSocket(url)
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  let id = 0
  const pending = new Map<number, (r: { result?: unknown; error?: unknown }) => void>()
  ws.on('message', (data: Buffer) => {
    const m = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: unknown }
    if (m.id !== undefined) pending.get(m.id)?.(m)
  })
  const call = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve, reject) => {
      const n = ++id
      pending.set(n, (r) => {
        pending.delete(n)
        if (r.error) reject(new Error(`${method}: ${JSON.stringify(r.error)}`))
        else resolve(r.result)
      })
      ws.send(JSON.stringify({ id: n, method, params }))
    })
  return { call, close: () => ws.close() }
}

/** A CPU profile in progress on a server child; `stop()` returns the .cpuprofile JSON. */
export interface RunningProfile {
  stop(): Promise<unknown>
  /** The child's process.memoryUsage() and V8 heap space sizes now, in MB. */
  memory(): Promise<Record<string, number>>
}

/** Start profiling the child's CPU now. */
export async function startProfile(
  s: ChildServer,
  samplingIntervalUs = 200,
): Promise<RunningProfile> {
  const { call, close } = await inspectorSession(await inspectorUrl(s))
  await call('Profiler.enable')
  await call('Profiler.setSamplingInterval', { interval: samplingIntervalUs })
  await call('Profiler.start')
  return {
    async memory() {
      // The console's command line API gives `require` in an ES module's process too.
      const r = (await call('Runtime.evaluate', {
        expression: `JSON.stringify({ ...process.memoryUsage(), ...Object.fromEntries(
          require('v8').getHeapSpaceStatistics().map((s) => [s.space_name, s.space_size])) })`,
        includeCommandLineAPI: true,
        returnByValue: true,
      })) as { result: { value: string } }
      const m = JSON.parse(r.result.value) as Record<string, number>
      return Object.fromEntries(
        Object.entries(m).map(([k, v]) => [k, Math.round(v / 104857.6) / 10]),
      )
    },
    async stop() {
      try {
        const { profile } = (await call('Profiler.stop')) as { profile: unknown }
        return profile
      } finally {
        close()
      }
    },
  }
}
