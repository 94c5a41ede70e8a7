/**
 * tldraw's DOM as the canvas reaches into it (tldrawDom.ts), checked against the installed
 * tldraw's own sources and pinned to its version: a new tldraw fails here first, so the names
 * are checked again (and the pin moved) before the canvas relies on them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { shapeSelector, TLDRAW_DOM } from './tldrawDom'

const require = createRequire(import.meta.url)
const here = dirname(fileURLToPath(import.meta.url))
const manifest = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; version: string }

/** A package's folder: up from its entry point to the package.json that names it. */
function packageDir(name: string): string {
  let dir = dirname(require.resolve(name))
  while (!(existsSync(join(dir, 'package.json')) && manifest(dir).name === name)) {
    if (dirname(dir) === dir) throw new Error(`no package.json of ${name}`)
    dir = dirname(dir)
  }
  return dir
}
const editorDir = packageDir('@tldraw/editor')
const version = (dir: string) => manifest(dir).version

describe('tldraw’s DOM', () => {
  it('is that of the tldraw version the canvas was written against', () => {
    // A different version: check TLDRAW_DOM against its DefaultShapeWrapper and editor.css,
    // then move the pin.
    expect(version(packageDir('tldraw'))).toBe('5.4.2')
    expect(version(editorDir)).toBe('5.4.2')
  })

  it('wraps each shape in an element with its class and its id attribute', () => {
    const wrapper = readFileSync(
      join(editorDir, 'dist-esm/lib/components/default-components/DefaultShapeWrapper.mjs'),
      'utf8',
    )
    expect(wrapper).toContain(`"${TLDRAW_DOM.shapeId}": shape.id`)
    expect(wrapper).toContain(`classNames("${TLDRAW_DOM.shape}"`)
    expect(shapeSelector('shape:a"b', (s) => s.replace(/"/g, '\\"'))).toBe(
      '.tl-shape[data-shape-id="shape:a\\"b"]',
    )
  })

  it('draws the shapes in a layer of the class the canvas marks while the camera moves', () => {
    const canvas = readFileSync(
      join(editorDir, 'dist-esm/lib/components/default-components/DefaultCanvas.mjs'),
      'utf8',
    )
    expect(canvas).toContain(`className: "${TLDRAW_DOM.htmlLayer} tl-shapes"`)
  })

  it('styles the container the canvas’s CSS names, and the CSS names no other tldraw class', () => {
    const editorCss = readFileSync(join(editorDir, 'editor.css'), 'utf8')
    expect(editorCss).toContain(`.${TLDRAW_DOM.container}`)
    const ours = readdirSync(here)
      .filter((f) => f.endsWith('.css'))
      .map((f) => readFileSync(join(here, f), 'utf8'))
      .concat(readFileSync(join(here, '..', 'styles.css'), 'utf8'))
      .join('\n')
    const used = new Set([...ours.matchAll(/\.(tl-[a-z-]+)/g)].map((m) => m[1]))
    expect([...used].sort()).toEqual([TLDRAW_DOM.container])
  })
})
