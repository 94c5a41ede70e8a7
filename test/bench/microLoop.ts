/**
 * What the closed-loop micro benchmarks (micro-relay.ts, micro-cursor.ts) share: their
 * command line (numeric options, then ROUNDS and `--variant`s), the y-websocket messages their
 * raw clients send, a raw client's connection until it is synced, and running the rounds.
 */
import * as encoding from 'lib0/encoding'
import type { WebSocket } from 'ws'

/** The command line: read every option before `rounds()`, which takes what is left. */
export function microArgs(argv = process.argv.slice(2)) {
  const take = (name: string): string | undefined => {
    const at = argv.indexOf(name)
    return at >= 0 ? argv.splice(at, 2)[1] : undefined
  }
  return {
    /** `name N`, removed from the arguments. */
    option: (name: string, fallback: number) => {
      const v = take(name)
      return v === undefined ? fallback : Number(v)
    },
    /** `name TEXT`, removed from the arguments. */
    text: take,
    /** ROUNDS (2 unless given) and the variants (`--variant V`, repeatable; the default build). */
    rounds: () => {
      const variants: string[] = []
      for (let i = 1; i < argv.length; i++)
        if (argv[i] === '--variant') variants.push(argv[++i] ?? '')
      if (variants.length === 0) variants.push('')
      return { rounds: Number(argv[0] ?? 2), variants }
    },
  }
}

/** The bytes `f` writes. */
export const message = (f: (e: encoding.Encoder) => void) => {
  const e = encoding.createEncoder()
  f(e)
  return encoding.toUint8Array(e)
}

const te = new TextEncoder()
/** An awareness message of one entry (y-websocket's message type 1). */
export const awarenessMessage = (id: number, clock: number, state: unknown) =>
  message((e) => {
    encoding.writeVarUint(e, 1)
    const u = encoding.createEncoder()
    encoding.writeVarUint(u, 1)
    encoding.writeVarUint(u, id)
    encoding.writeVarUint(u, clock)
    encoding.writeVarUint8Array(u, te.encode(JSON.stringify(state)))
    encoding.writeVarUint8Array(e, encoding.toUint8Array(u))
  })

/** A person's presence with a cursor at (x, id). */
export const cursorState = (id: number, x: number) => ({
  user: { name: `P${id}`, color: '#e11d48' },
  cursor: { x, y: id },
})

/** What a raw client's connection needs of its script. */
export interface RawClient {
  ws: WebSocket
  synced: boolean
}

/**
 * Resolves once `c` is synced: `hello` sends its first messages when the socket opens, and
 * `onData` reads every message. A close before the sync rejects; one after it is printed
 * unless the script is `closing()` its clients.
 */
export function untilSynced(
  c: RawClient,
  hello: () => void,
  onData: (data: Buffer) => void,
  closing: () => boolean,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no sync')), 30_000)
    c.ws.on('open', hello)
    c.ws.on('message', (data: Buffer) => {
      onData(data)
      if (c.synced) {
        clearTimeout(timer)
        resolve()
      }
    })
    c.ws.on('error', () => {})
    c.ws.on('close', (code, why) => {
      if (c.synced && !closing()) console.error(`a client was closed: ${code} ${why}`)
      reject(new Error('closed'))
    })
  })
}

/** Every round of every variant, alternating; the process exits 1 with one line on an error. */
export function runRounds(
  name: string,
  rounds: number,
  variants: readonly string[],
  round: (variant: string, r: number) => Promise<void>,
): void {
  const all = async () => {
    for (let r = 1; r <= rounds; r++) for (const v of variants) await round(v, r)
  }
  all().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(`${name}: ${e instanceof Error ? e.message : String(e)}`)
      process.exit(1)
    },
  )
}
