/** Creating a session: its boards seeded by the server (clients never seed) and stored at once. */
import { type CreatedSession, type CreateSession, seedBoard, TEMPLATES } from '@sensemaking/shared'
import * as Y from 'yjs'
import type { AccessControl } from '../auth/access'
import { DAY_MS } from '../privacy/retention'
import { computeStats } from '../rooms/boardStats'
import type { BoardRecord, BoardStorage, SessionRecord } from '../storage/types'
import { newId } from './ids'
import { boardLinks, sessionLinks } from './links'

/** A session to create: its title, board names or how many boards, and its template. */
export type NewSession = CreateSession

/** Fill a freshly seeded board (the demo's example notes). */
export type Populate = (doc: Y.Doc, index: number, board: BoardRecord) => void

export function boardNames(boards: string[] | number): string[] {
  return typeof boards === 'number'
    ? Array.from({ length: boards }, (_, i) => `Breakout ${i + 1}`)
    : boards
}

/** Create and store a session with its boards. */
export function createSession(
  storage: BoardStorage,
  input: NewSession,
  opts: { now?: () => number; populate?: Populate } = {},
): { session: SessionRecord; boards: BoardRecord[] } {
  const now = (opts.now ?? Date.now)()
  const template = TEMPLATES[input.template ?? 'w3']
  if (!template) throw new Error(`Unknown template "${input.template}"`)
  const session: SessionRecord = {
    id: newId(),
    title: input.title,
    template: template.id,
    createdAt: now,
    expiresAt: input.retentionDays === undefined ? null : now + input.retentionDays * DAY_MS,
    erasedAt: null,
  }
  const made = boardNames(input.boards).map((name, position) => {
    const board: BoardRecord = {
      id: newId(),
      sessionId: session.id,
      name,
      position,
      createdAt: now,
    }
    const doc = new Y.Doc()
    seedBoard(doc, { title: name, template, sessionId: session.id, sessionTitle: session.title })
    opts.populate?.(doc, position, board)
    const stats = computeStats(doc, now)
    const initialUpdate = Y.encodeStateAsUpdate(doc)
    doc.destroy()
    return { board, initialUpdate, stats }
  })
  storage.createSession(session, made)
  for (const m of made) storage.writeStats(m.board.id, m.stats)
  return { session, boards: made.map((m) => m.board) }
}

/** The answer to a created session, with every link (what POST /api/sessions answers). */
export function describeCreated(
  ac: AccessControl,
  baseUrl: string,
  s: { session: SessionRecord; boards: BoardRecord[] },
): CreatedSession {
  return {
    id: s.session.id,
    title: s.session.title,
    template: s.session.template,
    links: sessionLinks(ac, baseUrl, s.session.id),
    boards: s.boards.map((b) => ({ id: b.id, name: b.name, links: boardLinks(ac, baseUrl, b.id) })),
  }
}
