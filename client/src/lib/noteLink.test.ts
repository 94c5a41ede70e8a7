import { describe, expect, it } from 'vitest'
import { boardLink, noteFromHash } from './noteLink'

describe('links that open a board at a note', () => {
  it('carry the note and the token in the fragment, both read back', () => {
    const url = boardLink('b/1 x', 'tok&en', 'n-42')
    expect(url).toBe('/b/b%2F1%20x#n=n-42&t=tok%26en')
    const hash = url.slice(url.indexOf('#'))
    expect(noteFromHash(hash)).toBe('n-42')
    expect(new URLSearchParams(hash.slice(1)).get('t')).toBe('tok&en')
  })

  it('without a note is the plain link of the token', () => {
    const url = boardLink('b1', 'tok')
    expect(url).toBe('/b/b1#t=tok')
    expect(noteFromHash(url.slice(url.indexOf('#')))).toBeNull()
  })

  it('read nothing from a fragment without a note, or an empty one', () => {
    for (const hash of ['', '#', '#t=abc', '#n=', '#n=%20%20'])
      expect(noteFromHash(hash)).toBeNull()
    expect(noteFromHash('#t=abc&n=n-1')).toBe('n-1')
  })
})
