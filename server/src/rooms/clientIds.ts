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
 * Items (content) are not owned by id: the role check judges them by what they change, so any
 * connection may write items under an id at clocks the board does not hold yet. Tying all
 * three to a person the server issued belongs here.
 */

/** What the guard asks of a connection's ids [G2]. */
export interface CollectOwnership {
  /**
   * True when GC or Skip structs over new clocks of `client` may come from this connection:
   * it wrote items under `client` before or writes some in the same update (a note made and
   * purged offline comes with its collected fields), or the board has never seen `client`.
   */
  mayCollect(client: number, how: { boardKnows: boolean; itemsInUpdate: boolean }): boolean
}

export class ClientIds implements CollectOwnership {
  private readonly written = new Set<number>()
  private readonly announced = new Set<number>()

  mayCollect(client: number, how: { boardKnows: boolean; itemsInUpdate: boolean }): boolean {
    return !how.boardKnows || how.itemsInUpdate || this.written.has(client)
  }

  /** An update of this connection was applied, adding structs under `clients`. */
  wrote(clients: Iterable<number>): void {
    for (const c of clients) this.written.add(c)
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
