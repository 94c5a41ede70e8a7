/**
 * Steps the hostile-input tests share: sending frames and waiting for the server's answer
 * (its CPU over it noted), the checks every attack ends with, a board with a note.
 */
import { createNote, notesMap } from '@sensemaking/shared'
import { expect } from 'vitest'
import * as Y from 'yjs'
import { type Board, type Hostile, type ProbeResult, type RawSocket, waitFor } from './hostile'
import { syncStep1 } from './hostileAttacks'

/** The steps, bound to one Hostile server. */
export function hostileSteps(h: Hostile) {
  /**
   * The bound on another board's sync while an attack runs: the probe's median trip, and the
   * server's CPU over any one step of the attack (Hostile.underAttack).
   */
  const SYNC_MS = 100

  /** The empty state vector: a sync step 1 whose answer is the whole board. */
  const EMPTY_SV = Y.encodeStateVector(new Y.Doc())

  /**
   * Send frames on an open socket and wait until the server answered a sync step 1 after them;
   * the server's CPU over it is noted as the step `step`.
   */
  async function sendThenBarrier(step: string, r: RawSocket, frames: Uint8Array[]): Promise<void> {
    expect(await r.upgrade).toBeNull()
    const before = r.frames.length
    await h.cost(step, async () => {
      for (const f of frames) r.send(f)
      r.send(syncStep1(EMPTY_SV))
      await waitFor(
        'the barrier answer',
        () => r.frames.slice(before).some((f) => f[0] === 0 && f[1] === 1),
        10_000,
      )
    })
  }

  /** Send frames on an open socket; resolves with the close code the server answered with. */
  async function sendThenClosed(step: string, r: RawSocket, frames: Uint8Array[]): Promise<number> {
    expect(await r.upgrade).toBeNull()
    return h.cost(step, async () => {
      for (const f of frames) r.send(f)
      return r.closed
    })
  }

  /**
   * Other boards kept syncing: the probe's trips went on (their median within the bound), and no
   * step of the attack cost the server more CPU than the bound, so none could hold its event loop
   * longer.
   */
  function othersKeptSyncing(probe: ProbeResult, opts: { perStep?: boolean } = {}) {
    expect(probe.trips).toBeGreaterThan(0)
    expect(probe.medianMs).toBeLessThan(SYNC_MS)
    if (opts.perStep !== false) expect(h.maxCost()).toBeLessThan(SYNC_MS)
  }

  /** A board with one note written by a facilitator's real client; returns the client too. */
  async function boardWithNote(b: Board, text = 'kept as it is') {
    const fac = h.client(b.id, b.links.facilitator)
    await fac.synced
    const noteId = createNote(fac.doc, { text, column: 'what' })
    const check = h.client(b.id, b.links.observer)
    await check.synced
    await waitFor('the note on the server', () => notesMap(check.doc).has(noteId), 10_000)
    check.destroy()
    return { fac, noteId }
  }

  /** The checks every attack ends with: stored equals served, memory within `rssBoundMb`. */
  async function unharmed(b: Board, rssBefore: number, rssBoundMb: number) {
    // A facilitator's seat: a board's observers' seats may all be taken by the attack.
    const { stored, live } = await h.storedAndLive(b.id, b.links.facilitator)
    expect(stored).toEqual(live)
    const grew = h.rss() - rssBefore
    console.log(`[hostile] server RSS grew ${grew.toFixed(1)} MB (bound ${rssBoundMb} MB)`)
    expect(grew).toBeLessThan(rssBoundMb)
  }

  return {
    SYNC_MS,
    EMPTY_SV,
    sendThenBarrier,
    sendThenClosed,
    othersKeptSyncing,
    boardWithNote,
    unharmed,
  }
}
