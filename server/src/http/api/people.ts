/** People [F14]: a person's credential, and one-time codes for another device of theirs. */
import {
  API,
  type PersonAnswerBody,
  PersonBody,
  type PersonCode,
  PersonCodeBody,
  PersonFromCodeBody,
} from '@sensemaking/shared'
import type { ApiContext } from '../context'
import { HttpError, readJson, sendJson } from '../respond'
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
    sendJson(res, 200, ctx.personCodes.create(person.id) satisfies PersonCode)
  })

  router.on(API.personFromCode.method, API.personFromCode.path, async ({ req, res }) => {
    const { code } = await readJson(req, PersonFromCodeBody)
    const id = ctx.personCodes.take(code)
    if (!id) throw new HttpError(404, 'unknown_code', 'That code is unknown, used or expired')
    // The name and city come with the next POST /api/people from the device, as it signs in.
    const issued = ctx.people.credentialFor(id, '', '')
    sendJson(res, 200, answer(issued))
  })
}

const answer = ({ person, credential }: ReturnType<ApiContext['people']['issue']>) =>
  ({
    id: person.id,
    name: person.name,
    city: person.city,
    credential,
  }) satisfies PersonAnswerBody
