import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { createCluster } from '../board/clusters'
import { createNote, type NewNote } from '../board/notes'
import { setVotes } from '../board/votes'
import { newBoard } from '../testing/board'
import { exportHarvest } from './export'
import { harvestToMarkdown } from './markdown'
import { mdBlock, mdInline } from './mdEscape'

const T0 = Date.UTC(2026, 0, 15, 9, 30, 0)
const md = (doc: Y.Doc) => harvestToMarkdown(exportHarvest(doc, { boardId: 'b1', now: () => T0 }))
const note = (doc: Y.Doc, n: Partial<NewNote> & { text: string }) =>
  createNote(doc, { column: 'what', ...n })

/**
 * Lines of a bullet list whose content (after the bullet marker or the continuation indent)
 * would start a Markdown block: what a note must never produce.
 */
const blockStarts = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (l.startsWith('- ') ? l.slice(2) : l.replace(/^ {2}/, '')))
    .filter((l) => /^(\s|#|>|[-+*=]|\d+[.)]|\||```|~~~|<)/.test(l))

describe('harvest Markdown: structure', () => {
  it('[H9.1] title, export time, session, counts and the lever × column table with totals', () => {
    const doc = newBoard({ title: 'Breakout 2' })
    note(doc, { text: 'a', lever: 'finance-funding', city: 'Lahti', authorId: 'u1' })
    note(doc, { text: 'b', lever: 'finance-funding', column: 'now-what', authorId: 'u2' })
    note(doc, { text: 'c', column: null, city: 'Lahti', authorId: 'u1' })
    const out = md(doc)
    const lines = out.split('\n')
    expect(lines[0]).toBe('# Harvest: Breakout 2')
    expect(out).toContain('Exported 2026-01-15 09:30 UTC · board `b1`')
    expect(out).toContain('3 notes from 2 participants in 1 city: Lahti (2).')
    expect(out).toContain('| Lever | What? | So What? | Now What? | Parking lot | Total |')
    expect(out).toContain('| Finance and funding | 1 | 0 | 1 | 0 | 2 |')
    expect(out).toContain('| Untagged | 0 | 0 | 0 | 1 | 1 |')
    expect(out).toContain('| **Total** | 1 | 0 | 1 | 1 | 3 |')
    expect(out.indexOf('| Lever |')).toBeLessThan(out.indexOf('## What?'))
  })

  it('[H9.2] per column: prompt, themes, then other notes by lever with Untagged last', () => {
    const doc = newBoard()
    createCluster(doc, { id: 'c', title: 'Continuity', column: 'what', x: 0, y: 0, w: 1, h: 1 })
    note(doc, { text: 'untagged one', x: 100, y: 200 })
    note(doc, { text: 'in theme', clusterId: 'c', lever: 'governance-policy', x: 100, y: 500 })
    note(doc, { text: 'funding one', lever: 'finance-funding', x: 100, y: 800 })
    note(doc, { text: 'tech one', lever: 'technology-infrastructure', x: 100, y: 900 })
    const out = md(doc)
    const what = out.slice(out.indexOf('## What?'), out.indexOf('## So What?'))
    const order = [
      '> Looking back:',
      '### Theme: Continuity',
      '- in theme — _Governance and policy_',
      '### Technology and infrastructure',
      '- tech one',
      '### Finance and funding',
      '- funding one',
      '### Untagged',
      '- untagged one',
    ].map((s) => what.indexOf(s))
    expect(order.every((i) => i >= 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    expect(what).not.toContain('### Democracy and participation')
    expect(out).toContain('## So What?\n\n> Key insights')
    expect(out).toContain('_No notes._')
  })

  it('[H9.3] a note is "text — City (Author) · n votes", its city named as in the summary', () => {
    const doc = newBoard()
    const a = note(doc, { text: 'one', city: 'Umeå', author: 'Johan' })
    note(doc, { text: 'two', city: '  umeå ', author: 'Frida', y: 900 })
    note(doc, { text: 'three', city: 'Umeå', y: 1200 })
    setVotes(doc, a, 'v1', 2)
    const out = md(doc)
    expect(out).toContain('- one — Umeå (Johan) · 2 votes\n')
    expect(out).toContain('- two — Umeå (Frida)\n')
    expect(out).toContain('- three — Umeå\n')
  })

  it('[H9.2] the parking lot and the invalid entries come last, only when there are any', () => {
    const doc = newBoard()
    note(doc, { text: 'later', column: null })
    const out = md(doc)
    expect(out).toContain('## Parking lot')
    expect(out).not.toContain('could not read')
    expect(md(newBoard())).not.toContain('## Parking lot')
  })
})

describe('harvest Markdown: user text cannot break the structure', () => {
  const hostile: [string, string][] = [
    ['a heading', '# Big'],
    ['a quote', '> quoted'],
    ['a list', '- item'],
    ['a plus list', '+ item'],
    ['an ordered list', '1. first'],
    ['a setext underline', 'title\n==='],
    ['a table row', '| a | b |'],
    ['a code fence', '```js'],
    ['a tilde fence', '~~~'],
    ['HTML', '<script>alert(1)</script>'],
    ['indented code', '\n        code'],
    ['a multi-line note with block starts', 'ok\n# h\n> q\n- l\n\n\n2) x'],
  ]
  it.each(hostile)('[H9.4] %s stays inside its bullet', (_, text) => {
    const doc = newBoard()
    note(doc, { text, city: 'Nantes' })
    const out = md(doc)
    const body = out.slice(
      out.indexOf('### Untagged') + '### Untagged'.length,
      out.indexOf('## So What?'),
    )
    expect(blockStarts(body)).toEqual([])
    expect(body.match(/^- /gm)).toHaveLength(1)
    expect(body).toContain('— Nantes')
  })

  it.each([
    ['*stars* and _under_', '\\*stars\\* and \\_under\\_'],
    ['`code`', '\\`code\\`'],
    ['[link](http://x)', '\\[link\\](http://x)'],
    ['a | b', 'a \\| b'],
    ['R&D', 'R\\&D'],
    ['back\\slash', 'back\\\\slash'],
    ['#1 priority', '\\#1 priority'],
    ['10. item', '10\\. item'],
    ['mid # and - and 1. stay', 'mid # and - and 1. stay'],
  ])('[H9.4] mdInline(%j) is %j', (text, escaped) => {
    expect(mdInline(text)).toBe(escaped)
  })

  it('[H9.4] line breaks become hard breaks indented under the bullet; blank lines drop', () => {
    expect(mdBlock('one\r\ntwo\n\n\nthree\rfour')).toBe('one\\\n  two\\\n  three\\\n  four')
  })

  it('[H9.4] right-to-left text is isolated so the attribution keeps its place', () => {
    expect(mdInline('שלום')).toBe('\u2068שלום\u2069')
    expect(mdInline('Lahti 🇫🇮')).toBe('Lahti 🇫🇮')
  })

  it('[H9.4] titles, labels and cities are escaped too', () => {
    const doc = newBoard({ title: '# <b>Board</b>\nsecond line' })
    note(doc, { text: 'x', city: '*Bold* city', author: '[me](x)' })
    const out = md(doc)
    expect(out.split('\n')[0]).toBe('# Harvest: \\# \\<b\\>Board\\</b\\> second line')
    expect(out).toContain('- x — \\*Bold\\* city (\\[me\\](x))')
  })
})
