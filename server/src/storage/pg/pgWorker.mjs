/**
 * The PostgreSQL connection of a PgStorage, on its own thread: runs the queries the main thread
 * hands it, one at a time on one connection, and wakes the main thread (which waits on a shared
 * flag) when each answer is posted. Plain JavaScript so the bundle and the sources start the
 * same file. A lost connection is opened again for the next query.
 */
import { workerData } from 'node:worker_threads'

const { port, flag, url, statementTimeoutMs, applicationName } = workerData
/** The driver, or why it could not be loaded (then every request answers with that). */
let pg = null
let loadError = null
try {
  pg = (await import('pg')).default
  // int8 (sequence numbers, epochs, times) as numbers: every value stored fits in 2^53.
  pg.types.setTypeParser(20, (v) => Number(v))
} catch (e) {
  loadError = e
}

let client = null

async function connect() {
  const c = new pg.Client({
    connectionString: url,
    statement_timeout: statementTimeoutMs,
    connectionTimeoutMillis: statementTimeoutMs,
    application_name: applicationName,
    keepAlive: true,
  })
  c.on('error', () => {
    if (client === c) client = null
  })
  await c.connect()
  return c
}

function answer(msg) {
  port.postMessage(msg)
  Atomics.store(flag, 0, 1)
  Atomics.notify(flag, 0)
}

let queue = Promise.resolve()
port.on('message', (req) => {
  queue = queue.then(() => run(req))
})

/** One request: its statements in order, inside one transaction when `tx`. */
async function run({ id, queries, tx }) {
  let began = false
  try {
    if (loadError) throw loadError
    if (!client) client = await connect()
    const c = client
    const results = []
    if (tx) {
      await c.query('BEGIN')
      began = true
    }
    for (const q of queries) {
      const r = await c.query({ text: q.text, values: q.values })
      results.push({ rows: r.rows, rowCount: r.rowCount ?? 0 })
    }
    if (tx) await c.query('COMMIT')
    answer({ id, results })
  } catch (e) {
    if (began && client) await client.query('ROLLBACK').catch(() => {})
    // A failed connection is dropped; a failed statement (it has an SQLSTATE) leaves it usable.
    const sqlstate = typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)
    if (client && (!sqlstate || e.code.startsWith('08'))) {
      client.end().catch(() => {})
      client = null
    }
    answer({ id, error: { message: String(e?.message ?? e), code: e?.code ?? null } })
  }
}
