/**
 * The server's node flags live in two scripts: the root `serve` (what `npm start` and the bench
 * run) and the server package's own `start`. They must not drift apart.
 */
import { describe, expect, it } from 'vitest'
import { scriptNodeFlags, serveNodeFlags } from '../bench/childServer'

describe('the server bundle node flags', () => {
  it('are the same in the root serve script and the server package start script', () => {
    const root = scriptNodeFlags('package.json', 'serve')
    expect(root).not.toBeNull()
    expect(root).toEqual(serveNodeFlags())
    expect(root).toContain('--max-semi-space-size=4')
    expect(root).toContain('--interrupt-budget=16896')
    expect(scriptNodeFlags('server/package.json', 'start')).toEqual(root)
  })
})
