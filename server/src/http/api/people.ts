/**
 * People [F14]: a person's credential, one-time codes for another device of theirs, and a
 * facilitator's merge of two entries of one person on a board [F14.9].
 */
import {
  API,
  BOARD_ERROR,
  BoardError,
  type MergePeopleAnswer,
  MergePeopleBody,
  type PeopleMerged,
  type PersonAnswerBody,
  PersonBody,
  type PersonCode,
  PersonCodeBody,
  PersonFromCodeBody,
} from '@sensemaking/shared'
import { type ApiContext, openRoom, requireBoard } from '../context'
import { HttpError, readJson, requestToken, sendJson } from '../respond'
import type { Router } from '../router'

export function peopleRoutes(router: Router, ctx: ApiContext): void {
  router.on(API.person.method, API.person.path, async ({ req, res }) => {
    const { name, city, credential } = await readJson(req, PersonBody)
    const issued = ctx.people.issue(name, city, credential)
    sendJson(res, 200, answer(issued))
  })

  router.on(API.personCode.method, API.personCode.path, async ({ req, res }) => {
    const { credential } = await readJson(req, PersonCodeBody)
    const person = ctx.people.read(credential)
    if (!person) throw new HttpError(403, 'not_a_person', 'That credential is not valid here')
    sendJson(res, 200, (await ctx.personCodes.create(person.id)) satisfies PersonCode)
  })

  router.on(API.personFromCode.method, API.personFromCode.path, async ({ req, res }) => {
    const { code } = await readJson(req, PersonFromCodeBody)
    const id = await ctx.personCodes.take(code)
    if (!id) throw new HttpError(404, 'unknown_code', 'That code is unknown, used or expired')
    // The name and city come with the next POST /api/people from the device, as it signs in.
    const issued = ctx.people.credentialFor(id, '', '')
    sendJson(res, 200, answer(issued))
  })

  // A facilitator says two entries of the people list are one person on a board [F14.9].
  // It runs on the board's owner (another node's, with several nodes): the connections and
  // client ids it re-keys are there.
  const merge = ctx.onOwner.define(
    'people-merge',
    async () => MergePeopleBody,
    async (boardId, { from, into }): Promise<PeopleMerged> => {
      const room = await openRoom(ctx, boardId)
      let merged: ReturnType<typeof room.mergePeople>
      try {
        merged = room.mergePeople(from, into)
      } catch (e) {
        if (!(e instanceof BoardError)) throw e
        const code = e.code === BOARD_ERROR.samePerson ? 'same_person' : 'already_merged'
        throw new HttpError(409, code, e.message)
      }
      if (!merged)
        throw new HttpError(503, 'storage_unavailable', 'The board cannot store changes now')
      return merged
    },
  )
  router.on(API.mergePeople.method, API.mergePeople.path, async ({ req, res, params }) => {
    const { board, access } = requireBoard(
      ctx,
      params.id!,
      requestToken(req),
      API.mergePeople.roles,
    )
    const body = await readJson(req, MergePeopleBody)
    // A session's link merges on every board of the session, a board's on that board: a
    // link's powers reach as far as the link does [F14.9].
    const others =
      access.scope === 'session'
        ? ctx.storage
            .listBoards(board.sessionId)
            .map((b) => b.id)
            .filter((id) => id !== board.id)
        : []
    const total: MergePeopleAnswer = {
      ...body,
      notes: 0,
      dots: { moved: 0, returned: 0 },
      boards: 0,
    }
    let conflict: HttpError | null = null
    // The request's board first: its answer names the person kept.
    for (const boardId of [board.id, ...others]) {
      let m: PeopleMerged
      try {
        m = await merge(boardId, body)
      } catch (e) {
        // One person there already, or merged there before: that board stays as it is.
        if (!(e instanceof HttpError) || e.status !== 409) throw e
        conflict ??= e
        continue
      }
      if (total.boards === 0) total.into = m.into
      total.boards++
      total.notes += m.notes
      total.dots.moved += m.dots.moved
      total.dots.returned += m.dots.returned
    }
    if (total.boards === 0 && conflict) throw conflict
    ctx.log.info(
      { boardId: board.id, boards: total.boards, notes: total.notes, dots: total.dots },
      'people merged',
    )
    sendJson(res, 200, total satisfies MergePeopleAnswer)
  })
}

const answer = ({ person, credential }: ReturnType<ApiContext['people']['issue']>) =>
  ({
    id: person.id,
    name: person.name,
    city: person.city,
    credential,
  }) satisfies PersonAnswerBody
