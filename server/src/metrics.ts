/**
 * Server metrics on a prom-client registry of its own (two servers in one process never share
 * counters). Hot-path counts are plain numbers read at scrape time, so a relay to 200
 * connections costs additions, not 200 label lookups.
 */
import client from 'prom-client'

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

export class ServerMetrics {
  readonly registry = new client.Registry()
  messagesIn = 0
  messagesOut = 0
  bytesIn = 0
  bytesOut = 0
  corruptRows = 0
  storageFailures = 0
  compactions = 0
  rebases = 0
  /** Boards read from storage into memory. */
  loads = 0
  erasures = 0
  readonly rejected = new Map<RejectReason, number>()
  readonly writeSeconds: client.Histogram

  constructor(
    gauges: { connections: () => number; boardsInMemory: () => number },
    opts: { processMetrics?: boolean } = {},
  ) {
    const registers = [this.registry]
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
    this.writeSeconds = new client.Histogram({
      name: 'board_write_seconds',
      help: 'Time to append one update to storage',
      buckets: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.25],
      registers,
    })
    if (opts.processMetrics ?? true) client.collectDefaultMetrics({ register: this.registry })
  }

  reject(reason: RejectReason, n = 1): void {
    this.rejected.set(reason, (this.rejected.get(reason) ?? 0) + n)
  }

  /** The Prometheus text exposition. */
  text(): Promise<string> {
    return this.registry.metrics()
  }
}
