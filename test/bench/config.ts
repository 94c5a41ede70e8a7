/**
 * Scenario sizes of the benchmark (issue 6). FULL is `npm run bench`; QUICK is the smoke run
 * (`--quick`) that the unit suite runs so the harness cannot rot. Every loop in the harness is
 * bounded by these counts and by the timeouts below.
 */

export interface LiveScenarioSize {
  boards: number
  clientsPerBoard: number
  /** Document edits per second on each board (half new notes, half moves). */
  editsPerSecondPerBoard: number
  /** Length of the measured window, after the clients have connected and warmed up. */
  measureMs: number
  /**
   * The load (edits and cursors) runs this long before the window opens, unmeasured: the first
   * seconds of a load are spent by V8 compiling the hot paths (on its helper threads) and running
   * them unoptimised, which a session pays once, not every five seconds. The breakouts' edit
   * path gets 2 edits/s per board, so it warms up more slowly than the plenary's 200 clients.
   */
  warmupMs: number
  /**
   * Cursor model: at any moment this share of the people move their mouse; a moving client
   * sends its cursor through awareness at `cursorHz` (the client throttles cursors to about
   * 10 per second), phases spread over the period. The moving set is redrawn every
   * `cursorShuffleMs`, and idle clients still renew their awareness every 15 s (y-protocols).
   */
  cursorShare: number
  cursorHz: number
  cursorShuffleMs: number
  /**
   * Clients (of the above, spread evenly over the boards) hosted in a lightly loaded process
   * of their own, so the first arrival of an edit is not held up by the generator's queue.
   */
  probeClients: number
}

export interface BenchSizes {
  /** Alternating rounds per server (A B A B ...). */
  rounds: number
  /** Load-generator processes the clients are spread over (plus one for the probe clients). */
  workers: number
  plenary: LiveScenarioSize
  breakouts: LiveScenarioSize
  /** One board whose every person moves their cursor: how live cursors feel. */
  cursors: LiveScenarioSize
  /** People joining one board stored on disk, within `spreadMs`, one after another. */
  storm: { people: number; spreadMs: number; notes: number }
  /** A data dir of `boards` boards of `notesPerBoard` notes each: start and open. */
  manyBoards: { boards: number; notesPerBoard: number; opens: number }
  /**
   * Capacity: boards of `peoplePerBoard` lean clients (idle presence, cursors at `cursorHz`,
   * an edit per person every `editEveryS`), added in steps of `stepConnections` until p99
   * delivery passes `p99BarMs`, the generator saturates, or `maxConnections`.
   */
  capacity: {
    peoplePerBoard: number
    stepConnections: number[]
    maxConnections: number
    cursorHz: number
    editEveryS: number
    /**
     * The step's load (cursors and edits) runs this long before its window, unmeasured: the
     * first step is a fresh server's first edits and the generators' too, and V8 runs them
     * unoptimised for their first seconds (the live scenarios' warm-up, for the same reason).
     */
    warmupMs: number
    measureMs: number
    p99BarMs: number
  }
  coldOpen: { notes: number; writers: number }
  trace: {
    people: number
    /** People connected at once: the session is replayed in shifts of this many. */
    connectedAtOnce: number
    notes: number
    moves: number
    textEdits: number
    retags: number
    deletes: number
    /** Operations per second the replay sends (bounded so the relay keeps up). */
    opsPerSecond: number
  }
  exportNotes: number
  exportRepeats: number
  /**
   * The breakouts load with session dashboards open against the same load without, rounds
   * alternating (project server only): the boards in sessions of `roomsPerSession`, and a
   * dashboard's live stream open on one of them, then on every one. `load` replaces the
   * breakouts' size where given (the issue's session: 20 rooms of 30 people).
   */
  dashboard: {
    roomsPerSession: number
    variants: readonly ('without' | 'one' | 'all')[]
    load?: Partial<LiveScenarioSize>
  }
}

const cursor = { cursorShare: 0.05, cursorHz: 10, cursorShuffleMs: 2000 }

export const FULL: BenchSizes = {
  rounds: 4,
  workers: 2,
  plenary: {
    boards: 1,
    clientsPerBoard: 200,
    editsPerSecondPerBoard: 20,
    measureMs: 5000,
    warmupMs: 2000,
    probeClients: 4,
    ...cursor,
  },
  breakouts: {
    boards: 50,
    clientsPerBoard: 8,
    editsPerSecondPerBoard: 2,
    measureMs: 5000,
    warmupMs: 6000,
    probeClients: 50,
    ...cursor,
  },
  cursors: {
    boards: 1,
    clientsPerBoard: 60,
    editsPerSecondPerBoard: 2,
    measureMs: 5000,
    warmupMs: 2000,
    probeClients: 4,
    cursorShare: 1,
    cursorHz: 2,
    cursorShuffleMs: 60_000,
  },
  storm: { people: 200, spreadMs: 5000, notes: 300 },
  manyBoards: { boards: 1000, notesPerBoard: 20, opens: 5 },
  capacity: {
    peoplePerBoard: 20,
    stepConnections: [500, 1000, 2000, 4000, 6000, 8000, 10_000],
    maxConnections: 10_000,
    cursorHz: 1,
    editEveryS: 60,
    warmupMs: 3000,
    measureMs: 10_000,
    p99BarMs: 100,
  },
  coldOpen: { notes: 2000, writers: 20 },
  trace: {
    people: 150,
    connectedAtOnce: 10,
    notes: 1500,
    moves: 30_000,
    textEdits: 3000,
    retags: 1500,
    deletes: 150,
    opsPerSecond: 1500,
  },
  exportNotes: 5000,
  exportRepeats: 5,
  dashboard: {
    roomsPerSession: 20,
    variants: ['without', 'all'],
    load: { boards: 20, clientsPerBoard: 30, probeClients: 20 },
  },
}

export const QUICK: BenchSizes = {
  rounds: 1,
  workers: 2,
  plenary: {
    boards: 1,
    clientsPerBoard: 6,
    editsPerSecondPerBoard: 10,
    measureMs: 500,
    warmupMs: 50,
    probeClients: 2,
    ...cursor,
    cursorShare: 0.5,
  },
  breakouts: {
    boards: 2,
    clientsPerBoard: 3,
    editsPerSecondPerBoard: 5,
    measureMs: 500,
    warmupMs: 50,
    probeClients: 2,
    ...cursor,
    cursorShare: 0.5,
  },
  cursors: {
    boards: 1,
    clientsPerBoard: 6,
    editsPerSecondPerBoard: 12,
    measureMs: 500,
    warmupMs: 50,
    probeClients: 2,
    cursorShare: 1,
    cursorHz: 10,
    cursorShuffleMs: 60_000,
  },
  storm: { people: 10, spreadMs: 300, notes: 10 },
  manyBoards: { boards: 20, notesPerBoard: 2, opens: 2 },
  capacity: {
    peoplePerBoard: 5,
    stepConnections: [20],
    maxConnections: 20,
    cursorHz: 2,
    editEveryS: 1,
    warmupMs: 300,
    measureMs: 1000,
    p99BarMs: 100,
  },
  coldOpen: { notes: 60, writers: 3 },
  trace: {
    people: 6,
    connectedAtOnce: 3,
    notes: 40,
    moves: 200,
    textEdits: 30,
    retags: 20,
    deletes: 4,
    opsPerSecond: 1000,
  },
  exportNotes: 100,
  exportRepeats: 2,
  dashboard: { roomsPerSession: 1, variants: ['without', 'all'] },
}

/** Upper bounds of every wait in the harness. */
export const TIMEOUT = {
  serverStartMs: 30_000,
  connectMs: 90_000,
  drainMs: 20_000,
  syncMs: 30_000,
} as const
