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

/** The plenary's name when it is made. */
export const PLENARY_NAME = 'Plenary'

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
  const names = boardNames(input.boards)
  const made = names.map((name, position) =>
    makeBoard(session, { name, position, createdAt: now }, opts.populate),
  )
  if (input.plenary) {
    made.push(
      makeBoard(session, {
        name: PLENARY_NAME,
        position: names.length,
        createdAt: now,
        plenary: true,
      }),
    )
  }
  storage.createSession(session, made)
  for (const m of made) storage.writeStats(m.board.id, m.stats)
  return { session, boards: made.map((m) => m.board) }
}

/**
 * Add the plenary to a session made without one: after its boards, seeded by the server like
 * them. Throws when the session has a plenary already (storage refuses a second one).
 */
export function addPlenary(
  storage: BoardStorage,
  session: SessionRecord,
  opts: { now?: () => number } = {},
): BoardRecord {
  const boards = storage.listBoards(session.id)
  const position = boards.reduce((p, b) => Math.max(p, b.position + 1), 0)
  const m = makeBoard(session, {
    name: PLENARY_NAME,
    position,
    createdAt: (opts.now ?? Date.now)(),
    plenary: true,
  })
  storage.addBoard(m.board, m.initialUpdate)
  storage.writeStats(m.board.id, m.stats)
  return m.board
}

/** A board record with its seeded first update and figures; the plenary has no populate. */
function makeBoard(
  session: SessionRecord,
  b: { name: string; position: number; createdAt: number; plenary?: boolean },
  populate?: Populate,
) {
  const template = TEMPLATES[session.template] ?? TEMPLATES.w3!
  const board: BoardRecord = {
    id: newId(),
    sessionId: session.id,
    name: b.name,
    position: b.position,
    createdAt: b.createdAt,
    ...(b.plenary ? { plenary: true as const } : {}),
  }
  const doc = new Y.Doc()
  seedBoard(doc, { title: b.name, template, sessionId: session.id, sessionTitle: session.title })
  populate?.(doc, b.position, board)
  const stats = computeStats(doc, b.createdAt)
  const initialUpdate = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return { board, initialUpdate, stats }
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
    boards: s.boards.map((b) => ({
      id: b.id,
      name: b.name,
      links: boardLinks(ac, baseUrl, b.id),
      ...(b.plenary ? { plenary: true as const } : {}),
    })),
  }
}
