/**
 * Privacy endpoints [F13]: erasure by a facilitator or the admin, and a person's own data
 * (download, erase) for the author a request speaks for (auth/author.ts).
 */
import {
  API,
  EraseBody,
  type Erasure,
  type ErasureSelector,
  isEmptyErasure,
  type OwnData,
  ownData,
  type PrivacyNotice,
  personOnBoard,
  selectErasure,
} from '@sensemaking/shared'
import type * as Y from 'yjs'
import { requestAuthor } from '../../auth/author'
import { type ErasureBy, type ErasureWithCopies, eraseWithCopies } from '../../privacy/erase'
import { refused } from '../boardWrites'
import { type ApiContext, requireBoard, withBoardDoc } from '../context'
import { HttpError, notFound, readJson, requestToken, sendBody, sendJson } from '../respond'
import type { Router } from '../router'

/** A person may erase their own notes once per this long on a board: every erasure closes
 * every connection of the board (each device carries its changes over), so it is not free. */
const SELF_ERASE_INTERVAL_MS = 10_000

/** The answer of an erasure: whether a new epoch was made, and counts. */
function answer(r: ErasureWithCopies): Erasure {
  return { erased: r.erased, epoch: r.erased ? r.epoch : null, ...r.counts, copies: r.copies }
}

export function privacyRoutes(router: Router, ctx: ApiContext): void {
  const lastSelfErase = new Map<string, number>()
  /** Erase on a board and the copies of its erased notes elsewhere in its session [F13.10]. */
  const erase = (boardId: string, selector: ErasureSelector, by: ErasureBy) =>
    eraseWithCopies(
      ctx.storage,
      boardId,
      selector,
      (id, sel) => ctx.writes.erase(id, { selector: sel, by }),
      <T>(id: string, f: (doc: Y.Doc) => T) => withBoardDoc(ctx, id, f),
    ).catch(refused)

  // The notice the join page shows and the fuller page (public: it is read before joining).
  router.on(API.privacy.method, API.privacy.path, ({ res }) => {
    sendJson(res, 200, {
      short: ctx.notice.short,
      full: ctx.notice.full,
      retentionDays: ctx.retention.days,
      custom: ctx.notice.custom,
    } satisfies PrivacyNotice)
  })

  // A facilitator's link (board or session) or the admin token. Answers once the new epoch is
  // committed to storage.
  router.on(API.eraseBoard.method, API.eraseBoard.path, async ({ req, res, params }) => {
    const token = requestToken(req)
    let by: 'admin' | 'facilitator' = 'facilitator'
    let boardId: string
    if (ctx.access.isAdmin(token)) {
      const board = ctx.access.board(params.id!)
      if (!board) throw notFound()
      by = 'admin'
      boardId = board.id
    } else {
      boardId = requireBoard(ctx, params.id!, token, API.eraseBoard.roles).board.id
    }
    const selector: ErasureSelector = await readJson(req, EraseBody)
    sendJson(res, 200, answer(await erase(boardId, selector, by)))
  })

  // Everything the requesting author wrote on the board, as JSON to keep [F13.8].
  router.on(API.ownData.method, API.ownData.path, async ({ req, res, params }) => {
    const { board } = requireBoard(ctx, params.id!, requestToken(req), API.ownData.roles)
    const authorId = await requireAuthor(req, ctx, board.id)
    // The turn's changes are stored with its rows first, as any read of the board [G13].
    ctx.rooms.get(board.id)?.commitNow()
    const changes = ctx.storage
      .readHistorySpans(board.id)
      .flatMap(({ noteId }) =>
        ctx.storage.readNoteChanges(board.id, noteId).map(({ change }) => ({ noteId, change })),
      )
    const data: OwnData = await withBoardDoc(ctx, board.id, (doc) =>
      ownData(doc, authorId, { boardId: board.id, now: ctx.now, changes }),
    )
    sendBody(res, 'application/json; charset=utf-8', JSON.stringify(data, null, 2), {
      'content-disposition': `attachment; filename="my-notes-${board.id}.json"`,
    })
  })

  // Erase the requesting author's notes and dots on the board, and only theirs [F13.3].
  router.on(API.eraseOwn.method, API.eraseOwn.path, async ({ req, res, params }) => {
    const { board } = requireBoard(ctx, params.id!, requestToken(req), API.eraseOwn.roles)
    const authorId = await requireAuthor(req, ctx, board.id)
    const now = ctx.now()
    const last = lastSelfErase.get(board.id)
    const tooSoon = last !== undefined && now - last < SELF_ERASE_INTERVAL_MS
    if (tooSoon && !(await holdsAnything(ctx, board.id, authorId))) {
      const none: Erasure = { erased: false, epoch: null, notes: 0, themes: 0, dots: 0, copies: 0 }
      sendJson(res, 200, none)
      return
    }
    if (tooSoon) {
      const wait = Math.ceil((SELF_ERASE_INTERVAL_MS - (now - (last ?? now))) / 1000)
      res.setHeader('retry-after', String(wait))
      throw new HttpError(429, 'too_soon', `Someone just erased notes here: try again in ${wait} s`)
    }
    const r = await erase(board.id, { authorId }, 'author')
    if (r.erased) lastSelfErase.set(board.id, now)
    sendJson(res, 200, answer(r))
  })
}

/** True when the board holds a note or a dot of `authorId`. */
function holdsAnything(ctx: ApiContext, boardId: string, authorId: string): Promise<boolean> {
  return withBoardDoc(ctx, boardId, (doc) => !isEmptyErasure(doc, selectErasure(doc, { authorId })))
}

/**
 * The author a request speaks for on a board: the id it proves, or the person a facilitator
 * merged that id into there [F14.9].
 */
async function requireAuthor(
  req: Parameters<typeof requestAuthor>[0],
  ctx: ApiContext,
  boardId: string,
): Promise<string> {
  const authorId = requestAuthor(req, ctx.people)
  if (!authorId) {
    throw new HttpError(
      400,
      'no_author_key',
      'This request carries no credential or author key: only their writer can ask for their notes',
    )
  }
  return withBoardDoc(ctx, boardId, (doc) => personOnBoard(doc, authorId))
}
