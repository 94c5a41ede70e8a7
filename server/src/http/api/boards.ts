/** Board endpoints: who am I, rotate a link, harvest, the document itself. */
import {
  API,
  type BoardMe,
  exportHarvest,
  harvestToCsv,
  harvestToMarkdown,
  type NoteHistoryAnswer,
  RotateBoardLinkBody,
} from '@sensemaking/shared'
import * as Y from 'yjs'
import { retentionOf } from '../../privacy/retention'
import type { Access } from '../../rooms/connection'
import { boardLink } from '../../sessions/links'
import type { BoardRecord } from '../../storage/types'
import { type ApiContext, closeRotated, requireBoard, withBoardDoc } from '../context'
import { HttpError, readJson, requestToken, sendBody, sendJson } from '../respond'
import type { Router } from '../router'
import { harvestFormat, sendHarvest } from './harvestFormat'
import { plenaryOf } from './plenary'

/** The board's title as it stands (live when loaded, else its stored figures, else its name). */
export function boardTitle(ctx: ApiContext, boardId: string, name: string): string {
  const live =
    ctx.rooms.get(boardId)?.currentStats().title ?? ctx.remoteRooms?.peek(boardId)?.figures.title
  return live || ctx.storage.readStats(boardId)?.title || name
}

/**
 * The session's plenary, when this link may send to it and refresh its copies: a session's
 * facilitator link [SE2.2]; null otherwise (a room's own link reaches no other board).
 */
function plenaryFor(ctx: ApiContext, board: BoardRecord, access: Access) {
  if (access.role !== 'facilitator' || access.scope !== 'session') return null
  const p = plenaryOf(ctx, board.sessionId)
  return p ? { id: p.id, name: boardTitle(ctx, p.id, p.name) } : null
}

export function boardRoutes(router: Router, ctx: ApiContext): void {
  router.on(API.boardMe.method, API.boardMe.path, ({ req, res, params }) => {
    const { board, access } = requireBoard(ctx, params.id!, requestToken(req), API.boardMe.roles)
    const session = ctx.storage.getSession(board.sessionId)
    sendJson(res, 200, {
      role: access.role,
      board: {
        id: board.id,
        title: boardTitle(ctx, board.id, board.name),
        sessionId: board.sessionId,
        sessionTitle: session?.title ?? null,
        ...(board.plenary ? { plenary: true as const } : {}),
      },
      link: access.scope,
      plenary: plenaryFor(ctx, board, access),
      retention: session ? retentionOf(session, ctx.retention) : null,
      serverTime: ctx.now(),
    } satisfies BoardMe)
  })

  router.on(API.rotateBoardLink.method, API.rotateBoardLink.path, async ({ req, res, params }) => {
    const { board } = requireBoard(ctx, params.id!, requestToken(req), API.rotateBoardLink.roles)
    const { role } = await readJson(req, RotateBoardLinkBody)
    const generation = ctx.access.rotate('board', board.id, role)
    const closed = closeRotated(ctx, { scope: 'board', id: board.id, role, generation })
    ctx.log.info({ boardId: board.id, role, closed }, 'board link rotated')
    sendJson(res, 200, boardLink(ctx.access, ctx.baseUrl(), board.id, role))
  })

  router.on(API.boardHarvest.method, API.boardHarvest.path, async ({ req, res, url, params }) => {
    const { board } = requireBoard(ctx, params.id!, requestToken(req), API.boardHarvest.roles)
    const format = harvestFormat(url)
    const harvest = await withBoardDoc(ctx, board.id, (doc) =>
      exportHarvest(doc, { boardId: board.id, now: ctx.now, plenary: board.plenary }),
    )
    sendHarvest(
      res,
      format,
      harvest,
      { md: harvestToMarkdown, csv: harvestToCsv },
      `harvest-${board.id}`,
    )
  })

  // The previous epoch's last state [F10.4], for a stale replica to diff its own changes
  // against. Any role: a replica holds the board already; the base tells it nothing new.
  router.on(API.boardBase.method, API.boardBase.path, ({ req, res, params }) => {
    const { board } = requireBoard(ctx, params.id!, requestToken(req), API.boardBase.roles)
    const rebase = ctx.storage.readRebase(board.id)
    if (!rebase || rebase.base.length === 0) {
      throw new HttpError(
        404,
        'not_rebased',
        'This board has no earlier epoch to carry changes from',
      )
    }
    sendBody(res, 'application/octet-stream', rebase.base, {
      'x-board-epoch': String(rebase.epoch),
    })
  })

  // [F14.8] Who changed a note's text and when, as stored (with the board's rows).
  router.on(API.noteHistory.method, API.noteHistory.path, ({ req, res, url, params }) => {
    const { board } = requireBoard(ctx, params.id!, requestToken(req), API.noteHistory.roles)
    const noteId = url.searchParams.get('note')
    if (!noteId) throw new HttpError(400, 'bad_request', 'Which note? Add ?note=<id>')
    // The turn's changes are stored with its rows first, as any read of the board [G13].
    ctx.rooms.get(board.id)?.commitNow()
    const changes = ctx.storage.readNoteChanges(board.id, noteId).map((c) => c.change)
    sendJson(res, 200, { noteId, changes } satisfies NoteHistoryAnswer)
  })

  router.on(API.boardDoc.method, API.boardDoc.path, async ({ req, res, params }) => {
    const { board } = requireBoard(ctx, params.id!, requestToken(req), API.boardDoc.roles)
    const bytes = await withBoardDoc(ctx, board.id, (doc) => Y.encodeStateAsUpdate(doc))
    sendBody(res, 'application/octet-stream', bytes, {
      'content-disposition': `attachment; filename="board-${board.id}.bin"`,
    })
  })
}
