import { describe, expect, it } from 'vitest'
import { BOARD_ERROR, BoardError } from '../board/errors'
import { createNote, deleteNote } from '../board/notes'
import { notesMap, readBoard, votesMap } from '../board/read'
import { setVotes } from '../board/votes'
import { setVote } from '../facilitation/session'
import { newBoard } from '../testing/board'
import { isPersonId, mergedMap, mergePeople, personOnBoard } from './merge'

const SOFIA_LAPTOP = 'p-aaaaaaaaaaaaaaaaaaaa'
const SOFIA_PHONE = 'p-bbbbbbbbbbbbbbbbbbbb'
const TOMAS = 'p-cccccccccccccccccccc'
const OLD_TAB = 'p-dddddddddddddddddddd'

function board() {
  const doc = newBoard({ title: 'Merge board' })
  const note = (text: string, authorId: string, author = 'Sofia', city = 'Braga') =>
    createNote(doc, { text, column: 'what', author, authorId, city })
  const laptop = note('From the laptop', SOFIA_LAPTOP)
  const phone1 = note('From the phone', SOFIA_PHONE, 'Sofia P.', 'Braga ')
  const phone2 = note('Phone again', SOFIA_PHONE, 'Sofia P.', 'Braga ')
  const tomas = note('Tomás writes', TOMAS, 'Tomás', 'Porto')
  return { doc, laptop, phone1, phone2, tomas }
}

const dotsOf = (doc: ReturnType<typeof newBoard>, voter: string) => {
  const out: Record<string, number> = {}
  votesMap(doc).forEach((voters, noteId) => {
    const n = voters.get(voter)
    if (typeof n === 'number') out[noteId] = n
  })
  return out
}

describe('merging two entries of one person [F14.9]', () => {
  it('[F14.9] the merged entry’s notes become the person’s; their words, name and city stay as written', () => {
    const { doc, laptop, phone1, phone2, tomas } = board()
    const r = mergePeople(doc, SOFIA_PHONE, SOFIA_LAPTOP)
    expect(r).toEqual({
      from: SOFIA_PHONE,
      into: SOFIA_LAPTOP,
      notes: 2,
      dots: { moved: 0, returned: 0 },
    })
    const byId = new Map(readBoard(doc).notes.map((n) => [n.id, n]))
    for (const id of [laptop, phone1, phone2]) expect(byId.get(id)!.authorId).toBe(SOFIA_LAPTOP)
    expect(byId.get(phone1)).toMatchObject({ author: 'Sofia P.', text: 'From the phone' })
    expect(byId.get(tomas)!.authorId).toBe(TOMAS)
    expect(personOnBoard(doc, SOFIA_PHONE)).toBe(SOFIA_LAPTOP)
    expect(personOnBoard(doc, SOFIA_LAPTOP)).toBe(SOFIA_LAPTOP)
    expect(personOnBoard(doc, TOMAS)).toBe(TOMAS)
  })

  it('[F14.9] [F12.14] while a vote is open the person keeps their dots and the other entry’s join up to dotsPerPerson, most first; the rest go back', () => {
    const { doc, laptop, phone1, phone2, tomas } = board()
    setVote(doc, { status: 'open', dotsPerPerson: 3, round: 1 })
    setVotes(doc, laptop, SOFIA_LAPTOP, 2)
    setVotes(doc, tomas, SOFIA_PHONE, 2)
    setVotes(doc, phone1, SOFIA_PHONE, 1)
    setVotes(doc, tomas, TOMAS, 1)
    // A dot on a deleted note counts last (it counts again only if the note comes back, F5.4).
    setVotes(doc, phone2, SOFIA_PHONE, 1)
    deleteNote(doc, phone2)
    const r = mergePeople(doc, SOFIA_PHONE, SOFIA_LAPTOP)
    expect(r.dots).toEqual({ moved: 1, returned: 3 })
    expect(dotsOf(doc, SOFIA_LAPTOP)).toEqual({ [laptop]: 2, [tomas]: 1 })
    expect(dotsOf(doc, SOFIA_PHONE)).toEqual({})
    // Nobody else's dots move.
    expect(dotsOf(doc, TOMAS)).toEqual({ [tomas]: 1 })
  })

  it('[F14.9] [F8.2] with the vote closed the totals are frozen: every dot moves, none is given back', () => {
    const { doc, laptop, phone1, phone2, tomas } = board()
    setVote(doc, { status: 'open', dotsPerPerson: 3, round: 1 })
    setVotes(doc, laptop, SOFIA_LAPTOP, 3)
    setVotes(doc, tomas, SOFIA_PHONE, 2)
    setVotes(doc, laptop, SOFIA_PHONE, 1)
    setVotes(doc, phone1, TOMAS, 1)
    setVote(doc, { status: 'closed', dotsPerPerson: 3, round: 1 })
    const totals = () =>
      [...votesMap(doc).entries()].map(([id, voters]) => [
        id,
        [...voters.values()].reduce((a: number, n) => a + (n as number), 0),
      ])
    const before = totals()
    const r = mergePeople(doc, SOFIA_PHONE, SOFIA_LAPTOP)
    expect(r.dots).toEqual({ moved: 3, returned: 0 })
    expect(totals()).toEqual(before)
    expect(Object.fromEntries(totals())).toEqual({
      [laptop]: 4,
      [tomas]: 2,
      [phone1]: 1,
      [phone2]: 0,
    })
    expect(dotsOf(doc, SOFIA_LAPTOP)).toEqual({ [laptop]: 4, [tomas]: 2 })
  })

  it('[F14.9] entries merged before follow the person they were merged into; the record stays one step deep', () => {
    const { doc } = board()
    createNote(doc, { text: 'An old tab', column: 'so-what', authorId: OLD_TAB, author: 'S' })
    mergePeople(doc, OLD_TAB, SOFIA_PHONE)
    mergePeople(doc, SOFIA_PHONE, SOFIA_LAPTOP)
    expect(Object.fromEntries(mergedMap(doc).entries())).toEqual({
      [OLD_TAB]: SOFIA_LAPTOP,
      [SOFIA_PHONE]: SOFIA_LAPTOP,
    })
    expect(personOnBoard(doc, OLD_TAB)).toBe(SOFIA_LAPTOP)
    expect(readBoard(doc).notes.filter((n) => n.authorId === SOFIA_LAPTOP)).toHaveLength(4)
    // Merging into an entry merged before reaches the person it became.
    const r = mergePeople(doc, TOMAS, OLD_TAB)
    expect(r.into).toBe(SOFIA_LAPTOP)
  })

  it('[F14.9] one person twice, or an entry merged already, is refused before anything changes', () => {
    const { doc } = board()
    const codeOf = (f: () => unknown) => {
      try {
        f()
      } catch (e) {
        return e instanceof BoardError ? e.code : 'other'
      }
      return null
    }
    expect(codeOf(() => mergePeople(doc, SOFIA_PHONE, SOFIA_PHONE))).toBe(BOARD_ERROR.samePerson)
    mergePeople(doc, SOFIA_PHONE, SOFIA_LAPTOP)
    expect(codeOf(() => mergePeople(doc, SOFIA_LAPTOP, SOFIA_PHONE))).toBe(BOARD_ERROR.samePerson)
    const before = [...mergedMap(doc).entries()]
    expect(codeOf(() => mergePeople(doc, SOFIA_PHONE, TOMAS))).toBe(BOARD_ERROR.alreadyMerged)
    expect([...mergedMap(doc).entries()]).toEqual(before)
    expect(notesMap(doc).size).toBe(4)
  })

  it('[F14.9] [F9] a record that is not a string, or a loop, reads as no merge; person ids are the issued form', () => {
    const { doc } = board()
    mergedMap(doc).set(TOMAS, 42)
    mergedMap(doc).set(SOFIA_PHONE, SOFIA_LAPTOP)
    mergedMap(doc).set(SOFIA_LAPTOP, SOFIA_PHONE)
    expect(personOnBoard(doc, TOMAS)).toBe(TOMAS)
    expect(personOnBoard(doc, SOFIA_PHONE)).toBe(SOFIA_LAPTOP)
    expect(isPersonId(SOFIA_PHONE)).toBe(true)
    for (const id of ['c-aaaaaaaaaaaaaaaaaaaa', 'u-lea', 'p-short', 7])
      expect(isPersonId(id)).toBe(false)
  })
})
