/**
 * The published copies of a map that changes a few entries at a time (the board's notes as
 * people type): each copy is a new object that no later change alters, made in proportion to
 * the entries changed since the last full copy, not to the map's size. A full copy of 5,000
 * notes (`new Map`) took 1–1.5 ms, once per published state, so once per keystroke on every
 * page of a big board.
 *
 * A copy is a base shared with earlier copies (never changed once shared) and the entries
 * changed since (`undefined`: removed). Past COMPACT_AT changed entries, or a fraction of the
 * base, the next copy is a full one. It reads as a Map does, in a Map's order: entries in the
 * base's order with their new values, then the added ones in the order they came.
 */

/** Changed entries past which a copy is made whole again (and at least this share of the base). */
const COMPACT_AT = 256
const COMPACT_SHARE = 1 / 8

export class SnapshotMap<K, V> implements ReadonlyMap<K, V> {
  readonly size: number

  private constructor(
    private readonly base: ReadonlyMap<K, V>,
    /** Entries changed since the base: a value, or undefined for one removed. */
    private readonly changes: ReadonlyMap<K, V | undefined>,
  ) {
    let size = base.size
    for (const [k, v] of changes) {
      const had = base.has(k)
      if (v === undefined && had) size--
      else if (v !== undefined && !had) size++
    }
    this.size = size
  }

  /** A copy of `current` as it stands. */
  static of<K, V>(current: ReadonlyMap<K, V>): SnapshotMap<K, V> {
    return new SnapshotMap(new Map(current), new Map())
  }

  /**
   * The next copy: this one with the entries `changed` read from `current` (the live map,
   * where a key missing is an entry removed).
   */
  next(current: ReadonlyMap<K, V>, changed: Iterable<K>): SnapshotMap<K, V> {
    const changes = new Map(this.changes)
    for (const k of changed) changes.set(k, current.get(k))
    if (changes.size > Math.max(COMPACT_AT, this.base.size * COMPACT_SHARE)) {
      return SnapshotMap.of(current)
    }
    return new SnapshotMap(this.base, changes)
  }

  get(key: K): V | undefined {
    return this.changes.has(key) ? this.changes.get(key) : this.base.get(key)
  }

  has(key: K): boolean {
    return this.changes.has(key) ? this.changes.get(key) !== undefined : this.base.has(key)
  }

  *entries(): MapIterator<[K, V]> {
    const { base, changes } = this
    if (changes.size === 0) {
      yield* base.entries()
      return
    }
    for (const [k, v] of base) {
      if (!changes.has(k)) yield [k, v]
      else {
        const now = changes.get(k)
        if (now !== undefined) yield [k, now]
      }
    }
    for (const [k, v] of changes) if (v !== undefined && !base.has(k)) yield [k, v]
  }

  *keys(): MapIterator<K> {
    for (const [k] of this.entries()) yield k
  }

  *values(): MapIterator<V> {
    for (const [, v] of this.entries()) yield v
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries()
  }

  forEach(fn: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this)
  }
}
