/**
 * What the connection indicator shows, as a pure reducer over the provider's events, the
 * browser's online/offline events and a clock tick. Close codes are the shared table's.
 */
import { closeIsFinal, closeNameOf } from '@sensemaking/shared'

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'revoked'

export interface ConnectionState {
  status: ConnectionStatus
  /** When the connection was last lost (or first attempted), for the offline grace period. */
  downSince: number | null
  browserOnline: boolean
  /**
   * The close code that ended the connection for good (one that does not retry), or, while
   * reconnecting, the last one the client retries (a full board says so).
   */
  closeCode: number | null
}

export type ConnectionEvent =
  | { type: 'status'; status: 'connecting' | 'connected' | 'disconnected' }
  | { type: 'closed'; code: number }
  /** A socket closed with a code the client retries (the provider reconnects by itself). */
  | { type: 'dropped'; code: number }
  | { type: 'browser-online' }
  | { type: 'browser-offline' }
  | { type: 'tick' }

/** After this long without a connection we say "offline" rather than "reconnecting". */
export const OFFLINE_AFTER_MS = 8000

export function initialConnection(now: number, browserOnline = true): ConnectionState {
  return {
    status: browserOnline ? 'connecting' : 'offline',
    downSince: now,
    browserOnline,
    closeCode: null,
  }
}

export function reduceConnection(
  s: ConnectionState,
  e: ConnectionEvent,
  now: number,
): ConnectionState {
  if (s.status === 'revoked') return s
  switch (e.type) {
    case 'closed':
      return closeIsFinal(e.code) ? { ...s, status: 'revoked', closeCode: e.code } : s
    case 'dropped':
      return closeIsFinal(e.code) ? s : { ...s, closeCode: e.code }
    case 'status': {
      if (e.status === 'connected') {
        return { ...s, status: 'connected', downSince: null, closeCode: null }
      }
      if (s.status === 'connected') {
        return { ...s, status: s.browserOnline ? 'reconnecting' : 'offline', downSince: now }
      }
      return s.status === 'connecting' && !s.browserOnline ? { ...s, status: 'offline' } : s
    }
    case 'browser-offline':
      return {
        ...s,
        browserOnline: false,
        status: s.status === 'connected' ? s.status : 'offline',
        downSince: s.downSince ?? now,
      }
    case 'browser-online':
      return {
        ...s,
        browserOnline: true,
        status: s.status === 'offline' ? 'reconnecting' : s.status,
        downSince: s.status === 'offline' ? now : s.downSince,
      }
    case 'tick':
      if (
        (s.status === 'reconnecting' || s.status === 'connecting') &&
        s.downSince !== null &&
        now - s.downSince >= OFFLINE_AFTER_MS
      ) {
        return { ...s, status: 'offline' }
      }
      return s
  }
}

/** The words of the indicator; a closed connection is explained by its close code. */
export function describeConnection(
  status: ConnectionStatus,
  closeCode: number | null = null,
): { label: string; detail: string } {
  switch (status) {
    case 'connecting':
      return { label: 'Connecting…', detail: 'Opening the board.' }
    case 'connected':
      return { label: 'Live', detail: 'Everyone on the board sees your changes.' }
    case 'reconnecting':
      if (closeCode !== null && closeNameOf(closeCode) === 'boardFull') {
        return {
          label: 'Board full',
          detail:
            'This board has as many people as it can take; trying again in a moment. Your notes are kept on this device.',
        }
      }
      return { label: 'Reconnecting…', detail: 'Your notes are kept on this device meanwhile.' }
    case 'offline':
      return {
        label: 'Offline',
        detail: 'Your notes are kept on this device and sync when the connection returns.',
      }
    case 'revoked': {
      const name = closeCode === null ? null : closeNameOf(closeCode)
      if (name === 'rebased') {
        // Only when carrying this device's changes over to the board's new epoch failed.
        return {
          label: 'Board renewed',
          detail:
            'The server renewed this board while this page was away; reload the page to bring your unsent notes over, or download them.',
        }
      }
      if (name === 'malformed' || name === 'tooLarge' || name === 'refused') {
        return {
          label: 'Disconnected',
          detail:
            'The server refused a change from this page; reload it. Your unsent notes can be downloaded.',
        }
      }
      return {
        label: 'Link no longer works',
        detail: 'This link no longer works; your unsent notes can be downloaded.',
      }
    }
  }
}
