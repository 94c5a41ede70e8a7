/**
 * The server's node flags are written once: in the root `serve` script, which `npm start` and
 * the bench run. No other script starts the bundle with flags of its own.
 */
import { describe, expect, it } from 'vitest'
import { scriptNodeFlags, serveNodeFlags } from '../bench/childServer'

describe('the server bundle node flags', () => {
  it('are written in the root serve script alone', () => {
    const root = scriptNodeFlags('package.json', 'serve')
    expect(root).not.toBeNull()
    expect(root).toEqual(serveNodeFlags())
    expect(root).toContain('--max-semi-space-size=4')
    expect(root).toContain('--interrupt-budget=16896')
    expect(scriptNodeFlags('server/package.json', 'start')).toBeNull()
  })
})
