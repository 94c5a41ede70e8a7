/**
 * The items of a scanned update in one array of numbers (no object per item), with their map
 * keys and root names left as bytes of the update until asked for.
 */
import { decodeString } from './bytes'

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
export const F = {
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
export const FIELDS = 17

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
