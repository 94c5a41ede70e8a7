import { describe, expect, it } from 'vitest'
import { ClientIds, ClientOwners } from './clientIds'

describe('the client ids a connection owns', () => {
  it('[G2] GC and Skip structs: for ids it wrote under, writes under in the same update, or the board never saw', () => {
    const ids = new ClientIds()
    const known = { boardKnows: true, itemsInUpdate: false }
    expect(ids.mayCollect(7, known)).toBe(false)
    expect(ids.mayCollect(7, { boardKnows: true, itemsInUpdate: true })).toBe(true)
    expect(ids.mayCollect(7, { boardKnows: false, itemsInUpdate: false })).toBe(true)
    ids.wrote([7, 8])
    expect(ids.mayCollect(7, known)).toBe(true)
    expect(ids.mayCollect(8, known)).toBe(true)
    expect(ids.mayCollect(9, known)).toBe(false)
  })

  it('[G9] presence: only the ids it announced, until removed or taken by another connection', () => {
    const ids = new ClientIds()
    expect(ids.mayRemovePresence(1)).toBe(false)
    ids.announce(1)
    ids.announce(2)
    expect(ids.mayRemovePresence(1)).toBe(true)
    expect([...ids.presenceIds]).toEqual([1, 2])
    ids.unannounce(1)
    expect(ids.mayRemovePresence(1)).toBe(false)
    expect(ids.takePresenceIds()).toEqual([2])
    expect(ids.presenceIds.size).toBe(0)
  })

  it('document ids and awareness ids are apart: writing under an id does not announce it', () => {
    const ids = new ClientIds()
    ids.wrote([5])
    expect(ids.mayRemovePresence(5)).toBe(false)
    ids.announce(6)
    expect(ids.mayCollect(6, { boardKnows: true, itemsInUpdate: false })).toBe(false)
  })

  it('[F14.7] a document id is the person’s whose connection wrote under it first; one without a credential keeps it until it leaves', () => {
    const owners = new ClientOwners()
    const ana = { id: 'p-aaaaaaaaaaaaaaaaaaaa', name: 'Ana', city: 'Braga', signed: true }
    const anaTab = new ClientIds(ana, owners)
    const anaPhone = new ClientIds({ ...ana }, owners)
    const bo = new ClientIds({ ...ana, id: 'p-bbbbbbbbbbbbbbbbbbbb', name: 'Bo' }, owners)
    const bot = new ClientIds(null, owners)
    anaTab.wrote([1])
    bot.wrote([2])
    expect([anaTab.mayWrite(1), anaPhone.mayWrite(1), bo.mayWrite(1), bot.mayWrite(1)]).toEqual([
      true,
      true,
      false,
      false,
    ])
    expect([bo.mayWrite(2), bot.mayWrite(2), bo.mayWrite(3)]).toEqual([false, true, true])
    expect(anaTab.samePersonAs(anaPhone)).toBe(true)
    expect(anaTab.samePersonAs(bo)).toBe(false)
    // Refused for good under a person's id; under a connection's, only until it leaves.
    expect([bo.heldByConnection(1), bo.heldByConnection(2), bot.heldByConnection(2)]).toEqual([
      false,
      true,
      false,
    ])
    anaTab.leave()
    bot.leave()
    expect([bo.mayWrite(1), bo.mayWrite(2), bo.heldByConnection(2)]).toEqual([false, true, false])
  })

  it('[F14.9] [F14.7] ids of an entry merged into another person become that person’s, on every device', () => {
    const owners = new ClientOwners()
    const laptop = { id: 'p-aaaaaaaaaaaaaaaaaaaa', name: 'Sofia', city: 'Braga', signed: true }
    const phone = { ...laptop, id: 'p-bbbbbbbbbbbbbbbbbbbb' }
    const onLaptop = new ClientIds(laptop, owners)
    const onPhone = new ClientIds(phone, owners)
    onLaptop.wrote([1])
    onPhone.wrote([2])
    expect([onLaptop.mayWrite(2), onPhone.mayWrite(1)]).toEqual([false, false])
    owners.rekey(onPhone.key, onLaptop.key)
    onPhone.becomes(laptop.id)
    expect([onLaptop.mayWrite(2), onPhone.mayWrite(1), onPhone.mayWrite(2)]).toEqual([
      true,
      true,
      true,
    ])
    expect(onPhone.samePersonAs(onLaptop)).toBe(true)
  })

  it('[F14.7] a person’s ids are read from storage when first asked for and stored as they are claimed; a connection’s are not', () => {
    const saved: string[] = []
    let loads = 0
    const store = {
      load: () => {
        loads++
        return [{ client: 7, owner: 'person|p-aaaaaaaaaaaaaaaaaaaa' }]
      },
      claimed: (client: number, owner: string) => saved.push(`${client} ${owner}`),
      rekeyed: (from: string, to: string) => saved.push(`${from} → ${to}`),
    }
    const owners = new ClientOwners(store)
    expect(loads).toBe(0)
    const bo = new ClientIds(
      { id: 'p-bbbbbbbbbbbbbbbbbbbb', name: 'Bo', city: 'Umeå', signed: true },
      owners,
    )
    // Written under before a restart: Ana's, not Bo's.
    expect(bo.mayWrite(7)).toBe(false)
    expect(loads).toBe(1)
    bo.wrote([8])
    const bot = new ClientIds(null, owners)
    bot.wrote([9])
    expect(bot.mayWrite(9)).toBe(true)
    owners.rekey('person|p-bbbbbbbbbbbbbbbbbbbb', 'person|p-aaaaaaaaaaaaaaaaaaaa')
    expect(saved).toEqual([
      '8 person|p-bbbbbbbbbbbbbbbbbbbb',
      'person|p-bbbbbbbbbbbbbbbbbbbb → person|p-aaaaaaaaaaaaaaaaaaaa',
    ])
    expect(loads).toBe(1)
  })
})
