import { describe, expect, it } from 'vitest'
import { authorsOf } from './authors'

describe("a board's authors", () => {
  it('one entry per author id, counted, named by their latest note, by name; no anonymous entry', () => {
    expect(
      authorsOf([
        { authorId: 'u-b', author: 'Erik', city: 'Umeå', updatedAt: '2026-01-01T10:00:00.000Z' },
        { authorId: 'u-a', author: 'Aino', city: 'Lahti', updatedAt: '2026-01-01T10:00:00.000Z' },
        { authorId: 'u-b', author: 'Erik S.', city: 'Umeå', updatedAt: '2026-01-01T11:00:00.000Z' },
        { authorId: '', author: 'Nobody', city: '' },
      ]),
    ).toEqual([
      { authorId: 'u-a', author: 'Aino', city: 'Lahti', notes: 1 },
      { authorId: 'u-b', author: 'Erik S.', city: 'Umeå', notes: 2 },
    ])
  })
})
