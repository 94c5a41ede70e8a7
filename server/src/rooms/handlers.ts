/**
 * Incoming messages, by type (y-websocket's messageHandlers pattern): adding a message type
 * is adding a row. A handler reads its message to the end; anything left over, or anything
 * that does not decode, is a MalformedMessage. Handlers know the room only as a MessageTarget.
 */
import * as decoding from 'lib0/decoding'
import { MESSAGE, SYNC } from '../protocol/messages'
import type { Peer } from './connection'
import { MalformedMessage } from './errors'
import { readBytes } from './presence'

/** What a message does in a room. */
export interface MessageTarget {
  /** Sync step 1: answer with what the client lacks. */
  replySyncStep2(peer: Peer, stateVector: Uint8Array): void
  /** A document update (sync step 2 or update). */
  write(peer: Peer, update: Uint8Array): void
  applyAwareness(peer: Peer, update: Uint8Array): void
  sendPresence(peer: Peer): void
}

export type MessageHandler = (target: MessageTarget, peer: Peer, d: decoding.Decoder) => void

function end(d: decoding.Decoder): void {
  if (d.pos !== d.arr.length) throw new MalformedMessage('trailing bytes')
}

export const messageHandlers: MessageHandler[] = []

messageHandlers[MESSAGE.sync] = (target, peer, d) => {
  const type = decoding.readVarUint(d)
  const payload = readBytes(d)
  end(d)
  if (type === SYNC.step1) target.replySyncStep2(peer, payload)
  else if (type === SYNC.step2 || type === SYNC.update) target.write(peer, payload)
  else throw new MalformedMessage(`unknown sync message ${type}`)
}

messageHandlers[MESSAGE.awareness] = (target, peer, d) => {
  const update = readBytes(d)
  end(d)
  target.applyAwareness(peer, update)
}

messageHandlers[MESSAGE.queryAwareness] = (target, peer, d) => {
  end(d)
  target.sendPresence(peer)
}

/** Dispatch one message; throws MalformedMessage for what cannot be read. */
export function dispatch(target: MessageTarget, peer: Peer, data: Uint8Array): void {
  const d = decoding.createDecoder(data)
  const type = decoding.readVarUint(d)
  const handler = messageHandlers[type]
  if (!handler) throw new MalformedMessage(`unknown message type ${type}`)
  handler(target, peer, d)
}
