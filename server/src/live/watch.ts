/**
 * The session dashboard's live view, kept cheap [SE4]: a board's version is a few numbers the
 * server keeps (in memory: the last stored update's sequence number and the people connected;
 * held by another node: the same, as that node last answered; out of memory everywhere: idle,
 * since an idle board cannot change), so telling whether a session
 * changed builds no document. Dashboards watch a session in one of two ways: a request that
 * waits for the next change (`wait`), or a stream that is sent the rooms that changed, at most
 * once per `minGapMs` (`stream`). Both are looked at on one shared tick, while anyone watches,
 * each session's versions read once per tick however many watch it.
 */
import { createHash } from 'node:crypto'
import type { Rooms } from '../rooms/Rooms'
import type { BoardRecord } from '../storage/types'

/** The version of a board in memory: its last stored row and its people. */
export const roomVersion = (room: { log: { lastSeq: number }; peers: { size: number } }) =>
  `${room.log.lastSeq}/${room.peers.size}`

/** How often watchers look for a change: a new note shows within this and a round trip. */
export const LIVE_TICK_MS = 100
/** A stream is sent at most one event in this long, however busy its rooms are. */
export const LIVE_MIN_GAP_MS = 500
/** A watched session's list of boards is read again after this long (a plenary added shows). */
export const BOARD_LIST_MS = 2000
/** Watchers at once over the server (waiting requests and streams); beyond, none is added. */
export const MAX_LIVE_WATCHERS = 1000

/** Several nodes: what the nodes holding other boards say of them (cluster/remoteRooms.ts). */
export interface RemoteVersions {
  /** A board another node holds, as last heard; null or undefined when none is known. */
  peek(boardId: string): { version: string } | null | undefined
  /** Ask again about the boards not held here (in the background; never throws). */
  refresh(boardIds: readonly string[]): Promise<void>
}

export interface LiveWatchOptions {
  rooms: Rooms
  remote?: RemoteVersions
  tickMs?: number
  minGapMs?: number
  maxWatchers?: number
  now?: () => number
}

/** A session as one tick reads it: its boards in order, each with its version. */
export interface SessionVersions {
  boards: readonly BoardRecord[]
  ids: string[]
  versions: Map<string, string>
  /** Everything above in one string: equal strings, same session state. */
  joined: string
}

interface Watcher {
  /** What is watched (a session's id): watchers of one key share each tick's reading. */
  key: string
  boards: () => readonly BoardRecord[]
  /** Look at the session as it stands (on a tick). */
  check(now: SessionVersions, at: number): void
  /** Stop (the server closes, or the watcher gave up). */
  end(): void
}

/** What a stream is sent: the boards that changed since its last event, and the order of all. */
export interface LiveEvent {
  ids: string[]
  changed: BoardRecord[]
}

export class LiveWatch {
  private readonly watchers = new Set<Watcher>()
  /** Each watched session's boards, as last read. */
  private readonly lists = new Map<string, { at: number; boards: readonly BoardRecord[] }>()
  private ticker: NodeJS.Timeout | null = null
  private readonly tickMs: number
  private readonly minGapMs: number
  private readonly maxWatchers: number
  private readonly now: () => number

  constructor(private readonly o: LiveWatchOptions) {
    this.tickMs = o.tickMs ?? LIVE_TICK_MS
    this.minGapMs = o.minGapMs ?? LIVE_MIN_GAP_MS
    this.maxWatchers = o.maxWatchers ?? MAX_LIVE_WATCHERS
    this.now = o.now ?? Date.now
  }

  /** How many watch now (waiting requests and streams). */
  get watching(): number {
    return this.watchers.size
  }

  /** True when no more watchers are taken. */
  get full(): boolean {
    return this.watchers.size >= this.maxWatchers
  }

  /** A session's boards with their versions, as they stand. */
  versions(boards: readonly BoardRecord[]): SessionVersions {
    const ids: string[] = []
    const versions = new Map<string, string>()
    let joined = ''
    for (const b of boards) {
      const room = this.o.rooms.get(b.id)
      const held = room ? null : this.o.remote?.peek(b.id)
      const v = room ? roomVersion(room) : held ? `@${held.version}` : 'idle'
      ids.push(b.id)
      versions.set(b.id, v)
      joined += `${b.id}:${v};`
    }
    return { boards, ids, versions, joined }
  }

  /** A session state as an HTTP entity tag. */
  etag(s: SessionVersions): string {
    return `"${createHash('sha1').update(s.joined).digest('base64url').slice(0, 22)}"`
  }

  /**
   * Wait until the session's state differs from `since` (true), or `ms` passed or `signal`
   * aborted (false). False at once when the server watches too many already.
   */
  wait(
    key: string,
    boards: () => readonly BoardRecord[],
    since: SessionVersions,
    ms: number,
    signal: AbortSignal,
  ): Promise<boolean> {
    if (this.full || signal.aborted) return Promise.resolve(false)
    return new Promise((resolve) => {
      const done = (changed: boolean) => {
        clearTimeout(timer)
        signal.removeEventListener('abort', onAbort)
        this.remove(w)
        resolve(changed)
      }
      const w: Watcher = {
        key,
        boards,
        check: (now) => {
          if (now.joined !== since.joined) done(true)
        },
        end: () => done(false),
      }
      const timer = setTimeout(() => done(false), ms)
      const onAbort = () => done(false)
      signal.addEventListener('abort', onAbort)
      this.add(w)
    })
  }

  /**
   * Follow a session: `send` is called with the boards that changed since the last call (the
   * first state is the caller's own, `from`), at most once per `minGapMs`. Returns a function
   * that stops it; `onEnd` is called when the server stops it. Null when the server watches
   * too many already.
   */
  stream(
    key: string,
    boards: () => readonly BoardRecord[],
    from: SessionVersions,
    send: (e: LiveEvent) => void,
    onEnd: () => void,
  ): (() => void) | null {
    if (this.full) return null
    let seen = from
    let sentAt = this.now()
    const w: Watcher = {
      key,
      boards,
      check: (now, at) => {
        if (now.joined === seen.joined || at - sentAt < this.minGapMs) return
        const changed = now.boards.filter((b) => seen.versions.get(b.id) !== now.versions.get(b.id))
        seen = now
        sentAt = at
        send({ ids: now.ids, changed })
      },
      end: () => {
        this.remove(w)
        onEnd()
      },
    }
    this.add(w)
    return () => this.remove(w)
  }

  /** End every watcher (the server is stopping). */
  close(): void {
    for (const w of [...this.watchers]) w.end()
  }

  private add(w: Watcher) {
    this.watchers.add(w)
    if (this.ticker) return
    this.ticker = setInterval(() => this.tick(), this.tickMs)
    this.ticker.unref()
  }

  private remove(w: Watcher) {
    this.watchers.delete(w)
    if (this.watchers.size === 0 && this.ticker) {
      clearInterval(this.ticker)
      this.ticker = null
    }
  }

  private tick() {
    const at = this.now()
    const read = new Map<string, SessionVersions>()
    for (const w of [...this.watchers]) {
      let now = read.get(w.key)
      if (!now) {
        const boards = this.boardsOf(w, at)
        // Other nodes' answers arrive for a later tick.
        void this.o.remote?.refresh(boards.map((b) => b.id))
        now = this.versions(boards)
        read.set(w.key, now)
      }
      w.check(now, at)
    }
    for (const key of this.lists.keys()) if (!read.has(key)) this.lists.delete(key)
  }

  /** A session's boards, read again every `BOARD_LIST_MS` (boards are added seldom). */
  private boardsOf(w: Watcher, at: number): readonly BoardRecord[] {
    const kept = this.lists.get(w.key)
    if (kept && at - kept.at < BOARD_LIST_MS) return kept.boards
    const boards = w.boards()
    this.lists.set(w.key, { at, boards })
    return boards
  }
}
