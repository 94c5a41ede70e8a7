/**
 * A Yjs update (V1 format) read without Yjs: what it would write, where, and how much, so the
 * server can decide before anything touches the live document [G1].
 *
 * Yjs's own decoder builds an Item and a content object per struct and, for a parent given by
 * name, creates that root type in the document as it reads. This reader allocates one small
 * record per item, none per GC or Skip struct beyond its range, reads no string content (it
 * counts its UTF-16 units from the UTF-8 bytes) and stops as soon as the update has more
 * structs than the caller allows, so a million tiny structs cost a counter, not a million
 * objects. Anything Yjs would refuse to read (a wrong tag, a truncated varint, invalid UTF-8,
 * an unknown content or type) is malformed here too; so are trailing bytes and two blocks of
 * one client, which no Yjs encoder writes (Yjs would silently keep only the second).
 */
import { MalformedMessage } from '../rooms/errors'

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

/** One item (a struct with content) as encoded. Ids are (client, clock) pairs; -1 for none. */
export interface ScannedItem {
  client: number
  clock: number
  /** Clock units the item takes (characters of a string, values of a JSON array…). */
  length: number
  originClient: number
  originClock: number
  rightClient: number
  rightClock: number
  /** The root type it sits in, when the parent is given by name. */
  parentRoot: string | null
  /** The type item it sits in, when the parent is given by id (-1 otherwise). */
  parentClient: number
  parentClock: number
  /** The map key, when given (only items with neither origin carry it). */
  parentSub: string | null
  /** One of CONTENT. */
  content: number
  /** One of TYPE_REF for a type item, -1 otherwise. */
  typeRef: number
  /** Encoded bytes of the content's values (JSON, keys, binary), for the value caps. */
  valueBytes: number
  /** Deepest nesting of a JSON value in the content (0 for a scalar). */
  valueDepth: number
}

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
  items: ScannedItem[]
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

const bad = (why: string) => new MalformedMessage(`update does not decode: ${why}`, 'bad-update')

const MAX_SAFE = Number.MAX_SAFE_INTEGER

/** A cursor over the bytes; every read is bounds-checked. */
class Reader {
  pos = 0
  constructor(readonly arr: Uint8Array) {}

  get done(): boolean {
    return this.pos >= this.arr.length
  }

  u8(): number {
    if (this.pos >= this.arr.length) throw bad('unexpected end')
    return this.arr[this.pos++]!
  }

  varUint(): number {
    let num = 0
    let mult = 1
    const arr = this.arr
    while (this.pos < arr.length) {
      const r = arr[this.pos++]!
      num += (r & 0x7f) * mult
      if (r < 0x80) return num
      mult *= 128
      if (num > MAX_SAFE) throw bad('integer out of range')
    }
    throw bad('unexpected end')
  }

  skip(n: number): void {
    if (n > this.arr.length - this.pos) throw bad('length runs past the update')
    this.pos += n
  }

  /** A length-prefixed UTF-8 string, checked as Yjs's fatal decoder checks it; its UTF-16 units. */
  stringUnits(): { start: number; bytes: number; units: number } {
    const bytes = this.varUint()
    const start = this.pos
    this.skip(bytes)
    return { start, bytes, units: utf16Units(this.arr, start, start + bytes) }
  }

  /** A length-prefixed UTF-8 string, decoded (keys and root names: short). */
  string(): string {
    const { start, bytes } = this.stringUnits()
    return utf8.decode(this.arr.subarray(start, start + bytes))
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * UTF-16 units of the UTF-8 bytes arr[from, to), validated as the WHATWG decoder does (no
 * overlong forms, no surrogates, nothing past U+10FFFF); invalid bytes are malformed.
 */
export function utf16Units(arr: Uint8Array, from: number, to: number): number {
  let units = 0
  let i = from
  while (i < to) {
    const b = arr[i]!
    if (b < 0x80) {
      units++
      i++
      continue
    }
    let need: number
    let lo = 0x80
    let hi = 0xbf
    if (b >= 0xc2 && b <= 0xdf) need = 1
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2
      if (b === 0xe0) lo = 0xa0
      else if (b === 0xed) hi = 0x9f
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3
      if (b === 0xf0) lo = 0x90
      else if (b === 0xf4) hi = 0x8f
    } else throw bad('invalid UTF-8')
    if (i + need >= to) throw bad('invalid UTF-8')
    const c1 = arr[i + 1]!
    if (c1 < lo || c1 > hi) throw bad('invalid UTF-8')
    for (let k = 2; k <= need; k++) {
      const c = arr[i + k]!
      if (c < 0x80 || c > 0xbf) throw bad('invalid UTF-8')
    }
    units += need === 3 ? 2 : 1
    i += need + 1
  }
  return units
}

/**
 * Skip one lib0 `any` value; returns its nesting depth. Iterative over arrays and objects'
 * entries, recursive only per level, and refused past `maxDepth`.
 */
function skipAny(r: Reader, depth: number, maxDepth: number): number {
  if (depth > maxDepth) throw bad('value nested too deep')
  const tag = r.u8()
  switch (tag) {
    case 127: // undefined
    case 126: // null
    case 121: // false
    case 120: // true
      return depth
    case 125: {
      // varInt: the first byte carries the sign and six bits
      const first = r.u8()
      if (first & 0x80) r.varUint()
      return depth
    }
    case 124:
      r.skip(4)
      return depth
    case 123:
    case 122:
      r.skip(8)
      return depth
    case 119:
      r.stringUnits()
      return depth
    case 118: {
      const n = r.varUint()
      let deepest = depth
      for (let i = 0; i < n; i++) {
        r.stringUnits()
        deepest = Math.max(deepest, skipAny(r, depth + 1, maxDepth))
      }
      return deepest
    }
    case 117: {
      const n = r.varUint()
      let deepest = depth
      for (let i = 0; i < n; i++) deepest = Math.max(deepest, skipAny(r, depth + 1, maxDepth))
      return deepest
    }
    case 116:
      r.skip(r.varUint())
      return depth
    default:
      throw bad(`unknown value tag ${tag}`)
  }
}

/** A JSON string (ContentJSON, ContentEmbed, ContentFormat's value): its nesting depth. */
function jsonDepth(r: Reader, maxDepth: number): number {
  const { start, bytes } = r.stringUnits()
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = start; i < start + bytes; i++) {
    const c = r.arr[i]!
    if (inString) {
      if (c === 0x5c) i++
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) {
      depth++
      if (depth > deepest) deepest = depth
      if (deepest > maxDepth) throw bad('value nested too deep')
    } else if (c === 0x5d || c === 0x7d) depth--
  }
  return deepest
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
  const out: ScannedUpdate = { blocks: [], items: [], gcs: [], skips: [], deletes: [], structs: 0 }
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
    const block: ScannedBlock = {
      client,
      clock,
      end: clock,
      firstItem: out.items.length,
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
      const item = readItem(r, info, ref, client, clock, maxDepth)
      out.items.push(item)
      block.items++
      clock += item.length
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

function readItem(
  r: Reader,
  info: number,
  ref: number,
  client: number,
  clock: number,
  maxDepth: number,
): ScannedItem {
  const item: ScannedItem = {
    client,
    clock,
    length: 1,
    originClient: NONE,
    originClock: NONE,
    rightClient: NONE,
    rightClock: NONE,
    parentRoot: null,
    parentClient: NONE,
    parentClock: NONE,
    parentSub: null,
    content: ref,
    typeRef: NONE,
    valueBytes: 0,
    valueDepth: 0,
  }
  if (info & BIT8) {
    item.originClient = r.varUint()
    item.originClock = r.varUint()
  }
  if (info & BIT7) {
    item.rightClient = r.varUint()
    item.rightClock = r.varUint()
  }
  if ((info & (BIT7 | BIT8)) === 0) {
    if (r.varUint() === 1) item.parentRoot = r.string()
    else {
      item.parentClient = r.varUint()
      item.parentClock = r.varUint()
    }
    if (info & BIT6) item.parentSub = r.string()
  }
  const start = r.pos
  switch (ref) {
    case CONTENT.deleted:
      item.length = r.varUint()
      break
    case CONTENT.json: {
      const n = r.varUint()
      item.length = n
      for (let i = 0; i < n; i++)
        item.valueDepth = Math.max(item.valueDepth, jsonDepth(r, maxDepth))
      break
    }
    case CONTENT.binary:
      r.skip(r.varUint())
      break
    case CONTENT.string:
      item.length = r.stringUnits().units
      break
    case CONTENT.embed:
      item.valueDepth = jsonDepth(r, maxDepth)
      break
    case CONTENT.format:
      r.stringUnits()
      item.valueDepth = jsonDepth(r, maxDepth)
      break
    case CONTENT.type: {
      const t = r.varUint()
      if (t > TYPE_REF.xmlText) throw bad(`unknown type ${t}`)
      item.typeRef = t
      if (t === TYPE_REF.xmlElement || t === TYPE_REF.xmlHook) r.stringUnits()
      break
    }
    case CONTENT.any: {
      const n = r.varUint()
      item.length = n
      for (let i = 0; i < n; i++)
        item.valueDepth = Math.max(item.valueDepth, skipAny(r, 0, maxDepth))
      break
    }
    case CONTENT.doc:
      r.stringUnits()
      skipAny(r, 0, maxDepth)
      break
    default:
      throw bad(`unknown content ${ref}`)
  }
  item.valueBytes = r.pos - start
  // Yjs gives a zero-length item no clock: the next struct would reuse its id.
  if (item.length === 0) throw bad('empty item')
  return item
}
