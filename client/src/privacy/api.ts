/**
 * The privacy endpoints as the browser uses them [F13]: the notice, a person's own data (proved by
 * their credential in `X-Person`, or the device's author key in `X-Author-Key`, never anywhere
 * else) and a facilitator's erasure.
 */
import {
  API,
  AUTHOR_KEY_HEADER,
  type Erase,
  type Erasure,
  ErasureAnswer,
  PERSON_HEADER,
  type PrivacyNotice,
  PrivacyNoticeAnswer,
} from '@sensemaking/shared'
import { request, requestJson } from '../lib/http'
import type { AuthorProof } from '../store/user'

let notice: Promise<PrivacyNotice> | null = null

/** The operator's notice (fetched once per page; again after a failure). */
export function getPrivacyNotice(): Promise<PrivacyNotice> {
  notice ??= requestJson(API.privacy, PrivacyNoticeAnswer).catch((e: unknown) => {
    notice = null
    throw e
  })
  return notice
}

/** The header that proves whose notes a request asks for. */
function proofHeaders(proof: AuthorProof): Record<string, string> {
  return 'credential' in proof
    ? { [PERSON_HEADER]: proof.credential }
    : { [AUTHOR_KEY_HEADER]: proof.key }
}

/** Everything this device's author wrote on the board, as the JSON file to keep [F13.8]. */
export async function downloadMine(boardId: string, token: string, proof: AuthorProof) {
  const headers = proofHeaders(proof)
  return (await request(API.ownData, { id: boardId, token, headers })).blob()
}

/** Erase this device's author's notes and dots on the board [F13.3]. */
export function eraseMine(boardId: string, token: string, proof: AuthorProof): Promise<Erasure> {
  const headers = proofHeaders(proof)
  return requestJson(API.eraseOwn, ErasureAnswer, { id: boardId, token, headers })
}

/** A facilitator's erasure on a board [F13.2–F13.4]. */
export function eraseOnBoard(boardId: string, token: string, body: Erase): Promise<Erasure> {
  return requestJson(API.eraseBoard, ErasureAnswer, { id: boardId, token, body })
}
