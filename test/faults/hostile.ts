/**
 * The hostile-input suite's tools: the server as a child process, sessions with every role's
 * link, raw sockets, a probe that times a note's trip between two clients of another board
 * while an attack runs, the check that what the server stored equals what it serves, and the
 * server's resident memory. Attacks build their bytes from real Yjs documents where they can.
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { readBoard } from '@sensemaking/shared'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { encodeSyncStep2Update, encodeUpdate } from '../../server/src/protocol/messages'
import { readStoredDoc } from '../../server/src/rooms/loadDoc'
import { openSqliteStorage } from '../../server/src/storage/sqliteStorage'
import { REPO_ROOT } from '../bench/childServer'
import { cpuMs, rssMb } from '../bench/proc'
import { metricLines, ServerUnderTest, waitFor } from './support'

const PROBE = join(REPO_ROOT, 'test', 'faults', 'probe.ts')

export { encodeSyncStep2Update, encodeUpdate, waitFor }

/** Where raw sockets come from (a documentation address, through the pretend proxy). */
export const ATTACKER = '203.0.113.7'

export interface Links {
  facilitator: string
  participant: string
  observer: string
}

export interface Board {
  id: string
  links: Links
}

/** A real y-websocket client (token in ?token=, as a standard client sends it). */
export interface Client {
  doc: Y.Doc
  provider: WebsocketProvider
  synced: Promise<void>
  /** Close codes the server sent, in order. */
  closes: number[]
  destroy(): void
}

export interface RawSocket {
  ws: WebSocket
  frames: Uint8Array[]
  /** The HTTP status that refused the upgrade, or null once the socket opened. */
  upgrade: Promise<number | null>
  closed: Promise<number>
  send(data: Uint8Array): void
}

/** Round trips of a note move between two clients of a board, while something else runs. */
export interface ProbeResult {
  trips: number
  maxMs: number
  medianMs: number
  /** The server's own longest event-loop delay over the same time. */
  serverLagMaxMs: number
  /** CPU time the server used over the same time, ms (all its threads). */
  serverCpuMs: number
}

export class Hostile {
  /** Behind a (pretend) proxy: raw sockets can come from other addresses [G8]. */
  readonly sut = new ServerUnderTest({ TRUST_PROXY: '1' })
  private readonly cleanup: (() => void)[] = []

  async start(): Promise<void> {
    await this.sut.start()
  }

  async dispose(): Promise<void> {
    for (const c of this.cleanup.splice(0)) c()
    await this.sut.dispose()
  }

  get url(): string {
    return this.sut.url
  }

  /** Resident memory of the server process, MB. */
  rss(): number {
    return rssMb(this.sut.server.pid)
  }

  /** A session of `count` boards with every role's token. */
  async boards(count: number): Promise<Board[]> {
    const s = this.sut.server
    const r = await fetch(`${s.url}/api/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Hostile session', boards: count }),
    })
    if (r.status !== 201) throw new Error(`POST /api/sessions: ${r.status}`)
    const body = (await r.json()) as {
      boards: { id: string; links: Record<keyof Links, { token: string }> }[]
    }
    return body.boards.map((b) => ({
      id: b.id,
      links: {
        facilitator: b.links.facilitator.token,
        participant: b.links.participant.token,
        observer: b.links.observer.token,
      },
    }))
  }

  client(boardId: string, token: string, doc = new Y.Doc()): Client {
    const provider = new WebsocketProvider(this.sut.syncUrl, boardId, doc, {
      params: { token },
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      maxBackoffTime: 300,
    })
    const closes: number[] = []
    provider.on('connection-close', (e) => {
      if (e) closes.push(e.code)
    })
    const synced = new Promise<void>((resolve) => {
      if (provider.synced) resolve()
      else provider.once('sync', (s: boolean) => s && resolve())
    })
    const c: Client = {
      doc,
      provider,
      synced,
      closes,
      destroy: () => {
        provider.destroy()
        doc.destroy()
      },
    }
    this.cleanup.push(c.destroy)
    return c
  }

  /**
   * A raw socket. Unless `address` says otherwise it comes from ATTACKER (through the pretend
   * proxy), so per-address seats count it apart from the real clients on 127.0.0.1.
   */
  raw(boardId: string, token: string, opts: { read?: boolean; address?: string } = {}): RawSocket {
    const ws = new WebSocket(
      `${this.sut.syncUrl}/${encodeURIComponent(boardId)}?token=${encodeURIComponent(token)}`,
      {
        maxPayload: 256 * 1024 * 1024,
        headers: { 'x-forwarded-for': opts.address ?? ATTACKER },
      },
    )
    const frames: Uint8Array[] = []
    ws.on('message', (d: Buffer) => frames.push(new Uint8Array(d)))
    // A socket that never reads: its kernel buffer fills and the server's send queue grows.
    if (opts.read === false)
      ws.once('open', () => (ws as unknown as { _socket: { pause(): void } })._socket.pause())
    const upgrade = new Promise<number | null>((resolve) => {
      ws.once('open', () => resolve(null))
      ws.on('error', (e) => {
        const status = /Unexpected server response: (\d+)/.exec(e.message)?.[1]
        resolve(status ? Number(status) : null)
      })
    })
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
    this.cleanup.push(() => ws.terminate())
    return { ws, frames, upgrade, closed, send: (d) => ws.send(d) }
  }

  /**
   * Time note moves between two participants of `board` (in a process of their own) while
   * `during` runs: each trip is one move written by one and seen by the other. Every trip that
   * falls in a stall of the server waits for it.
   */
  async probe(board: Board, during: () => Promise<unknown>): Promise<ProbeResult> {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', PROBE, this.sut.syncUrl, board.id, board.links.participant],
      { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
    )
    const lines: string[] = []
    createInterface({ input: child.stdout! }).on('line', (l) => lines.push(l))
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    this.cleanup.push(() => child.kill('SIGKILL'))
    await waitFor('the probe to be ready', () => lines.includes('ready'), 30_000)
    await this.loopLagMaxMs()
    const cpu0 = cpuMs(this.sut.server.pid)
    try {
      await during()
    } finally {
      child.stdin!.write('stop\n')
      await exited
    }
    const serverCpuMs = cpuMs(this.sut.server.pid) - cpu0
    const serverLagMaxMs = await this.loopLagMaxMs()
    const result = lines.find((l) => l.startsWith('{'))
    if (!result) throw new Error(`the probe printed no result: ${lines.join(' | ')}`)
    return { ...(JSON.parse(result) as ProbeResult), serverLagMaxMs, serverCpuMs }
  }

  /** CPU time the server spent on each step measured by `cost`, in the current attack. */
  readonly costs: { step: string; cpuMs: number }[] = []

  /**
   * Run one step of an attack (send a message, wait for the answer) and note the server's CPU
   * time over it, all its threads: an upper bound of how long that message could hold the
   * server's event loop, which the machine's other load does not inflate as it does wall time.
   */
  async cost<T>(step: string, f: () => Promise<T>): Promise<T> {
    const pid = this.sut.server.pid
    const before = cpuMs(pid)
    const out = await f()
    this.costs.push({ step, cpuMs: cpuMs(pid) - before })
    return out
  }

  /** The dearest step of the current attack, ms of the server's CPU. */
  maxCost(): number {
    return Math.max(0, ...this.costs.map((c) => c.cpuMs))
  }

  /**
   * Probe `board` while an attack runs (its steps measured with `cost`). Another board keeps
   * syncing: the probe's trips. The machine these tests share may be loaded, which lengthens
   * trips and the server's loop delays with no attack at all, so those are reported beside the
   * server's CPU per step, the bound the tests hold to.
   */
  async underAttack(board: Board, attack: () => Promise<unknown>): Promise<ProbeResult> {
    this.costs.length = 0
    const r = await this.probe(board, attack)
    console.log(
      `[hostile] another board's trips under attack: median ${r.medianMs.toFixed(1)} ms, max ${r.maxMs.toFixed(1)} ms over ${r.trips} trips; ` +
        `server loop delay max ${r.serverLagMaxMs.toFixed(1)} ms, CPU ${r.serverCpuMs} ms in all; ` +
        `CPU by step ${JSON.stringify(this.costs.map((c) => `${c.step} ${c.cpuMs}`))}`,
    )
    return r
  }

  /**
   * The longest the server's event loop was held up since the last call (prom-client's
   * monitorEventLoopDelay histogram, reset on every scrape), ms.
   */
  async loopLagMaxMs(): Promise<number> {
    const lines = await metricLines(this.sut.server, /^nodejs_eventloop_lag_max_seconds$/)
    return Number(lines[0]?.split(' ').pop() ?? Number.NaN) * 1000
  }

  /** Messages the server refused for `reason` so far (its metrics). */
  async rejected(reason: string): Promise<number> {
    const lines = await metricLines(this.sut.server, /^board_rejected_messages_total$/)
    const line = lines.find((l) => l.includes(`reason="${reason}"`))
    return line ? Number(line.split(' ').pop()) : 0
  }

  /** What storage holds for the board equals what the server serves (a fresh client's copy). */
  async storedAndLive(boardId: string, token: string): Promise<{ stored: unknown; live: unknown }> {
    const c = this.client(boardId, token)
    await c.synced
    const storage = openSqliteStorage(this.sut.dataDir, { readonly: true })
    try {
      const { doc } = readStoredDoc(storage, boardId)
      // The same structs (state vector) and the same deletions (delete set), read the same;
      // compared without walking nested content (a landmine would overflow the stack).
      const view = (d: Y.Doc) => ({
        stateVector: [...Y.decodeStateVector(Y.encodeStateVector(d))].sort((a, b) => a[0] - b[0]),
        board: readBoard(d),
      })
      const out = { stored: view(doc), live: view(c.doc) }
      if (!Y.equalSnapshots(Y.snapshot(doc), Y.snapshot(c.doc))) {
        out.live = { ...out.live, deleteSetDiffers: true } as typeof out.live
      }
      doc.destroy()
      return out
    } finally {
      storage.close()
      c.destroy()
    }
  }
}
