/**
 * A Yjs update (V1 format) read without Yjs: what it would write, where, and how much, so the
 * server can decide before anything touches the live document [G1].
 *
 * Yjs's own decoder builds an Item and a content object per struct and, for a parent given by
 * name, creates that root type in the document as it reads. This reader keeps the items in
 * typed arrays (no object per item), reads no string content (it counts its UTF-16 units from
 * the UTF-8 bytes), decodes a map key or a root name only when asked for it, and stops as soon
 * as the update has more structs than the caller allows, so a million tiny structs cost a
 * counter, not a million objects. Anything Yjs would refuse to read (a wrong tag, a truncated varint, invalid UTF-8,
 * an unknown content or type) is malformed here too; so are trailing bytes and two blocks of
 * one client, which no Yjs encoder writes (Yjs would silently keep only the second).
 */
import { MalformedMessage } from '../rooms/errors'
import { bad, jsonDepth, MAX_SAFE, Reader, skipAny } from './bytes'
import { F, FIELDS, ScannedItems } from './scannedItems'

export { utf16Units } from './bytes'
export { type ScannedItem, ScannedItems } from './scannedItems'

/** Content kinds (the low five bits of an item's info byte, Yjs's contentRefs). */
export const CONTENT = {
  deleted: 1,
  json: 2,
  binary: 3,
  string: 4,
  embed: 5,
  format: 6,
  type: 7,
  any: 8,
  doc: 9,
} as const

/** Shared type kinds of a type item (Yjs's typeRefs). */
export const TYPE_REF = {
  array: 0,
  map: 1,
  text: 2,
  xmlElement: 3,
  xmlFragment: 4,
  xmlHook: 5,
  xmlText: 6,
} as const

const GC_REF = 0
const SKIP_REF = 10
const BIT6 = 32
const BIT7 = 64
const BIT8 = 128
const NONE = -1

/** A range of one client's clocks: a GC or Skip struct, or a deletion. */
export interface ScannedRange {
  client: number
  clock: number
  len: number
}

/** One client's structs in the update, contiguous from `clock` to `end`. */
export interface ScannedBlock {
  client: number
  clock: number
  end: number
  /** Index of the block's first item in `items`, and how many it has. */
  firstItem: number
  items: number
  gcs: number
  skips: number
}

export interface ScannedUpdate {
  blocks: ScannedBlock[]
  items: ScannedItems
  gcs: ScannedRange[]
  skips: ScannedRange[]
  deletes: ScannedRange[]
  /** Structs of every kind. */
  structs: number
}

/** Thrown when an update holds more structs than the reader was allowed to read. */
export class TooManyStructs extends Error {
  constructor(readonly limit: number) {
    super(`more than ${limit} structs in one update`)
    this.name = 'TooManyStructs'
  }
}

export interface ScanOptions {
  /** Stop (throw TooManyStructs) past this many structs plus deletions. */
  maxStructs?: number
  /** Deepest JSON nesting read before the update is called malformed. */
  maxValueDepth?: number
}

/**
 * Read an update. Throws MalformedMessage when it is not a well-formed V1 update, and
 * TooManyStructs past `maxStructs`.
 */
export function scanUpdate(update: Uint8Array, opts: ScanOptions = {}): ScannedUpdate {
  if (update.length === 0) throw new MalformedMessage('empty update payload', 'empty')
  const maxStructs = opts.maxStructs ?? Number.POSITIVE_INFINITY
  const maxDepth = opts.maxValueDepth ?? 64
  const r = new Reader(update)
  const items = new ScannedItems(update)
  const out: ScannedUpdate = { blocks: [], items, gcs: [], skips: [], deletes: [], structs: 0 }
  const clients = r.varUint()
  const seen = new Set<number>()
  for (let b = 0; b < clients; b++) {
    const count = r.varUint()
    const client = r.varUint()
    let clock = r.varUint()
    if (seen.has(client)) throw bad('two blocks of one client')
    seen.add(client)
    if (out.structs + count > maxStructs) throw new TooManyStructs(maxStructs)
    out.structs += count
    // Room for the block's items at once: no more than the bytes left could hold (3 or more
    // bytes an item).
    items.reserve(Math.min(count, Math.ceil((update.length - r.pos) / 3)))
    const block: ScannedBlock = {
      client,
      clock,
      end: clock,
      firstItem: items.length,
      items: 0,
      gcs: 0,
      skips: 0,
    }
    for (let s = 0; s < count; s++) {
      const info = r.u8()
      const ref = info & 31
      if (ref === GC_REF || ref === SKIP_REF) {
        const len = r.varUint()
        const range = { client, clock, len }
        if (ref === GC_REF) {
          out.gcs.push(range)
          block.gcs++
        } else {
          out.skips.push(range)
          block.skips++
        }
        clock += len
        continue
      }
      items.reserve(1)
      clock += readItem(r, items, info, ref, client, clock, maxDepth)
      block.items++
      if (clock > MAX_SAFE) throw bad('clock out of range')
    }
    block.end = clock
    out.blocks.push(block)
  }
  const dsClients = r.varUint()
  for (let c = 0; c < dsClients; c++) {
    const client = r.varUint()
    const n = r.varUint()
    if (out.structs + n > maxStructs) throw new TooManyStructs(maxStructs)
    out.structs += n
    for (let i = 0; i < n; i++) {
      const clock = r.varUint()
      const len = r.varUint()
      out.deletes.push({ client, clock, len })
    }
  }
  if (!r.done) throw bad('trailing bytes')
  return out
}

/** Read one item into `items` at its end; returns its length in clocks. */
function readItem(
  r: Reader,
  items: ScannedItems,
  info: number,
  ref: number,
  client: number,
  clock: number,
  maxDepth: number,
): number {
  const i = items.length
  const f = items.buffer
  const b = i * FIELDS
  f[b + F.client] = client
  f[b + F.clock] = clock
  f[b + F.content] = ref
  f[b + F.typeRef] = NONE
  f[b + F.originClient] = NONE
  f[b + F.originClock] = NONE
  f[b + F.rightClient] = NONE
  f[b + F.rightClock] = NONE
  f[b + F.parentClient] = NONE
  f[b + F.parentClock] = NONE
  f[b + F.rootAt] = NONE
  f[b + F.subAt] = NONE
  if (info & BIT8) {
    f[b + F.originClient] = r.varUint()
    f[b + F.originClock] = r.varUint()
  }
  if (info & BIT7) {
    f[b + F.rightClient] = r.varUint()
    f[b + F.rightClock] = r.varUint()
  }
  if ((info & (BIT7 | BIT8)) === 0) {
    if (r.varUint() === 1) {
      r.stringUnits()
      f[b + F.rootAt] = r.strAt
      f[b + F.rootLen] = r.strBytes
    } else {
      f[b + F.parentClient] = r.varUint()
      f[b + F.parentClock] = r.varUint()
    }
    if (info & BIT6) {
      r.stringUnits()
      f[b + F.subAt] = r.strAt
      f[b + F.subLen] = r.strBytes
    }
  }
  const start = r.pos
  let length = 1
  let depth = 0
  switch (ref) {
    case CONTENT.deleted:
      length = r.varUint()
      break
    case CONTENT.json: {
      length = r.varUint()
      for (let k = 0; k < length; k++) depth = Math.max(depth, jsonDepth(r, maxDepth))
      break
    }
    case CONTENT.binary:
      r.skip(r.varUint())
      break
    case CONTENT.string:
      length = r.stringUnits()
      break
    case CONTENT.embed:
      depth = jsonDepth(r, maxDepth)
      break
    case CONTENT.format:
      r.stringUnits()
      depth = jsonDepth(r, maxDepth)
      break
    case CONTENT.type: {
      const t = r.varUint()
      if (t > TYPE_REF.xmlText) throw bad(`unknown type ${t}`)
      f[b + F.typeRef] = t
      if (t === TYPE_REF.xmlElement || t === TYPE_REF.xmlHook) r.stringUnits()
      break
    }
    case CONTENT.any: {
      length = r.varUint()
      for (let k = 0; k < length; k++) depth = Math.max(depth, skipAny(r, 0, maxDepth))
      break
    }
    case CONTENT.doc:
      r.stringUnits()
      skipAny(r, 0, maxDepth)
      break
    default:
      throw bad(`unknown content ${ref}`)
  }
  // Yjs gives a zero-length item no clock: the next struct would reuse its id.
  if (length === 0) throw bad('empty item')
  f[b + F.len] = length
  f[b + F.valueBytes] = r.pos - start
  f[b + F.valueDepth] = depth
  items.length = i + 1
  return length
}
