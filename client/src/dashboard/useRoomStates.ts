/**
 * What each breakout room shows now (phase, lock, timer), live, for the dashboard: one
 * y-websocket connection per board with the session facilitator's token, read-only (no
 * presence state, so nobody sees the dashboard in a room's people list), closed on leaving.
 * The session API carries figures, not this state, and a room's own document is its truth.
 */
import { boardMap, readMeta, readTimer, type TimerState } from '@sensemaking/shared'
import { useEffect, useState } from 'react'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { wsBase } from '../board/useBoardConnection'

export interface RoomState {
  /** The active question's column id, or null. */
  phase: string | null
  locked: boolean
  timer: TimerState
  /** This dashboard's own connection to the room is open (it counts among the room's online). */
  connected: boolean
  /** The board has been received. */
  synced: boolean
}

const EMPTY: RoomState = {
  phase: null,
  locked: false,
  timer: { status: 'idle' },
  connected: false,
  synced: false,
}

/** Board id → its state, live. */
export function useRoomStates(boardIds: readonly string[], token: string): Map<string, RoomState> {
  const [states, setStates] = useState(() => new Map<string, RoomState>())
  const key = boardIds.join(',')
  useEffect(() => {
    const ids = key === '' ? [] : key.split(',')
    const closers: Array<() => void> = []
    for (const id of ids) {
      const doc = new Y.Doc()
      const provider = new WebsocketProvider(`${wsBase()}/sync`, id, doc, {
        params: { token },
        disableBc: true,
      })
      provider.awareness.setLocalState(null)
      const update = () => {
        const meta = readMeta(doc)
        const next: RoomState = {
          phase: meta.phase,
          locked: meta.locked,
          timer: readTimer(doc),
          connected: provider.wsconnected,
          synced: provider.synced,
        }
        setStates((prev) => {
          const was = prev.get(id)
          if (was && JSON.stringify(was) === JSON.stringify(next)) return prev
          return new Map(prev).set(id, next)
        })
      }
      boardMap(doc).observe(update)
      provider.on('status', update)
      provider.on('sync', update)
      closers.push(() => {
        boardMap(doc).unobserve(update)
        provider.destroy()
        doc.destroy()
      })
    }
    return () => {
      for (const close of closers) close()
      setStates(new Map())
    }
  }, [key, token])
  return states
}

/** A room's state, or the empty one before its connection has said anything. */
export const roomState = (states: Map<string, RoomState>, id: string): RoomState =>
  states.get(id) ?? EMPTY
