/**
 * The client ids a connection owns: the one place that says under which ids a connection may
 * write what the role check cannot judge by itself [G2], [G9].
 *
 * A Yjs client id and an awareness client id are numbers the device picks (a browser tab uses
 * one for both), so the server cannot know who picked which; it remembers what each connection
 * showed it uses:
 * - document ids it wrote items under (applied updates): it may send GC and Skip structs over
 *   their new clocks, its own collected content [G2];
 * - awareness ids it announced a state for: only it may remove them with a null state, and it
 *   controls a bounded number of them [G9].
 *
 * Document ids are also a person's [F14.7]: the first connection that writes under an id makes
 * it its person's (`ClientOwners`, one per board), and from then on only that person's
 * connections write under it, so nobody writes at another person's next clocks (which would
 * erase what that person's device holds unsent). A connection without a credential is a person
 * of its own [F14.3]: its ids are its own until it leaves. Presence ids are the announcing
 * connection's, taken over only by another connection of the same person [F14.5].
 */
import type { Person } from '../auth/people'

/** What the guard asks of a connection's ids [G2]. */
export interface CollectOwnership {
  /**
   * True when GC or Skip structs over new clocks of `client` may come from this connection:
   * it wrote items under `client` before or writes some in the same update (a note made and
   * purged offline comes with its collected fields), or the board has never seen `client`.
   */
  mayCollect(client: number, how: { boardKnows: boolean; itemsInUpdate: boolean }): boolean
  /** [F14.7] True unless `client` is another person's on this board. */
  mayWrite(client: number): boolean
  /**
   * [F14.7] True when `client` is another connection's without a credential: it is free once
   * that connection left, which a device reconnecting may outrun (its new socket writes before
   * the server saw the old one close).
   */
  heldByConnection(client: number): boolean
}

let connections = 0
/** The owner's key of a connection without a credential: `connection|` and a number. */
const CONNECTION = 'connection|'

const PERSON = 'person|'
/** The owner's key of a signed person's ids: shared by their connections on every device. */
export const personKey = (personId: string) => `${PERSON}${personId}`

/** Where a board's owners of client ids are stored (a person's only: a connection's end with it). */
export interface OwnerStore {
  /** Every stored owner of the board's ids. */
  load(): Iterable<{ client: number; owner: string }>
  /** `client` became `owner`'s: store it with the turn's rows. */
  claimed(client: number, owner: string): void
  /** Every id of `from` became `to`'s: store it with the turn's rows. */
  rekeyed(from: string, to: string): void
}

/**
 * Whose each document client id of one board is [F14.7]: an owner's key (a signed person's id,
 * or one connection's) per id, set by the first write under the id. A person's ids are stored
 * (read back when the board is next in memory, here or on the node that takes it over); a
 * connection's are its own until it leaves. It holds no more ids than the board has clients.
 */
export class ClientOwners {
  private owners: Map<number, string> | null = null

  constructor(private readonly store: OwnerStore | null = null) {}

  /** The ids' owners, read from storage the first time they are asked for. */
  private get map(): Map<number, string> {
    if (!this.owners) {
      this.owners = new Map()
      for (const { client, owner } of this.store?.load() ?? []) this.owners.set(client, owner)
    }
    return this.owners
  }

  /** The key of the owner of `client`, or undefined when nobody wrote under it here yet. */
  ownerOf(client: number): string | undefined {
    return this.map.get(client)
  }

  /** `client` is `key`'s, unless it is someone's already. */
  claim(client: number, key: string): void {
    const owners = this.map
    if (owners.has(client)) return
    owners.set(client, key)
    if (key.startsWith(PERSON)) this.store?.claimed(client, key)
  }

  /** Every id of `from` becomes `to`'s: two entries a facilitator merged into one person [F14.9]. */
  rekey(from: string, to: string): void {
    for (const [c, k] of this.map) if (k === from) this.map.set(c, to)
    this.store?.rekeyed(from, to)
  }

  /** `key` leaves for good (a connection without a credential): its ids are nobody's. */
  release(key: string, clients: Iterable<number>): void {
    const owners = this.map
    for (const c of clients) if (owners.get(c) === key) owners.delete(c)
  }

  get size(): number {
    return this.map.size
  }
}

export class ClientIds implements CollectOwnership {
  private readonly written = new Set<number>()
  private readonly announced = new Set<number>()
  /** Whose ids these are: a signed person's id, shared by their connections, or this connection's. */
  private ownerKey: string

  constructor(
    person: Person | null = null,
    private readonly owners: ClientOwners | null = null,
  ) {
    // A person's id is fixed for a signed person; an unsigned one's may change once (F14.3),
    // so its key is the connection's.
    this.ownerKey = person?.signed ? personKey(person.id) : `${CONNECTION}${++connections}`
  }

  get key(): string {
    return this.ownerKey
  }

  /** The connection's person was merged into `personId` on this board [F14.9]. */
  becomes(personId: string): void {
    this.ownerKey = personKey(personId)
  }

  mayWrite(client: number): boolean {
    const owner = this.owners?.ownerOf(client)
    return owner === undefined || owner === this.key
  }

  heldByConnection(client: number): boolean {
    const owner = this.owners?.ownerOf(client)
    return owner !== undefined && owner !== this.key && owner.startsWith(CONNECTION)
  }

  /** True when `other` is a connection of the same person (or this one). */
  samePersonAs(other: ClientIds): boolean {
    return other.key === this.key
  }

  /** The connection left: the ids of a connection without a credential are nobody's now. */
  leave(): void {
    if (this.key.startsWith(CONNECTION)) this.owners?.release(this.key, this.written)
  }

  mayCollect(client: number, how: { boardKnows: boolean; itemsInUpdate: boolean }): boolean {
    return !how.boardKnows || how.itemsInUpdate || this.written.has(client)
  }

  /** An update of this connection was applied, adding structs under `clients`. */
  wrote(clients: Iterable<number>): void {
    for (const c of clients) {
      this.written.add(c)
      this.owners?.claim(c, this.key)
    }
  }

  /** [G9] True when a null state for awareness id `id` is this connection's own removal. */
  mayRemovePresence(id: number): boolean {
    return this.announced.has(id)
  }

  /** Awareness ids with a live state this connection announced. */
  get presenceIds(): ReadonlySet<number> {
    return this.announced
  }

  /** This connection's state for `id` is kept (it controls `id` from now on). */
  announce(id: number): void {
    this.announced.add(id)
  }

  /** This connection's state for `id` is gone (removed, timed out, or taken by another). */
  unannounce(id: number): void {
    this.announced.delete(id)
  }

  /** Forget the awareness ids (the connection left); returns those it had. */
  takePresenceIds(): number[] {
    const ids = [...this.announced]
    this.announced.clear()
    return ids
  }
}
