/** Messages between the benchmark coordinator and its load-generator processes (IPC, structured clone). */

import type { SignedAuthor } from './edits'
import type { LeanPlan, LeanSpec } from './leanClients'

export interface ClientSpec {
  /** Unique over the whole run; names the client's notes. */
  key: number
  board: string
  token: string
  /** This client writes the board's settings first (the reference server seeds nothing). */
  seedMeta: boolean
  /** Several nodes: the node this client connects to (else the connect command's). */
  syncUrl?: string
  /**
   * A person the server signed, presented on every connection as the app does [F14.2]: a
   * client that reconnects stays the author of its notes. Without, the client is a person of
   * its own per connection [F14.3], and loses its notes at a reconnect.
   */
  person?: SignedAuthor & { credential: string }
}

export interface RunPlan {
  /** Epoch ms (performance.timeOrigin + now) at which the measured window opens. */
  startAt: number
  /**
   * Edits start this long before the window (same rate, not measured), so the window sees
   * both servers with their edit paths compiled, as they run for most of a session.
   */
  warmupMs: number
  durationMs: number
  /** Edits each client makes per second on average (half new notes, half moves). */
  editsPerSecondPerClient: number
  cursorShare: number
  cursorHz: number
  cursorShuffleMs: number
  seed: number
}

export type Command =
  | { type: 'connect'; syncUrl: string; clients: ClientSpec[]; batch: number; timeoutMs: number }
  | { type: 'seed'; notesPerClient: number }
  | { type: 'waitNotes'; perBoard: Record<string, number>; timeoutMs: number }
  | { type: 'run'; plan: RunPlan }
  | { type: 'drain'; expect: Record<string, [noteId: string, ts: number][]>; timeoutMs: number }
  | { type: 'close' }
  | {
      type: 'leanConnect'
      syncUrl: string
      clients: LeanSpec[]
      batch: number
      timeoutMs: number
      transport?: 'raw' | 'ws'
    }
  | { type: 'leanRun'; plan: LeanPlan }
  | { type: 'leanClose' }
  | {
      type: 'storm'
      syncUrl: string
      /** Each client connects at startAt + its `atMs`. */
      clients: (ClientSpec & { atMs: number })[]
      startAt: number
      notes: number
      timeoutMs: number
      headers?: Record<string, string>
    }
  | {
      type: 'open'
      syncUrl: string
      board: string
      token: string
      notes: number
      timeoutMs: number
      /**
       * When given, the opened document must read as this (a boardDigest: a rebased board's
       * state vector differs from the replay's, its content does not).
       */
      digest?: string
    }

/** One edit as sent: the board, the note and the send time (also the note's updatedAt). */
export type Send = [board: string, noteId: string, ts: number]

/** A remote change to a note as seen by one client: note, its updatedAt, arrival time. */
export type Observation = [noteId: string, updatedAt: number, arrival: number]

export interface RunReport {
  sends: Send[]
  /** CPU time of this process over the measured window, and the window's wall time. */
  cpuMs: number
  wallMs: number
  /** Event-loop delay of this process over the window (its own queueing), in ms. */
  loopDelayP99Ms: number
  loopDelayMaxMs: number
  cursorUpdates: number
  /** Arrival latencies (ms) of other people's cursor moves of the window, at every hosted client. */
  cursorLatencies: number[]
  /** Connections that closed during the run (they should not). */
  drops: number
  /**
   * This process's garbage collections over the window (the shared clock's start, duration,
   * kind: 'minor', 'major', 'incremental' or 'weak'), so a stall of every client it hosts can be
   * told from the server's.
   */
  gcs: [atMs: number, durationMs: number, kind: string][]
  /** The window's event-loop stalls of this process over `STALL_MS` (when it noticed, length). */
  stalls: [atMs: number, gapMs: number][]
}

export interface DrainReport {
  clients: { key: number; board: string; obs: Observation[] }[]
  /** Whether every client saw the last edit of every note before the timeout. */
  converged: boolean
}

export type Reply =
  | { rid: number; ok: true; value: unknown }
  | { rid: number; ok: false; error: string }

/** One joiner of a storm: when it connected, when it held the whole board, how it closed. */
export interface StormJoin {
  key: number
  connectAt: number
  /** NaN when it never held the whole board within the timeout. */
  syncedAt: number
  /** Close codes it saw (a refusal, a drop), 1006 for a failed upgrade. */
  closes: number[]
}

/** A fresh client's first full sync, measured in a process of its own. */
export interface OpenReport {
  openMs: number
  /** Of which: until the WebSocket was open (the rest is the server's answer and the client's apply). */
  connectMs: number
  /** Of which: until the first message from the server arrived. */
  firstMessageMs: number
  /** Of which: until the provider reported the first sync (the state applied). */
  syncedMs: number
  docBytes: number
  /** Applying the same bytes to a fresh Y.Doc in that process (best of 3): the client's share. */
  clientApplyMs: number
}
