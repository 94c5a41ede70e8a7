/**
 * An awareness message as a y-websocket 3.1 client takes it, for the benchmarks' raw clients:
 * y-protocols' `applyAwarenessUpdate` emits 'update' when another client's clock advanced, and
 * the provider broadcasts that update back, so such a message is re-sent to the server.
 */
import * as decoding from 'lib0/decoding'

/**
 * Read the awareness update at `d` (the message's type already read) as client `own`, whose
 * last clock of each other client is `seen`; `each` is called with every other client's state
 * read. True when a clock advanced: the client would send the message back.
 */
export function takeAwareness(
  own: number,
  seen: Map<number, number>,
  d: decoding.Decoder,
  each: (id: number, clock: number) => void,
): boolean {
  const u = decoding.createDecoder(decoding.readVarUint8Array(d))
  const count = decoding.readVarUint(u)
  let advanced = false
  for (let i = 0; i < count; i++) {
    const id = decoding.readVarUint(u)
    const clock = decoding.readVarUint(u)
    decoding.readVarUint8Array(u)
    if (id === own) continue
    if ((seen.get(id) ?? 0) < clock) {
      seen.set(id, clock)
      advanced = true
    }
    each(id, clock)
  }
  return advanced
}
