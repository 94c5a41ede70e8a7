/**
 * The server's node flags live in two scripts: the root `serve` (what `npm start` and the bench
 * run) and the server package's own `start`. They must not drift apart.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT, serveNodeFlags } from '../bench/childServer'

function scriptFlags(pkgPath: string, script: string): string[] {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, pkgPath), 'utf8')) as {
    scripts: Record<string, string>
  }
  const words = pkg.scripts[script]?.trim().split(/\s+/) ?? []
  expect(words[0]).toBe('node')
  return words.slice(1).filter((w) => w.startsWith('--'))
}

describe('the server bundle node flags', () => {
  it('are the same in the root serve script and the server package start script', () => {
    const root = scriptFlags('package.json', 'serve')
    expect(root).toEqual(serveNodeFlags())
    expect(root).toContain('--max-semi-space-size=4')
    expect(root).toContain('--interrupt-budget=16896')
    expect(scriptFlags('server/package.json', 'start')).toEqual(root)
  })
})
