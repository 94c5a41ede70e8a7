import { describe, expect, it } from 'vitest'
import { boardPath, parseRoute } from './route'
import { hashWithoutToken, takeToken, tokenFromHash } from './token'

describe('routes', () => {
  it.each([
    ['/', { page: 'landing' }],
    ['', { page: 'landing' }],
    ['/b/abc_DEF-12', { page: 'board', boardId: 'abc_DEF-12' }],
    ['/b/abc/', { page: 'board', boardId: 'abc' }],
    ['/s/sess1', { page: 'session', sessionId: 'sess1' }],
    ['/new', { page: 'new' }],
    ['/privacy', { page: 'privacy' }],
    ['/b/', { page: 'not-found', path: '/b/' }],
    ['/b/a%20b', { page: 'not-found', path: '/b/a%20b' }],
    ['/b/x/y', { page: 'not-found', path: '/b/x/y' }],
    ['/admin', { page: 'not-found', path: '/admin' }],
  ])('%s', (path, route) => {
    expect(parseRoute(path)).toEqual(route)
  })

  it('builds board paths', () => {
    expect(boardPath('b1')).toBe('/b/b1')
  })
})

describe('the token in the fragment', () => {
  it.each([
    ['#t=abc', 'abc'],
    ['#x=1&t=abc', 'abc'],
    ['#t=', null],
    ['', null],
    ['#other', null],
  ])('reads %s', (hash, token) => {
    expect(tokenFromHash(hash)).toBe(token)
  })

  it('removes only the token from the fragment', () => {
    expect(hashWithoutToken('#t=abc')).toBe('')
    expect(hashWithoutToken('#x=1&t=abc')).toBe('#x=1')
  })

  function env(hash: string, stored: Record<string, string> = {}) {
    const storage = new Map(Object.entries(stored))
    const replaced: string[] = []
    return {
      replaced,
      storage,
      env: {
        location: { hash, pathname: '/b/b1', search: '?testHooks' },
        history: {
          state: null,
          replaceState: (_s: unknown, _t: string, url?: string | URL | null) =>
            replaced.push(String(url)),
        },
        storage: {
          getItem: (k: string) => storage.get(k) ?? null,
          setItem: (k: string, v: string) => void storage.set(k, v),
        },
      },
    }
  }

  it('takes the token, keeps it for this path and clears the address bar', () => {
    const e = env('#t=secret')
    expect(takeToken(e.env)).toBe('secret')
    expect(e.replaced).toEqual(['/b/b1?testHooks'])
    expect([...e.storage.values()]).toEqual(['secret'])
  })

  it('finds the kept token after a reload', () => {
    const e = env('#t=secret')
    takeToken(e.env)
    const again = env('', Object.fromEntries(e.storage))
    expect(takeToken(again.env)).toBe('secret')
    expect(again.replaced).toEqual([])
  })

  it('has no token for a path never opened with one', () => {
    expect(takeToken(env('').env)).toBeNull()
  })
})

describe('ids in page paths', () => {
  it('are the server’s ids: the shared pattern, at most 64 characters', () => {
    expect(parseRoute(`/b/${'a'.repeat(64)}`).page).toBe('board')
    expect(parseRoute(`/b/${'a'.repeat(65)}`).page).toBe('not-found')
  })
})
