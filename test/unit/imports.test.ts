/**
 * The import graph of the code: no file imports itself back through others (no cycles), no two
 * folders of the client import each other both ways, the client's ground floor (`lib/`) builds on
 * nothing of the features, and the client and the server never import each other (both import
 * `shared/`). Read from the sources with a plain scan of their import and export lines.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** Source files under a folder, tests left out (a test may import what it tests from anywhere). */
function sources(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name)
      if (statSync(p).isDirectory()) walk(p)
      else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(p)
    }
  }
  walk(dir)
  return out
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|(?:^|\n)\s*import\s+'([^']+)'/g

/** The files (and raw specifiers) one file imports. */
function importsOf(file: string): { files: string[]; specs: string[] } {
  const text = readFileSync(file, 'utf8')
  const files: string[] = []
  const specs: string[] = []
  for (const m of text.matchAll(IMPORT)) {
    const spec = (m[1] ?? m[2])!
    specs.push(spec)
    if (!spec.startsWith('.')) continue
    const base = resolve(dirname(file), spec)
    const hit = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find(
      (c) => existsSync(c) && statSync(c).isFile(),
    )
    if (hit) files.push(hit)
  }
  return { files, specs }
}

/** The import graph of a folder's sources. */
function graph(dir: string): Map<string, string[]> {
  const g = new Map<string, string[]>()
  for (const f of sources(dir)) g.set(f, importsOf(f).files)
  return g
}

/** Strongly connected groups of more than one file (Tarjan), as paths relative to `dir`. */
function cycles(g: Map<string, string[]>, dir: string): string[][] {
  let index = 0
  const idx = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const on = new Set<string>()
  const out: string[][] = []
  const visit = (v: string) => {
    idx.set(v, index)
    low.set(v, index)
    index++
    stack.push(v)
    on.add(v)
    for (const w of g.get(v) ?? []) {
      if (!g.has(w)) continue
      if (!idx.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!))
    }
    if (low.get(v) === idx.get(v)) {
      const group: string[] = []
      let w: string
      do {
        w = stack.pop()!
        on.delete(w)
        group.push(relative(dir, w))
      } while (w !== v)
      if (group.length > 1) out.push(group.sort())
    }
  }
  for (const v of g.keys()) if (!idx.has(v)) visit(v)
  return out
}

const folderOf = (dir: string, file: string) => relative(dir, file).split('/')[0]!

describe('the import graph', () => {
  it('has no file cycles in the client, the server and shared/', () => {
    for (const part of ['client/src', 'server/src', 'shared/src']) {
      const dir = join(ROOT, part)
      expect(cycles(graph(dir), dir), part).toEqual([])
    }
  })

  it('no two folders of the client import each other both ways', () => {
    const dir = join(ROOT, 'client/src')
    const pairs = new Set<string>()
    for (const [file, targets] of graph(dir)) {
      for (const t of targets) {
        const a = folderOf(dir, file)
        const b = folderOf(dir, t)
        if (a !== b) pairs.add(`${a} → ${b}`)
      }
    }
    const both = [...pairs].filter((p) => {
      const [a, b] = p.split(' → ')
      return a! < b! && pairs.has(`${b} → ${a}`)
    })
    expect(both).toEqual([])
  })

  it('the client’s ground floor (lib/) imports no feature folder', () => {
    const dir = join(ROOT, 'client/src')
    const up: string[] = []
    for (const [file, targets] of graph(join(dir, 'lib'))) {
      for (const t of targets) {
        if (folderOf(dir, t) !== 'lib') up.push(`${relative(dir, file)} → ${relative(dir, t)}`)
      }
    }
    expect(up).toEqual([])
  })

  it('the client and the server never import each other, and shared/ neither', () => {
    const crossing: string[] = []
    const check = (part: string, banned: RegExp) => {
      for (const file of sources(join(ROOT, part))) {
        const { files, specs } = importsOf(file)
        const hits = [...files.map((f) => relative(ROOT, f)), ...specs].filter((s) =>
          banned.test(s),
        )
        for (const h of hits) crossing.push(`${relative(ROOT, file)} → ${h}`)
      }
    }
    check('client/src', /^(server\/|@sensemaking\/server)/)
    check('server/src', /^(client\/|@sensemaking\/client)/)
    check('shared/src', /^(server\/|client\/|@sensemaking\/(server|client))/)
    expect(crossing).toEqual([])
  })
})
