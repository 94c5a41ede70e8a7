/**
 * A room's writes of the current turn, waiting for the server's group commit [G13]: each
 * applied update with whom to relay it to. The commit stores the rows of every board in one
 * transaction, then hands each board its own back to relay; until then nobody is sent any.
 */
import type { PeopleRecord } from '../storage/types'
import type { Peer } from './connection'
import type { GroupCommit, PendingBoard } from './groupCommit'

/** What the turn's writes need of their room. */
export interface TurnHost {
  readonly boardId: string
  /** The room left memory: its rows are stored but relayed to nobody. */
  readonly closed: boolean
  /** Rows of the board were stored under `seqs` (the log's counters). */
  appended(seqs: number[], rows: Uint8Array[]): void
  /** Relay one stored update to every connection but `except` (null: to every one). */
  relay(update: Uint8Array, except: Peer | null): void
  /** Run `f`, which sends several messages, each connection's written together at its end. */
  together(f: () => void): void
  /** Storing failed: relay nothing, stop taking writes. */
  storeFailed(err: unknown): void
}

/** An applied update waiting for its commit, and whom to relay it to. */
interface Pending {
  update: Uint8Array
  /** Relay to every connection but this one (null: to every connection, the writer's too). */
  except: Peer | null
}

export class TurnWrites implements PendingBoard {
  private pending: Pending[] = []
  /** Records of who writes [F14.7], [F14.8], stored in the same transaction as the rows. */
  private records: PeopleRecord[] = []
  /**
   * Where each note's change numbered n waits in `records` this turn (by note, then n): a later
   * record of the same change (a person's typing, several keystrokes in one turn) takes its
   * place, so the turn stores each change once, with its latest text.
   */
  private changeAt = new Map<string, Map<number, number>>()

  constructor(
    private readonly host: TurnHost,
    private readonly commits: GroupCommit,
  ) {}

  get boardId(): string {
    return this.host.boardId
  }

  /** Store `update` with the turn's other writes, then relay it to all but `except`. */
  add(update: Uint8Array, except: Peer | null): void {
    this.pending.push({ update, except })
    this.commits.add(this)
  }

  /** Store `record` with the turn's writes (in their transaction). */
  record(record: PeopleRecord): void {
    if (record.kind === 'change') {
      let ns = this.changeAt.get(record.noteId)
      const at = ns?.get(record.n)
      if (at !== undefined) {
        this.records[at] = record
        return
      }
      if (!ns) {
        ns = new Map()
        this.changeAt.set(record.noteId, ns)
      }
      ns.set(record.n, this.records.length)
    } else if (record.kind === 'cut') {
      // Changes after a cut are stored after it (a note forgotten, then changed again).
      this.changeAt.delete(record.noteId)
    }
    this.records.push(record)
    this.commits.add(this)
  }

  /** Store (and relay) this turn's writes now, if any wait. */
  commitNow(): void {
    if (this.pending.length > 0 || this.records.length > 0) this.commits.flush()
  }

  /** The room leaves memory: whatever still waits is stored by nobody. */
  forget(): void {
    this.commits.forget(this)
    this.pending = []
    this.records = []
    this.changeAt = new Map()
  }

  takeRows(): Uint8Array[] {
    return this.pending.map((p) => p.update)
  }

  takeRecords(): PeopleRecord[] {
    const out = this.records
    this.records = []
    if (this.changeAt.size > 0) this.changeAt = new Map()
    return out
  }

  committed(seqs: number[], rows: Uint8Array[]): void {
    const done = this.pending.splice(0, rows.length)
    this.host.appended(seqs, rows)
    if (this.host.closed) return
    if (done.length === 1) {
      this.host.relay(done[0]!.update, done[0]!.except)
      return
    }
    // The turn's updates reach each connection in one write, not one each.
    this.host.together(() => {
      for (const p of done) this.host.relay(p.update, p.except)
    })
  }

  commitFailed(err: unknown): void {
    this.pending = []
    this.records = []
    this.changeAt = new Map()
    this.host.storeFailed(err)
  }
}
