/**
 * A board's document as a room holds it: built from storage on first use, with the figures
 * and the lock/vote state read from it, and the sync answers that can skip it.
 *
 * Cold open: when storage holds the board as one snapshot (with its state vector), a client
 * is sent the stored state vector and a fresh client's first sync is answered with the stored
 * bytes as they are; the Y.Doc is built only when something needs it (a write, a figure, a
 * harvest). The whole-state answer is cached, as one message, until the next change: 200 people
 * joining a plenary cost one encoding, and every socket is handed the same bytes, not a copy
 * each [G6].
 */
import type { PolicyState } from '@sensemaking/shared'
import {
  boardMap,
  erasedIds,
  erasedMap,
  policyState,
  readMeta,
  readPrivateWriting,
  readVote,
} from '@sensemaking/shared'
import type { Logger } from 'pino'
import * as Y from 'yjs'
import type { ServerMetrics } from '../metrics'
import {
  encodeSyncStep1,
  encodeSyncStep1Vector,
  encodeSyncStep2,
  encodeSyncStep2Update,
} from '../protocol/messages'
import type { BoardStats, LoadedBoard } from '../storage/types'
import { computeStats } from './boardStats'
import { MalformedMessage } from './errors'
import { applyStored, applyStoredInSlices } from './loadDoc'

/** A board stored as one clean part: served as bytes until the document is needed. */
const isOnePart = (l: LoadedBoard) =>
  l.updates.length + (l.snapshot ? 1 : 0) === 1 && l.corrupt === 0

/** A fresh client's state vector: no clients. */
const isEmptyStateVector = (sv: Uint8Array) => sv.length === 1 && sv[0] === 0

export interface BoardDocDeps {
  log: Logger
  metrics: ServerMetrics
  now: () => number
}

export class BoardDoc {
  /** Rows skipped when the document was built. */
  corruptOnLoad = 0
  private built: Y.Doc | null = null
  /** What the document is built from, until it is. */
  private stored: LoadedBoard | null
  /** The whole state, encoded; valid until the next change. */
  private fullState: Uint8Array | null = null
  /** The sync step 2 message around `fullState`. */
  private fullStateMessage: Uint8Array | null = null
  /** Sync step 1 (the server's state vector), until the next change. */
  private step1: Uint8Array | null = null
  /** Bytes of the board's last whole encoding (or of what was stored), for the send queue. */
  encodedSize = 0
  /** The stored state's state vector, until the document is built. */
  private storedVector: Uint8Array | null = null
  private stats: BoardStats | null = null
  private policyState: PolicyState = { locked: false, voteOpen: false }

  constructor(
    private readonly boardId: string,
    loaded: LoadedBoard,
    private readonly deps: BoardDocDeps,
    /** The document already built from `loaded` (BoardDoc.open builds it in slices). */
    prebuilt?: { doc: Y.Doc; corrupt: number },
  ) {
    this.stored = loaded
    this.encodedSize =
      (loaded.snapshot?.data.length ?? 0) + loaded.updates.reduce((n, u) => n + u.data.length, 0)
    if (prebuilt) {
      this.build(prebuilt)
    } else if (isOnePart(loaded)) {
      const data = loaded.snapshot?.data ?? loaded.updates[0]!.data
      this.fullState = data
      this.storedVector = loaded.snapshot?.stateVector ?? Y.encodeStateVectorFromUpdate(data)
    } else {
      this.build()
    }
  }

  /**
   * A board read from storage. One clean part (a snapshot) stays bytes until something needs
   * the document; a log of many parts is applied in slices [G12], so its loading does not
   * hold up other boards.
   */
  static async open(boardId: string, loaded: LoadedBoard, deps: BoardDocDeps): Promise<BoardDoc> {
    if (isOnePart(loaded)) return new BoardDoc(boardId, loaded, deps)
    const doc = new Y.Doc()
    const corrupt = await applyStoredInSlices(doc, loaded)
    return new BoardDoc(boardId, loaded, deps, { doc, corrupt })
  }

  /** The document, built from storage on first use. */
  get doc(): Y.Doc {
    return this.built ?? this.build()
  }

  /** True once the document is built. */
  get materialized(): boolean {
    return this.built !== null
  }

  /** The board's lock and vote state, as it stands. */
  get policy(): PolicyState {
    if (!this.built) this.build()
    return this.policyState
  }

  /** Build the document; corrupt rows are skipped, logged and counted. */
  private build(prebuilt?: { doc: Y.Doc; corrupt: number }): Y.Doc {
    if (this.built) return this.built
    const doc = prebuilt?.doc ?? new Y.Doc()
    const corrupt = prebuilt ? prebuilt.corrupt : this.stored ? applyStored(doc, this.stored) : 0
    this.stored = null
    this.storedVector = null
    if (corrupt > 0) {
      this.fullState = null
      this.fullStateMessage = null
      this.step1 = null
      this.deps.metrics.corruptRows += corrupt
      this.deps.log.error(
        { boardId: this.boardId, corrupt },
        'skipped corrupt rows while loading a board',
      )
    }
    this.corruptOnLoad = corrupt
    this.built = doc
    const refresh = () => {
      // Erased ids stay erased [F13.7]; only an erasure (a new epoch) adds to them.
      this.policyState = policyState(
        readMeta(doc),
        readVote(doc),
        readPrivateWriting(doc),
        erasedIds(doc),
      )
    }
    boardMap(doc).observe(refresh)
    erasedMap(doc).observe(refresh)
    doc.on('update', () => {
      this.stats = null
      this.fullState = null
      this.fullStateMessage = null
      this.step1 = null
    })
    refresh()
    return doc
  }

  /** Sync step 1 (the server's state vector) for a joining connection. */
  syncStep1(): Uint8Array {
    // One message per version of the board, however many join it (a plenary opening).
    this.step1 ??= this.storedVector
      ? encodeSyncStep1Vector(this.storedVector)
      : encodeSyncStep1(this.doc)
    return this.step1
  }

  /** Sync step 2: what a client with `stateVector` lacks. Throws MalformedMessage. */
  syncStep2(stateVector: Uint8Array): Uint8Array {
    try {
      if (isEmptyStateVector(stateVector)) {
        if (!this.fullStateMessage) {
          this.fullState ??= Y.encodeStateAsUpdate(this.doc)
          this.encodedSize = this.fullState.length
          this.fullStateMessage = encodeSyncStep2Update(this.fullState)
        }
        return this.fullStateMessage
      }
      if (!this.built && this.fullState) {
        return encodeSyncStep2Update(Y.diffUpdate(this.fullState, stateVector))
      }
      return encodeSyncStep2(this.doc, stateVector)
    } catch {
      throw new MalformedMessage('state vector does not decode')
    }
  }

  /** The board's figures (cached until the next change). */
  figures(): BoardStats {
    this.stats ??= computeStats(this.doc, this.deps.now())
    return this.stats
  }

  destroy(): void {
    this.built?.destroy()
    this.built = null
    this.stored = null
    this.storedVector = null
    this.fullState = null
    this.fullStateMessage = null
  }
}
