/** Process figures from /proc (Linux), free ports and a polling wait: the harness's thin I/O edge. */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100

/**
 * The user and system CPU times of a /proc `stat` line, ms. The command name (field 2) may hold
 * spaces: fields are counted after its closing paren.
 */
function statTimes(stat: string): { userMs: number; systemMs: number } {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return {
    userMs: (Number(fields[11]) * 1000) / TICKS_PER_SECOND,
    systemMs: (Number(fields[12]) * 1000) / TICKS_PER_SECOND,
  }
}

/** CPU time (user + system) a process has used so far, in ms. */
export function cpuMs(pid: number): number {
  const t = statTimes(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  return t.userMs + t.systemMs
}

/** The kernel's part of a process's CPU time (stime), ms, in 10 ms ticks. */
export function systemCpuMs(pid: number): number {
  return statTimes(readFileSync(`/proc/${pid}/stat`, 'utf8')).systemMs
}

function statusKb(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)
  if (!m) throw new Error(`/proc/${pid}/status has no ${field}`)
  return Number(m[1])
}

/** Peak resident set size (VmHWM) of a process, in MB. */
export const peakRssMb = (pid: number) => statusKb(pid, 'VmHWM') / 1024

/** Current resident set size (VmRSS) of a process, in MB. */
export const rssMb = (pid: number) => statusKb(pid, 'VmRSS') / 1024

/** Reset a process's peak RSS to its current RSS (Linux clear_refs 5), so a phase is measured alone. */
export function resetPeakRss(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5')
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      s.close(() => resolve(port))
    })
  })
}

/** Wall clock in ms with sub-ms precision, comparable across processes of this machine. */
export const nowMs = () => performance.timeOrigin + performance.now()

/**
 * Poll `check` until it returns a value other than undefined/false, or fail after `timeoutMs`
 * with `what` in the message. Never a fixed sleep: it returns as soon as the condition holds.
 */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs: number,
  intervalMs = 10,
): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const v = await check()
    if (v !== undefined && v !== false) return v
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}

/** Busy CPU time of the whole machine so far (all cores; /proc/stat minus idle and iowait), in ms. */
export function machineBusyMs(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? ''
  const v = line.trim().split(/\s+/).slice(1).map(Number)
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0)
  const idle = (v[3] ?? 0) + (v[4] ?? 0)
  return ((total - idle) * 1000) / TICKS_PER_SECOND
}

/**
 * CPU time so far of each thread of a process, summed by thread name (/proc/<pid>/task), in ms.
 * The main thread is `main`: Node leaves its V8 helper threads (GC, compiler) named like the
 * process, so the rest of that name is the helpers.
 */
export function threadCpuMs(pid: number): Record<string, number> {
  const out: Record<string, number> = {}
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
      const name =
        tid === String(pid)
          ? 'main'
          : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/\d+$/, '#')
      const t = statTimes(stat)
      out[name] = (out[name] ?? 0) + t.userMs + t.systemMs
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out
}

/** Per-name differences of two threadCpuMs readings, largest first, zeros left out. */
export function threadDelta(
  a: Record<string, number>,
  b: Record<string, number>,
): Record<string, number> {
  return Object.fromEntries(
    Object.entries(b)
      .map(([k, v]) => [k, v - (a[k] ?? 0)] as const)
      .filter(([, v]) => v > 0)
      .sort((x, y) => y[1] - x[1]),
  )
}

/**
 * Collect this process's garbage now (V8's gc, exposed at run time), so a measurement that
 * follows is not shared with the collection of what the load generator just dropped.
 */
export function collectGarbage(): void {
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  gc()
}

/**
 * CPU time so far of a process's live threads, in ms with microsecond precision
 * (/proc/<pid>/task/<tid>/schedstat: nanoseconds on the CPU), where `cpuMs` counts 10 ms
 * ticks: for the CPU of one short operation, such as a board's open. A thread that ended
 * between two readings takes its time with it (V8's helpers live as long as the process).
 */
export function cpuPreciseMs(pid: number): number {
  let ns = 0
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0])
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return ns / 1e6
}

/**
 * The time a process's main thread has waited for a core while runnable, ms
 * (/proc/<pid>/schedstat, its second field): on a shared machine, the part of a latency that is
 * the machine's, not the process's own work.
 */
export function runQueueMs(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e6
  } catch {
    return Number.NaN
  }
}
