/**
 * Reading a Yjs update's bytes the way Yjs's own decoders do, strictly: varints, UTF-8
 * (validated as the fatal decoder Yjs uses does), lib0 `any` values and JSON strings skipped
 * with their nesting bounded. Anything that does not read is a MalformedMessage.
 */
import { MalformedMessage } from '../rooms/errors'

export const bad = (why: string) =>
  new MalformedMessage(`update does not decode: ${why}`, 'bad-update')

export const MAX_SAFE = Number.MAX_SAFE_INTEGER

/** A cursor over the bytes; every read is bounds-checked. */
export class Reader {
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
export function decodeString(arr: Uint8Array, start: number, bytes: number): string {
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
export function skipAny(r: Reader, depth: number, maxDepth: number): number {
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
export function jsonDepth(r: Reader, maxDepth: number): number {
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
