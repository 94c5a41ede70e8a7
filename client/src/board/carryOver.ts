/**
 * When the server rebased a board [F10] and this device's copy belongs to an earlier epoch,
 * the server closes the connection with CLOSE.rebased (4410). The device then carries its own changes over:
 * diffed against the old epoch's last state (the base, from the server), kept as plain JSON in
 * localStorage until applied, and replayed on a fresh copy of the board in a new local
 * database. The old database is deleted only once the patch is applied.
 */
import { applyPatch, diffDocs, entriesToAdd, type Patch, ROOT } from '@sensemaking/shared'
import * as Y from 'yjs'
import { boardBase } from '../lib/api'
import { ApiError } from '../lib/http'

/** Transaction origin of a carried-over patch (not undoable: it is no gesture of this tab). */
export const CARRY_ORIGIN = { name: 'carry-over' } as const

const generationKey = (boardId: string) => `sensemaking-dbgen-${boardId}`
const pendingKey = (boardId: string) => `sensemaking-carry-${boardId}`

/** The IndexedDB database of a board's local copy, one per board and epoch change. */
export function localDbName(boardId: string, generation = 0): string {
  return `sensemaking-board-${boardId}${generation > 0 ? `~${generation}` : ''}`
}

/** Which local database the board uses now (bumped at each carry-over). */
export function localGeneration(boardId: string): number {
  const n = Number(localStorage.getItem(generationKey(boardId)) ?? 0)
  return Number.isInteger(n) && n >= 0 ? n : 0
}

/** True when `mine` shares a client with `base`: it is a replica of the base's epoch. */
function sameEpoch(base: Y.Doc, mine: Y.Doc): boolean {
  const clients = Y.decodeStateVector(Y.encodeStateVector(base))
  for (const c of Y.decodeStateVector(Y.encodeStateVector(mine)).keys()) {
    if (clients.has(c)) return true
  }
  return false
}

/**
 * What this device changed that the server never got, as a patch. With the base of its epoch,
 * every change [F10.4]; a device more than one epoch behind (or with no base on the server)
 * carries only the notes and themes the board lacks.
 */
export async function carryOverPatch(doc: Y.Doc, boardId: string, token: string): Promise<Patch> {
  let base: Uint8Array | null = null
  try {
    base = await boardBase(boardId, token)
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 404)) throw e
  }
  const baseDoc = new Y.Doc()
  const mine = new Y.Doc()
  try {
    if (base) Y.applyUpdate(baseDoc, base)
    if (base && sameEpoch(baseDoc, doc)) {
      Y.applyUpdate(mine, base)
      Y.applyUpdate(mine, Y.encodeStateAsUpdate(doc))
      return diffDocs(baseDoc, mine)
    }
    return [...entriesToAdd(doc, ROOT.notes), ...entriesToAdd(doc, ROOT.clusters)]
  } finally {
    baseDoc.destroy()
    mine.destroy()
  }
}

/** Keep the patch and move the board to a new local database; returns its generation. */
export function startNewGeneration(boardId: string, patch: Patch): number {
  const next = localGeneration(boardId) + 1
  if (patch.length > 0) localStorage.setItem(pendingKey(boardId), JSON.stringify(patch))
  localStorage.setItem(generationKey(boardId), String(next))
  return next
}

/**
 * Once the fresh copy has synced: apply a kept patch (as an ordinary change, which the server
 * checks like any other), then delete the databases of earlier generations. Returns how many
 * changes took effect.
 */
export function finishCarryOver(doc: Y.Doc, boardId: string, generation: number): number {
  const raw = localStorage.getItem(pendingKey(boardId))
  let applied = 0
  if (raw) {
    try {
      applied = applyPatch(doc, JSON.parse(raw) as Patch, CARRY_ORIGIN)
    } catch {
      // A patch that does not parse cannot be applied; the old database is kept below.
      return 0
    }
    localStorage.removeItem(pendingKey(boardId))
  }
  for (let g = 0; g < generation; g++) indexedDB.deleteDatabase(localDbName(boardId, g))
  return applied
}
