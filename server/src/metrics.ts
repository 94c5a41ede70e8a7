/**
 * Server metrics on a prom-client registry of its own (two servers in one process never share
 * counters). Hot-path counts are plain numbers read at scrape time, so a relay to 200
 * connections costs additions, not 200 label lookups. prom-client itself is loaded on the first
 * scrape (it is about a tenth of what a start evaluates), so the process's own figures (GC,
 * event loop, memory) are collected from then on.
 */
import type { Registry } from 'prom-client'

export const REJECT_REASONS = [
  'malformed',
  'empty',
  'bad-update',
  /** Yjs threw on (or left pending) an update the guard let through: the board was reloaded [G10]. */
  'apply-failed',
  'missing-deps',
  'out-of-sync',
  'forbidden',
  'too-large',
  'rate-limited',
  'board-busy',
  'server-busy',
  'board-full',
  'awareness-cap',
  'presence-budget',
  'presence-foreign',
  'observer-write',
  'foreign-struct',
  'foreign-client',
  'shape',
  'text-cap',
  'note-cap',
  'value-cap',
  'struct-cap',
  'concurrent-inserts',
  'overloaded',
  'unauthorized',
  'storage-unavailable',
  'stale-epoch',
  'internal',
] as const
export type RejectReason = (typeof REJECT_REASONS)[number]

const WRITE_BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.25]
const WRITES = { name: 'board_write_seconds', help: 'Time to append one update to storage' }

/**
 * A histogram of plain numbers, as prom-client's would count it, written out in the Prometheus
 * text format at scrape time: observed on the write path before prom-client is loaded.
 */
export class Histogram {
  /** Observations per bucket (not cumulative); the last one is +Inf. */
  readonly counts: number[]
  sum = 0
  count = 0

  constructor(readonly bounds: readonly number[]) {
    this.counts = new Array<number>(bounds.length + 1).fill(0)
  }

  observe(value: number): void {
    let i = 0
    while (i < this.bounds.length && value > this.bounds[i]!) i++
    this.counts[i]!++
    this.sum += value
    this.count++
  }

  /** The histogram in the Prometheus text exposition format. */
  exposition(m: { name: string; help: string }): string {
    const lines = [`# HELP ${m.name} ${m.help}`, `# TYPE ${m.name} histogram`]
    let cumulative = 0
    this.bounds.forEach((b, i) => {
      cumulative += this.counts[i]!
      lines.push(`${m.name}_bucket{le="${b}"} ${cumulative}`)
    })
    lines.push(`${m.name}_bucket{le="+Inf"} ${this.count}`)
    lines.push(`${m.name}_sum ${this.sum}`, `${m.name}_count ${this.count}`)
    return `${lines.join('\n')}\n`
  }
}

export class ServerMetrics {
  messagesIn = 0
  messagesOut = 0
  bytesIn = 0
  bytesOut = 0
  corruptRows = 0
  storageFailures = 0
  compactions = 0
  rebases = 0
  /** Several nodes: frames relayed for connections forwarded to another node (both ways). */
  forwardedFrames = 0
  /** Leases of boards taken by this node, and lost by it (taken over, expired, fenced). */
  leaseMoves = 0
  leasesLost = 0
  /** Writes refused by the fence: this node wrote under an epoch another node had passed. */
  fencedWrites = 0
  /** Boards read from storage into memory. */
  loads = 0
  erasures = 0
  readonly rejected = new Map<RejectReason, number>()
  /** Time to append one update to storage, in seconds (`board_write_seconds`). */
  readonly writeSeconds = new Histogram(WRITE_BUCKETS)
  private registry: Promise<Registry> | null = null

  constructor(
    private readonly gauges: { connections: () => number; boardsInMemory: () => number },
    private readonly opts: { processMetrics?: boolean } = {},
  ) {}

  reject(reason: RejectReason, n = 1): void {
    this.rejected.set(reason, (this.rejected.get(reason) ?? 0) + n)
  }

  /** The Prometheus text exposition, and its content type. */
  async text(): Promise<{ contentType: string; text: string }> {
    // A CommonJS module: its exports are the namespace's default, under Node as in a chunk.
    this.registry ??= import('prom-client').then((m) => this.register(m.default))
    const registry = await this.registry
    const text = await registry.metrics()
    return { contentType: registry.contentType, text: text + this.writeSeconds.exposition(WRITES) }
  }

  private register(client: typeof import('prom-client')): Registry {
    const registry = new client.Registry()
    const registers = [registry]
    const gauges = this.gauges
    const counter = (name: string, help: string, read: () => number) =>
      new client.Counter({
        name,
        help,
        registers,
        collect() {
          this.reset()
          this.inc(read())
        },
      })
    new client.Gauge({
      name: 'board_connections',
      help: 'Open WebSocket connections',
      registers,
      collect() {
        this.set(gauges.connections())
      },
    })
    new client.Gauge({
      name: 'board_boards_in_memory',
      help: 'Boards loaded in memory',
      registers,
      collect() {
        this.set(gauges.boardsInMemory())
      },
    })
    counter('board_messages_in_total', 'WebSocket messages received', () => this.messagesIn)
    counter('board_messages_out_total', 'WebSocket messages sent', () => this.messagesOut)
    counter('board_bytes_in_total', 'WebSocket bytes received', () => this.bytesIn)
    counter('board_bytes_out_total', 'WebSocket bytes sent', () => this.bytesOut)
    counter('board_corrupt_rows_total', 'Stored rows skipped on load', () => this.corruptRows)
    counter('board_storage_failures_total', 'Failed writes to storage', () => this.storageFailures)
    counter('board_compactions_total', 'Board logs compacted', () => this.compactions)
    counter('board_rebases_total', 'Boards rebased: history dropped [F10]', () => this.rebases)
    counter(
      'board_forwarded_frames_total',
      'Frames relayed for connections forwarded to the board owner on another node',
      () => this.forwardedFrames,
    )
    counter('board_lease_moves_total', 'Board leases taken by this node', () => this.leaseMoves)
    counter('board_leases_lost_total', 'Board leases this node lost', () => this.leasesLost)
    counter(
      'board_fenced_writes_total',
      "Writes refused by a board's fence (another node owns it)",
      () => this.fencedWrites,
    )
    counter('board_loads_total', 'Boards read from storage into memory', () => this.loads)
    counter('board_erasures_total', 'Erasures: a board in a new epoch [F13]', () => this.erasures)
    const rejected = this.rejected
    new client.Counter({
      name: 'board_rejected_messages_total',
      help: 'Messages refused, by reason',
      labelNames: ['reason'],
      registers,
      collect() {
        this.reset()
        for (const [reason, n] of rejected) this.inc({ reason }, n)
      },
    })
    if (this.opts.processMetrics ?? true) client.collectDefaultMetrics({ register: registry })
    return registry
  }
}
