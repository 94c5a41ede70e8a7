/**
 * Board epochs on the server [F10 in shared/SPEC.md]: when an idle board is worth rebasing,
 * what the rebase stores, and how a stale replica is recognised.
 */
import { freshCopy } from '@sensemaking/shared'
import * as Y from 'yjs'
import type { Limits } from '../config'
import type { RebaseWrite } from '../storage/types'
import { MalformedMessage } from './errors'

export type RebasePlan =
  | { kind: 'rebase'; write: Omit<RebaseWrite, 'upToSeq'>; bytesBefore: number }
  | { kind: 'skip'; why: 'small' | 'little-history' | 'unknown-content' }

/**
 * Whether `doc` should start a new epoch, and what that stores: a fresh copy when the document
 * is large and mostly history; the whole current document as the base; its clients as retired.
 */
export function planRebase(
  doc: Y.Doc,
  limits: Pick<Limits, 'rebaseMinBytes' | 'rebaseMinRatio'>,
): RebasePlan {
  const base = Y.encodeStateAsUpdate(doc)
  if (base.length < limits.rebaseMinBytes) return { kind: 'skip', why: 'small' }
  const copy = freshCopy(doc)
  if (!copy) return { kind: 'skip', why: 'unknown-content' }
  try {
    const fresh = Y.encodeStateAsUpdate(copy)
    if (base.length < fresh.length * limits.rebaseMinRatio) {
      return { kind: 'skip', why: 'little-history' }
    }
    const retired = [...Y.decodeStateVector(Y.encodeStateVector(doc)).keys()]
    return {
      kind: 'rebase',
      write: { fresh, stateVector: Y.encodeStateVector(copy), base, retired },
      bytesBefore: base.length,
    }
  } finally {
    copy.destroy()
  }
}

/** True when a client's state vector names a client of a retired epoch [F10.3]. */
export function isStaleStateVector(retired: ReadonlySet<number>, stateVector: Uint8Array): boolean {
  if (retired.size === 0) return false
  let sv: Map<number, number>
  try {
    sv = Y.decodeStateVector(stateVector)
  } catch {
    throw new MalformedMessage('state vector does not decode', 'bad-update')
  }
  for (const [client, clock] of sv) if (clock > 0 && retired.has(client)) return true
  return false
}
