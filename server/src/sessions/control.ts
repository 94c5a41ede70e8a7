/**
 * A session-wide control (the dashboard's "for every room": phase, timer, lock, broadcast) as
 * written on one board's document. Times are the server's clock [F8.1].
 */
import {
  readMeta,
  readTimer,
  type SessionControl,
  setBroadcast,
  setLocked,
  setPhase,
  setTimer,
  timerTransitions as T,
} from '@sensemaking/shared'
import type * as Y from 'yjs'

/** Apply one control to a board's document in one transaction. */
export function applyControl(doc: Y.Doc, c: SessionControl, now: number, origin: object): void {
  doc.transact(() => {
    if (c.phase !== undefined) setPhase(doc, c.phase, { origin })
    if (c.locked !== undefined) setLocked(doc, c.locked, { origin })
    if (c.broadcast !== undefined) {
      setBroadcast(
        doc,
        c.broadcast
          ? {
              message: c.broadcast,
              from: 'Facilitator',
              at: now,
              // What it was sent in, so it runs its course when these move on [F8.4].
              phase: readMeta(doc).phase,
              timerOn: readTimer(doc).status !== 'idle',
            }
          : null,
        {
          origin,
        },
      )
    }
    if (c.timer) {
      const t = readTimer(doc)
      const ms = 'minutes' in c.timer ? Math.round(c.timer.minutes * 60_000) : 0
      const next =
        c.timer.action === 'start'
          ? T.start(ms, now)
          : c.timer.action === 'add'
            ? T.addTime(t, ms, now)
            : c.timer.action === 'pause'
              ? T.pause(t, now)
              : c.timer.action === 'resume'
                ? T.resume(t, now)
                : T.stop()
      setTimer(doc, next, { origin })
    }
  }, origin)
}
