/**
 * The privacy endpoints as the browser uses them [F13]: the notice, a person's own data (the
 * device's author key in `X-Author-Key`, never anywhere else) and a facilitator's erasure.
 */
import {
  API,
  AUTHOR_KEY_HEADER,
  type Erase,
  type Erasure,
  ErasureAnswer,
  type PrivacyNotice,
  PrivacyNoticeAnswer,
} from '@sensemaking/shared'
import { request, requestJson } from '../lib/http'

let notice: Promise<PrivacyNotice> | null = null

/** The operator's notice (fetched once per page; again after a failure). */
export function getPrivacyNotice(): Promise<PrivacyNotice> {
  notice ??= requestJson(API.privacy, PrivacyNoticeAnswer).catch((e: unknown) => {
    notice = null
    throw e
  })
  return notice
}

/** Everything this device's author wrote on the board, as the JSON file to keep [F13.8]. */
export async function downloadMine(boardId: string, token: string, authorKey: string) {
  const headers = { [AUTHOR_KEY_HEADER]: authorKey }
  return (await request(API.ownData, { id: boardId, token, headers })).blob()
}

/** Erase this device's author's notes and dots on the board [F13.3]. */
export function eraseMine(boardId: string, token: string, authorKey: string): Promise<Erasure> {
  const headers = { [AUTHOR_KEY_HEADER]: authorKey }
  return requestJson(API.eraseOwn, ErasureAnswer, { id: boardId, token, headers })
}

/** A facilitator's erasure on a board [F13.2–F13.4]. */
export function eraseOnBoard(boardId: string, token: string, body: Erase): Promise<Erasure> {
  return requestJson(API.eraseBoard, ErasureAnswer, { id: boardId, token, body })
}
