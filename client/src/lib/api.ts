/** Every call the browser makes to the server's HTTP API, typed by the shared schemas. */
import {
  API,
  apiPath,
  type BoardMe,
  BoardMeAnswer,
  type ClientConfig,
  ClientConfigAnswer,
  type CopyStatuses,
  CopyStatusesAnswer,
  type CreatedSession,
  CreatedSessionAnswer,
  type CreateSession,
  type HarvestFormat,
  type Link,
  LinkSchema,
  MergePeopleAnswer,
  type MergePeopleBody,
  PersonAnswer,
  type PersonAnswerBody,
  PersonCodeAnswer,
  PlenaryAnswer,
  type Role,
  SendToPlenaryAnswer,
  type SendToPlenaryInput,
  type SendToPlenaryResult,
  type SessionControl,
  SessionControlAnswer,
  SessionDetailAnswer,
  type SessionMe,
  SessionMeAnswer,
} from '@sensemaking/shared'
import { ApiError, request, requestJson } from './http'

/** The role a token gives on a board (404 for an unknown board or a wrong token alike). */
export function getBoardMe(boardId: string, token: string): Promise<BoardMe> {
  return requestJson(API.boardMe, BoardMeAnswer, { id: boardId, token })
}

/** The room picker of a session. */
export function getSessionMe(sessionId: string, token: string): Promise<SessionMe> {
  return requestJson(API.sessionMe, SessionMeAnswer, { id: sessionId, token })
}

/**
 * This device's person [F14.1]: a new one, or with `credential` the same person under the name
 * and city given.
 */
export function signPerson(
  name: string,
  city: string,
  credential?: string,
): Promise<PersonAnswerBody> {
  const body = credential ? { name, city, credential } : { name, city }
  return requestJson(API.person, PersonAnswer, { body })
}

/** A one-time code another device of this person can type [F14.4]. */
export function personCode(credential: string) {
  return requestJson(API.personCode, PersonCodeAnswer, { body: { credential } })
}

/** The person a one-time code from another device names [F14.4]. */
export function personFromCode(code: string): Promise<PersonAnswerBody> {
  return requestJson(API.personFromCode, PersonAnswer, { body: { code } })
}

let config: Promise<ClientConfig> | null = null

/** Run-time settings the server hands out (the tldraw licence key); fetched once. */
export function getConfig(): Promise<ClientConfig> {
  config ??= requestJson(API.config, ClientConfigAnswer).catch(() => ({ tldrawLicenseKey: null }))
  return config
}

/** A board's harvest as the server computes it (facilitator tokens). */
export async function fetchHarvest(
  boardId: string,
  token: string,
  format: HarvestFormat,
): Promise<Blob> {
  const res = await request(API.boardHarvest, { id: boardId, token, query: { format } })
  return res.blob()
}

/** The previous epoch's last state of a rebased board [F10.4] (404 when it has none). */
export async function boardBase(boardId: string, token: string): Promise<Uint8Array> {
  const res = await request(API.boardBase, { id: boardId, token })
  return new Uint8Array(await res.arrayBuffer())
}

/** Create a session with the server's admin token. */
export function createSession(adminToken: string, s: CreateSession): Promise<CreatedSession> {
  return requestJson(API.createSession, CreatedSessionAnswer, { token: adminToken, body: s })
}

/** A session's boards with their live figures (session facilitator token). */
export function getSession(id: string, token: string, signal?: AbortSignal) {
  return requestJson(API.session, SessionDetailAnswer, { id, token, signal })
}

/** Apply one control to every board of the session; answers how many boards it reached. */
export function controlSession(id: string, token: string, c: SessionControl) {
  return requestJson(API.sessionControl, SessionControlAnswer, { id, token, body: c })
}

/**
 * Revoke a role's link and make a new one: every connection that used the old link is
 * closed (4403). A board's links, or the session's (`scope`: facilitator and participant
 * only), with the session facilitator token. Answers the new link.
 */
export function rotateLink(
  scope: 'board' | 'session',
  id: string,
  token: string,
  role: Role,
): Promise<Link> {
  const route = scope === 'board' ? API.rotateBoardLink : API.rotateSessionLink
  return requestJson(route, LinkSchema, { id, token, body: { role } })
}

/** The whole session's harvest in one format, as a file to save. */
export async function fetchSessionHarvest(id: string, token: string, format: HarvestFormat) {
  const res = await request(API.sessionHarvest, { id, token, query: { format } })
  return res.blob()
}

/** Two entries of the people list are one person on this board (facilitators) [F14.9]. */
export function mergePeople(
  boardId: string,
  token: string,
  body: MergePeopleBody,
): Promise<MergePeopleAnswer> {
  return requestJson(API.mergePeople, MergePeopleAnswer, { id: boardId, token, body })
}

/** Add the session's plenary (the session's facilitator link) [SE1.2]. */
export function addPlenary(sessionId: string, token: string): Promise<PlenaryAnswer> {
  return requestJson(API.addPlenary, PlenaryAnswer, { id: sessionId, token, body: {} })
}

/** Send notes and themes of a room to the plenary, copies with their provenance [SE2]. */
export function sendToPlenary(
  plenaryId: string,
  token: string,
  body: SendToPlenaryInput,
): Promise<SendToPlenaryResult> {
  return requestJson(API.sendToPlenary, SendToPlenaryAnswer, { id: plenaryId, token, body })
}

/**
 * How every copy on a board stands against its source [SE3.1]; `unchanged` when the answer
 * named by `etag` is still the current one.
 */
export async function getCopyStatuses(
  boardId: string,
  token: string,
  etag: string | null,
  signal?: AbortSignal,
): Promise<{ statuses: CopyStatuses; etag: string | null } | 'unchanged'> {
  const headers = new Headers({ Authorization: `Bearer ${token}` })
  if (etag) headers.set('If-None-Match', etag)
  let res: Response
  try {
    res = await fetch(apiPath(API.copyStatuses, boardId), { headers, cache: 'no-store', signal })
  } catch (e) {
    if (signal?.aborted) throw e
    throw new ApiError(0, 'network', 'The server cannot be reached.')
  }
  if (res.status === 304) return 'unchanged'
  if (!res.ok) throw new ApiError(res.status, 'http', `The server answered ${res.status}.`)
  const parsed = CopyStatusesAnswer.safeParse(await res.json().catch(() => null))
  if (!parsed.success) {
    throw new ApiError(res.status, 'bad-response', 'The server’s answer could not be read.')
  }
  return { statuses: parsed.data, etag: res.headers.get('ETag') }
}

/** The live stream of a session's rooms [SE4.5]: the response, its body read by the caller. */
export function openLiveStream(sessionId: string, token: string, signal: AbortSignal) {
  return request(API.sessionLiveStream, { id: sessionId, token, signal })
}
