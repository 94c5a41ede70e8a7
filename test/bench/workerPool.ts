/** The coordinator's side of the load generator: forked loadWorker processes and a small RPC. */
import { type ChildProcess, fork } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Command, Reply } from './protocol'

const WORKER = join(dirname(fileURLToPath(import.meta.url)), 'loadWorker.ts')

export interface LoadWorker {
  pid: number
  call<T>(cmd: Command): Promise<T>
  close(): Promise<void>
}

/** Fork one load-generator process and wait until it is ready. */
export async function forkWorker(seed: number): Promise<LoadWorker> {
  const child: ChildProcess = fork(WORKER, [], {
    execArgv: [
      // A larger young generation: Yjs allocates a lot, and scavenges were a quarter of the
      // generator's CPU. This tunes the load generator only, never a server under test.
      '--max-semi-space-size=64',
      // A round's clients (Yjs documents of every board, their records) fill some 300 MB of
      // old space; from V8's small default every round on a fresh process grew the heap by
      // full collections inside its window, and stalled every client of the process at once
      // (the first round, always the same server's). With this floor and a full collection
      // before each round's clients connect (loadWorker's `connect`), no round collects its
      // old space in its window, the first no more than the others.
      '--initial-old-space-size=1024',
      '--expose-gc',
      ...(process.env.BENCH_WORKER_PROF
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_WORKER_PROF}`]
        : []),
      // Diagnostics: more node flags for the generators (say --trace-gc).
      ...(process.env.BENCH_WORKER_FLAGS?.split(/\s+/).filter(Boolean) ?? []),
      '--import',
      'tsx',
    ],
    serialization: 'advanced',
    env: { ...process.env, BENCH_SEED: String(seed) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  let nextRid = 1
  let dead: Error | null = null
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const ready = new Promise<void>((resolve, reject) => {
    child.on('message', (m: Reply) => {
      if (m.rid === 0) return resolve()
      const p = pending.get(m.rid)
      if (!p) return
      pending.delete(m.rid)
      if (m.ok) p.resolve(m.value)
      else p.reject(new Error(`load worker ${child.pid}: ${m.error}`))
    })
    child.once('exit', (code, signal) => {
      dead = new Error(`load worker ${child.pid} exited (${code ?? signal})`)
      reject(dead)
      for (const p of pending.values()) p.reject(dead)
      pending.clear()
    })
  })
  await ready
  return {
    pid: child.pid!,
    call<T>(cmd: Command): Promise<T> {
      if (dead) return Promise.reject(dead)
      const rid = nextRid++
      return new Promise<T>((resolve, reject) => {
        pending.set(rid, { resolve: resolve as (v: unknown) => void, reject })
        child.send({ rid, cmd })
      })
    },
    async close() {
      if (dead) return
      child.disconnect()
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    },
  }
}

/** Fork `n` workers in parallel. */
export function forkWorkers(n: number, seed: number): Promise<LoadWorker[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => forkWorker(seed * 31 + i)))
}
