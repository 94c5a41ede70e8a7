import { createHash, getRandomValues } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createCluster } from '../board/clusters'
import { createNote, deleteNote, setLever } from '../board/notes'
import { setVotes } from '../board/votes'
import { fakeClock, newBoard } from '../testing/board'
import { authorIdFromKey, isAuthorKey, newAuthorKey } from './authorKey'
import { OWN_DATA_FORMAT, ownData } from './ownData'

describe("a person's own data", () => {
  it('[F13.8] lists exactly their notes, soft-deleted ones too, and the dots they gave', () => {
    const doc = newBoard({ title: 'Room 3' })
    const now = fakeClock(Date.UTC(2026, 2, 1, 10))
    const me = { author: 'Léa', city: 'Nantes', authorId: 'u-me' }
    const first = createNote(doc, { text: 'First', column: 'what', ...me }, { now })
    const second = createNote(doc, { text: 'Second', column: null, ...me }, { now })
    const other = createNote(
      doc,
      { text: 'Not mine', column: 'what', author: 'Aino', city: 'Lahti', authorId: 'u-other' },
      { now },
    )
    setLever(doc, first, 'finance-funding', { now })
    deleteNote(doc, second, { now })
    const theme = createCluster(
      doc,
      { title: 'Money', column: 'what', x: 0, y: 0, w: 400, h: 300, noteIds: [first] },
      { now },
    )
    setVotes(doc, first, 'u-other', 2, { now })
    setVotes(doc, other, 'u-me', 1, { now })

    const data = ownData(doc, 'u-me', { boardId: 'b1', now: () => Date.UTC(2026, 2, 2) })
    expect(data).toMatchObject({
      format: OWN_DATA_FORMAT,
      version: 1,
      boardId: 'b1',
      boardTitle: 'Room 3',
      authorId: 'u-me',
      exportedAt: '2026-03-02T00:00:00.000Z',
      dotsGiven: [{ noteId: other, dots: 1 }],
    })
    expect(data.notes.map((n) => n.id)).toEqual([first, second])
    expect(data.notes[0]).toMatchObject({
      text: 'First',
      column: 'what',
      columnTitle: 'What?',
      lever: 'finance-funding',
      leverLabel: 'Finance and funding',
      theme: 'Money',
      dots: 2,
      author: 'Léa',
      city: 'Nantes',
      deletedAt: null,
    })
    expect(data.notes[1]).toMatchObject({ column: null, columnTitle: 'Parking lot' })
    expect(data.notes[1]?.deletedAt).not.toBeNull()
    expect(JSON.stringify(data)).not.toContain('Not mine')
    expect(JSON.stringify(data)).not.toContain('Aino')
    expect(theme).toBeTruthy()
  })

  it('[F13.8] an empty author id owns nothing', () => {
    const doc = newBoard()
    createNote(doc, { text: 'Anonymous', column: 'what' })
    const change = { at: 1, personId: '', name: '', city: '', role: null, text: 'Anonymous' }
    const data = ownData(doc, '', { boardId: 'b', changes: [{ noteId: 'n', change }] })
    expect(data.notes).toEqual([])
    expect(data.dotsGiven).toEqual([])
    expect(data.changes).toEqual([])
  })

  it('[F13.8] [F14.8] lists the text changes recorded under their id, on anyone’s note, oldest first', () => {
    const doc = newBoard()
    const at = (min: number) => Date.UTC(2026, 2, 1, 10, min)
    const by = (personId: string, min: number, text: string) => ({
      at: at(min),
      personId,
      name: personId === 'p-me' ? 'Léa' : 'Aino',
      city: '',
      role: 'participant' as const,
      text,
    })
    const changes = [
      { noteId: 'theirs', change: by('p-me', 5, 'Their note, my words') },
      { noteId: 'theirs', change: by('p-other', 1, 'Their note') },
      { noteId: 'mine', change: by('p-me', 2, 'My note') },
    ]
    const data = ownData(doc, 'p-me', { boardId: 'b', changes })
    expect(data.changes).toEqual([
      { noteId: 'mine', at: new Date(at(2)).toISOString(), role: 'participant', text: 'My note' },
      {
        noteId: 'theirs',
        at: new Date(at(5)).toISOString(),
        role: 'participant',
        text: 'Their note, my words',
      },
    ])
    expect(JSON.stringify(data)).not.toContain('Aino')
  })
})

describe('author ids a device can prove', () => {
  /** The rule of F13.9 written out again with node's own SHA-256. */
  function reference(key: string): string {
    const hash = createHash('sha256').update(`sensemaking-author-v1:${key}`, 'utf8').digest()
    const bits = [...hash].map((b) => b.toString(2).padStart(8, '0')).join('')
    const alphabet = 'abcdefghijkmnopqrstuvwxyz2345678'
    let id = 'u-'
    for (let i = 0; i < 16; i++) id += alphabet[Number.parseInt(bits.slice(i * 5, i * 5 + 5), 2)]
    return id
  }

  it('[F13.9] the id is u- and 16 characters of the key’s SHA-256, as the rule spells it', () => {
    for (let i = 0; i < 50; i++) {
      const key = newAuthorKey((b) => getRandomValues(b))
      expect(isAuthorKey(key)).toBe(true)
      expect(authorIdFromKey(key)).toBe(reference(key))
      expect(authorIdFromKey(key)).toMatch(/^u-[a-z2-8]{16}$/)
    }
    const fixed = 'A'.repeat(43)
    expect(authorIdFromKey(fixed)).toBe(reference(fixed))
  })

  it('[F13.9] keys are 43 base64url characters; anything else is not a key', () => {
    expect(isAuthorKey('A'.repeat(43))).toBe(true)
    for (const bad of ['', 'A'.repeat(42), 'A'.repeat(44), `${'A'.repeat(42)}=`, 42, null]) {
      expect(isAuthorKey(bad)).toBe(false)
    }
    const fixed = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 3)
    expect(newAuthorKey((b) => b.set(fixed))).toBe(Buffer.from(fixed).toString('base64url'))
    const a = newAuthorKey((b) => getRandomValues(b))
    const b = newAuthorKey((x) => getRandomValues(x))
    expect(a).not.toBe(b)
  })
})
