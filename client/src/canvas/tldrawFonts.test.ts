/**
 * What `skipTldrawFonts` relies on in tldraw's sources (not its API): the editor's font
 * manager queues requested faces in `fontsToLoad` and loads them in a microtask, and tldraw
 * asks for its default faces on mount before it calls `onMount`. A new tldraw fails here first.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { skipTldrawFonts } from './tldrawFonts'

const require = createRequire(import.meta.url)

function packageDir(name: string): string {
  let dir = dirname(require.resolve(name))
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir)
  while (
    (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name !== name
  ) {
    dir = dirname(dir)
  }
  return dir
}

describe('tldraw’s fonts', () => {
  it('are queued by the font manager and loaded in a microtask', () => {
    const src = readFileSync(
      join(
        packageDir('@tldraw/editor'),
        'dist-esm/lib/editor/managers/FontManager/FontManager.mjs',
      ),
      'utf8',
    )
    expect(src).toMatch(
      /requestFonts\(fonts\) \{\s+if \(!this\.fontsToLoad\.size\) \{\s+queueMicrotask/,
    )
    expect(src).toContain('const toLoad = this.fontsToLoad;')
  })

  it('are asked for on mount before onMount is called', () => {
    const src = readFileSync(join(packageDir('tldraw'), 'dist-esm/lib/Tldraw.mjs'), 'utf8')
    const asked = src.indexOf('editor.fonts.requestFonts(allDefaultFontFaces)')
    const mounted = src.indexOf('onMount?.(editor)')
    expect(asked).toBeGreaterThan(0)
    expect(mounted).toBeGreaterThan(asked)
  })

  it('queued and not yet loaded are dropped', () => {
    const fontsToLoad = new Set(['draw', 'sans'])
    skipTldrawFonts({ fonts: { fontsToLoad } } as never)
    expect(fontsToLoad.size).toBe(0)
    // A font manager without the queue (another tldraw) is left alone.
    expect(() => skipTldrawFonts({ fonts: {} } as never)).not.toThrow()
  })
})
