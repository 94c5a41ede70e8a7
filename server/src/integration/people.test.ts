/** People [F14]: credentials issued and read by the server, one-time codes for another device. */
import { PersonAnswer, PersonCodeAnswer } from '@sensemaking/shared'
import { afterEach, describe, expect, it } from 'vitest'
import { newTestServer, type TestServer } from '../testing/newTestServer'

let t: TestServer
afterEach(async () => {
  await t?.close()
})

const post = async (path: string, body: unknown) => {
  const res = await t.fetch(path, { method: 'POST', body: JSON.stringify(body) })
  return { status: res.status, body: (await res.json()) as unknown }
}

describe('people [F14]', () => {
  it('[F14.1] issues a person for a name and a city, and keeps the id when they change', async () => {
    t = await newTestServer()
    const first = PersonAnswer.parse(
      (await post('/api/people', { name: '  Léa \n Martin ', city: 'Nantes' })).body,
    )
    expect(first).toMatchObject({ name: 'Léa Martin', city: 'Nantes' })
    expect(first.id).toMatch(/^p-[a-z0-9]{20}$/)
    const renamed = PersonAnswer.parse(
      (await post('/api/people', { name: 'Léa', city: 'Rennes', credential: first.credential }))
        .body,
    )
    expect(renamed).toMatchObject({ id: first.id, name: 'Léa', city: 'Rennes' })
    expect(renamed.credential).not.toBe(first.credential)
    // A credential changed by hand proves nobody: its holder is someone new.
    const [v, payload, sig] = first.credential.split('.')
    const tampered = `${v}.${payload}.${sig!.slice(0, -2)}xx`
    const other = PersonAnswer.parse(
      (await post('/api/people', { name: 'Léa', city: 'Nantes', credential: tampered })).body,
    )
    expect(other.id).not.toBe(first.id)
    expect((await post('/api/people', { name: '', city: 'Nantes' })).status).toBe(400)
    // A facilitator may leave the city out.
    expect((await post('/api/people', { name: 'Fa', city: '' })).status).toBe(200)
    expect(t.server.people.read(tampered)).toBeNull()
    expect(t.server.people.read(renamed.credential)?.id).toBe(first.id)
  })

  it('[F14.4] a one-time code makes another device the same person, once', async () => {
    t = await newTestServer()
    const lea = PersonAnswer.parse(
      (await post('/api/people', { name: 'Léa', city: 'Nantes' })).body,
    )
    const { code } = PersonCodeAnswer.parse(
      (await post('/api/people/code', { credential: lea.credential })).body,
    )
    expect(code).toMatch(/^[A-Z2-9]{10}$/)
    const phone = PersonAnswer.parse(
      (await post('/api/people/join', { code: code.toLowerCase() })).body,
    )
    expect(phone.id).toBe(lea.id)
    expect((await post('/api/people/join', { code })).status).toBe(404)
    expect((await post('/api/people/code', { credential: 'p1.forged.x' })).status).toBe(403)
  })
})
