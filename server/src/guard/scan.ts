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

/** One item (a struct with content) as encoded, as an object (tests and diagnostics). */
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

/** Fields of an item in ScannedItems' one array, in order. */
const F = {
  client: 0,
  clock: 1,
  len: 2,
  originClient: 3,
  originClock: 4,
  rightClient: 5,
  rightClock: 6,
  parentClient: 7,
  parentClock: 8,
  content: 9,
  typeRef: 10,
  valueBytes: 11,
  valueDepth: 12,
  rootAt: 13,
  rootLen: 14,
  subAt: 15,
  subLen: 16,
} as const
const FIELDS = 17

/**
 * The update's items, in one array of numbers (ids as client/clock pairs, -1 for none): no
 * object per item. Strings (a parent's root name, a map key) stay bytes of the update until
 * `root(i)` or `sub(i)` asks.
 */
export class ScannedItems {
  length = 0
  private f = new Float64Array(8 * FIELDS)
  private roots: (string | null)[] | null = null
  private subs: (string | null)[] | null = null

  constructor(private readonly bytes: Uint8Array) {}

  /** Room for `n` more items. */
  reserve(n: number): void {
    const need = (this.length + n) * FIELDS
    if (need <= this.f.length) return
    const next = new Float64Array(Math.max(need, this.f.length * 2))
    next.set(this.f)
    this.f = next
  }

  /** The array the reader writes item `length` into (after `reserve`). */
  get buffer(): Float64Array {
    return this.f
  }

  private get(i: number, k: number): number {
    return this.f[i * FIELDS + k]!
  }

  client(i: number): number {
    return this.get(i, F.client)
  }
  clock(i: number): number {
    return this.get(i, F.clock)
  }
  /** Clock units the item takes (characters of a string, values of a JSON array…). */
  len(i: number): number {
    return this.get(i, F.len)
  }
  originClient(i: number): number {
    return this.get(i, F.originClient)
  }
  originClock(i: number): number {
    return this.get(i, F.originClock)
  }
  rightClient(i: number): number {
    return this.get(i, F.rightClient)
  }
  rightClock(i: number): number {
    return this.get(i, F.rightClock)
  }
  /** The type item it sits in, when the parent is given by id (-1 otherwise). */
  parentClient(i: number): number {
    return this.get(i, F.parentClient)
  }
  parentClock(i: number): number {
    return this.get(i, F.parentClock)
  }
  /** One of CONTENT. */
  content(i: number): number {
    return this.get(i, F.content)
  }
  /** One of TYPE_REF for a type item, -1 otherwise. */
  typeRef(i: number): number {
    return this.get(i, F.typeRef)
  }
  /** Encoded bytes of the content's values (JSON, keys, binary), for the value caps. */
  valueBytes(i: number): number {
    return this.get(i, F.valueBytes)
  }
  /** Deepest nesting of a JSON value in the content (0 for a scalar). */
  valueDepth(i: number): number {
    return this.get(i, F.valueDepth)
  }

  /** The root name item `i`'s parent is given by, or null. */
  root(i: number): string | null {
    const at = this.get(i, F.rootAt)
    if (at < 0) return null
    this.roots ??= []
    const known = this.roots[i]
    if (known !== undefined) return known
    const name = decodeString(this.bytes, at, this.get(i, F.rootLen))
    this.roots[i] = name
    return name
  }

  /** The map key item `i` carries, or null. */
  sub(i: number): string | null {
    const at = this.get(i, F.subAt)
    if (at < 0) return null
    this.subs ??= []
    const known = this.subs[i]
    if (known !== undefined) return known
    const key = decodeString(this.bytes, at, this.get(i, F.subLen))
    this.subs[i] = key
    return key
  }

  /** Item `i` as an object. */
  at(i: number): ScannedItem {
    return {
      client: this.client(i),
      clock: this.clock(i),
      length: this.len(i),
      originClient: this.originClient(i),
      originClock: this.originClock(i),
      rightClient: this.rightClient(i),
      rightClock: this.rightClock(i),
      parentRoot: this.root(i),
      parentClient: this.parentClient(i),
      parentClock: this.parentClock(i),
      parentSub: this.sub(i),
      content: this.content(i),
      typeRef: this.typeRef(i),
      valueBytes: this.valueBytes(i),
      valueDepth: this.valueDepth(i),
    }
  }
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

  /** Where the last string read starts, and its bytes. */
  strAt = 0
  strBytes = 0

  /**
   * A length-prefixed UTF-8 string, checked as Yjs's fatal decoder checks it: its UTF-16 units
   * (its offset and bytes in `strAt` and `strBytes`).
   */
  stringUnits(): number {
    const bytes = this.varUint()
    const start = this.pos
    this.skip(bytes)
    this.strAt = start
    this.strBytes = bytes
    return utf16Units(this.arr, start, start + bytes)
  }
}

/** A UTF-8 string of the update (already validated), decoded (keys: short, mostly ASCII). */
function decodeString(arr: Uint8Array, start: number, bytes: number): string {
  if (bytes <= 64) {
    let ascii = ''
    for (let i = start; i < start + bytes; i++) {
      const b = arr[i]!
      if (b >= 0x80) return utf8.decode(arr.subarray(start, start + bytes))
      ascii += String.fromCharCode(b)
    }
    return ascii
  }
  return utf8.decode(arr.subarray(start, start + bytes))
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
  r.stringUnits()
  const start = r.strAt
  const bytes = r.strBytes
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
