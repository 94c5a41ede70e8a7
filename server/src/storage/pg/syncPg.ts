/**
 * PostgreSQL through a synchronous call: the queries run on a worker thread (`pgWorker.mjs`)
 * while the calling thread waits on a shared flag, so PgStorage keeps the BoardStorage
 * interface synchronous like SQLite and an update is committed before `appendUpdate` returns,
 * with no await in between for another message to slip through. The price: the event loop
 * waits out each round trip to the database (a fraction of a millisecond on a near network).
 */
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads'

/** One statement. */
export interface PgQuery {
  text: string
  values?: unknown[]
}

/** What one statement gave. */
export interface PgResult<Row = Record<string, unknown>> {
  rows: Row[]
  rowCount: number
}

/** A statement PostgreSQL refused, with its SQLSTATE (null: the connection failed). */
export class PgError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message)
    this.name = 'PgError'
  }
}

export interface SyncPgOptions {
  url: string
  /** How long one request may take before it fails (and the statement is cancelled). */
  timeoutMs?: number
  applicationName?: string
}

interface Answer {
  id: number
  results?: PgResult[]
  error?: { message: string; code: string | null }
}

/** Where the worker is: beside this module in the sources and beside main.mjs in the bundle. */
const WORKER_URL = new URL('./pgWorker.mjs', import.meta.url)

export class SyncPg {
  private readonly worker: Worker
  private readonly port
  private readonly flag = new Int32Array(new SharedArrayBuffer(4))
  private readonly timeoutMs: number
  private nextId = 1
  private closed = false

  constructor(o: SyncPgOptions) {
    this.timeoutMs = o.timeoutMs ?? 10_000
    const { port1, port2 } = new MessageChannel()
    this.port = port1
    this.worker = new Worker(WORKER_URL, {
      workerData: {
        port: port2,
        flag: this.flag,
        url: o.url,
        statementTimeoutMs: this.timeoutMs,
        applicationName: o.applicationName ?? 'board-server',
      },
      transferList: [port2],
    })
    this.worker.unref()
    this.port.unref()
  }

  /** Run statements in order (inside one transaction when `tx`); their results, or a PgError. */
  run(queries: readonly PgQuery[], tx = false): PgResult[] {
    if (this.closed) throw new Error('the database connection is closed')
    const id = this.nextId++
    Atomics.store(this.flag, 0, 0)
    this.port.postMessage({ id, queries, tx })
    const deadline = Date.now() + this.timeoutMs + 1000
    for (;;) {
      const m = receiveMessageOnPort(this.port)?.message as Answer | undefined
      if (m) {
        // An answer to a request that timed out earlier is dropped.
        if (m.id !== id) continue
        if (m.error) throw new PgError(m.error.message, m.error.code)
        return m.results ?? []
      }
      const left = deadline - Date.now()
      if (left <= 0) throw new PgError('the database did not answer in time', null)
      Atomics.wait(this.flag, 0, 0, left)
      Atomics.store(this.flag, 0, 0)
    }
  }

  /** One statement's rows. */
  query<Row = Record<string, unknown>>(text: string, values?: unknown[]): Row[] {
    return this.run([{ text, values }])[0]!.rows as Row[]
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    this.port.close()
    void this.worker.terminate()
  }
}
