/**
 * Incoming messages, by type (y-websocket's messageHandlers pattern): adding a message type
 * is adding a row. A handler reads its message to the end; anything left over, or anything
 * that does not decode, is a MalformedMessage.
 */
import * as decoding from 'lib0/decoding'
import { MESSAGE, SYNC } from '../protocol/messages'
import type { Peer } from './connection'
import { MalformedMessage } from './errors'
import { readBytes } from './presence'
import type { Room } from './Room'

export type MessageHandler = (room: Room, peer: Peer, d: decoding.Decoder) => void

function end(d: decoding.Decoder): void {
  if (d.pos !== d.arr.length) throw new MalformedMessage('trailing bytes')
}

export const messageHandlers: MessageHandler[] = []

messageHandlers[MESSAGE.sync] = (room, peer, d) => {
  const type = decoding.readVarUint(d)
  const payload = readBytes(d)
  end(d)
  if (type === SYNC.step1) room.replySyncStep2(peer, payload)
  else if (type === SYNC.step2 || type === SYNC.update) room.write(peer, payload)
  else throw new MalformedMessage(`unknown sync message ${type}`)
}

messageHandlers[MESSAGE.awareness] = (room, peer, d) => {
  const update = readBytes(d)
  end(d)
  room.applyAwareness(peer, update)
}

messageHandlers[MESSAGE.queryAwareness] = (room, peer, d) => {
  end(d)
  room.sendPresence(peer)
}

/** Dispatch one message; throws MalformedMessage for what cannot be read. */
export function dispatch(room: Room, peer: Peer, data: Uint8Array): void {
  const d = decoding.createDecoder(data)
  const type = decoding.readVarUint(d)
  const handler = messageHandlers[type]
  if (!handler) throw new MalformedMessage(`unknown message type ${type}`)
  handler(room, peer, d)
}
