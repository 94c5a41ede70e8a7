import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { createCluster } from '../board/clusters'
import { createNote, type NewNote } from '../board/notes'
import { setVotes } from '../board/votes'
import { sendToBoard } from '../provenance/send'
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

/** The text between two headings (or to the end). */
const between = (out: string, from: string, to?: string) =>
  out.slice(out.indexOf(from), to === undefined ? undefined : out.indexOf(to))

/** True when every string is found in `text`, in this order. */
const inOrder = (text: string, parts: string[]) => {
  const at = parts.map((p) => text.indexOf(p))
  return at.every((i) => i >= 0) && at.every((i, k) => k === 0 || i > at[k - 1]!)
}

const WHAT = '## Looking back (What?) – early outcomes and strategic learnings'
const SO_WHAT =
  '## Emerging patterns (So What?) – common challenges, insights and aha moments, possibilities, blind spots'
const NOW_WHAT =
  '## Looking ahead (Now What?) – ideas, synergies, revised actions or outcomes, risks or needs'

describe('harvest Markdown: structure', () => {
  it('[H9.1] title, export time, session, counts, the cities, then the report sections in order', () => {
    const doc = newBoard({ title: 'Breakout 2' })
    note(doc, { text: 'a', lever: 'finance-funding', city: 'Lahti', authorId: 'u1' })
    note(doc, { text: 'b', lever: 'finance-funding', column: 'now-what', authorId: 'u2' })
    note(doc, { text: 'c', column: null, city: 'Lahti', authorId: 'u1' })
    const out = md(doc)
    expect(out.split('\n')[0]).toBe('# Harvest: Breakout 2')
    expect(out).toContain('Exported 2026-01-15 09:30 UTC · board `b1`')
    expect(out).toContain('3 notes from 2 participants in 1 city.')
    expect(out).toContain('## Cities\n\nLahti (2)\n')
    expect(
      inOrder(out, [
        '## Cities',
        '## Common themes',
        WHAT,
        SO_WHAT,
        NOW_WHAT,
        '## Parking lot',
        '## Levers of change',
        '## Levers by column',
      ]),
    ).toBe(true)
  })

  it('[H9.1] a board without notes says so in one line', () => {
    const out = md(newBoard({ title: 'Quiet room' }))
    expect(out).toContain('No notes yet.')
    expect(out).not.toContain('## ')
    expect(out).not.toContain('| 0 |')
  })

  it('[H9.2] common themes first, ranked by notes then votes, with their cities', () => {
    const doc = newBoard()
    const a = note(doc, { text: 'a', city: 'Lahti' })
    const b = note(doc, { text: 'b', city: 'Umeå', column: 'so-what' })
    const c = note(doc, { text: 'c', city: 'Nantes', column: 'so-what' })
    createCluster(doc, { title: 'Solo', column: 'what', x: 0, y: 0, w: 1, h: 1, noteIds: [a] })
    createCluster(doc, {
      title: 'Pair',
      column: 'so-what',
      x: 0,
      y: 0,
      w: 1,
      h: 1,
      noteIds: [b, c],
    })
    setVotes(doc, a, 'v', 5)
    const out = md(doc)
    expect(between(out, '## Common themes', WHAT)).toBe(
      '## Common themes\n\n1. **Pair** — 2 notes · Nantes, Umeå\n2. **Solo** — 1 note · 5 votes · Lahti\n\n',
    )
    const plain = newBoard()
    note(plain, { text: 'x' })
    expect(md(plain)).toContain('## Common themes\n\n_No themes named._')
  })

  it('[H9.2] a part: report heading, prompt, kinds as sub-headings in order, then Other notes, each by lever', () => {
    const doc = newBoard()
    note(doc, { text: 'plain funding', lever: 'finance-funding' })
    note(doc, { text: 'learnt', kind: 'strategic-learning', lever: 'governance-policy' })
    note(doc, { text: 'outcome tech', kind: 'early-outcome', lever: 'technology-infrastructure' })
    note(doc, { text: 'outcome untagged', kind: 'early-outcome' })
    const what = between(md(doc), WHAT, SO_WHAT)
    expect(
      inOrder(what, [
        '> Looking back:',
        '### Early outcome',
        '#### Technology and infrastructure',
        '- outcome tech',
        '#### Untagged',
        '- outcome untagged',
        '### Strategic learning',
        '#### Governance and policy',
        '- learnt',
        '### Other notes',
        '#### Finance and funding',
        '- plain funding',
      ]),
    ).toBe(true)
    expect(what).not.toContain('Democracy')
  })

  it('[H9.2] without kinds the notes group by lever, most discussed lever first, Untagged last', () => {
    const doc = newBoard()
    note(doc, { text: 'untagged one', x: 100, y: 200 })
    note(doc, { text: 'funding one', lever: 'finance-funding', x: 100, y: 800 })
    note(doc, { text: 'gov one', lever: 'governance-policy', x: 100, y: 900 })
    note(doc, { text: 'gov two', lever: 'governance-policy', column: 'now-what' })
    const out = md(doc)
    const what = between(out, WHAT, SO_WHAT)
    expect(
      inOrder(what, [
        '### Governance and policy',
        '- gov one',
        '### Finance and funding',
        '- funding one',
        '### Untagged',
        '- untagged one',
      ]),
    ).toBe(true)
    expect(what).not.toContain('### Other notes')
    expect(between(out, SO_WHAT, NOW_WHAT)).toContain('_No notes._')
  })

  it('[H9.3] a note is "text — City (Author) · n votes · theme", its city named as in the summary', () => {
    const doc = newBoard()
    const a = note(doc, { text: 'one', city: 'Umeå', author: 'Johan' })
    note(doc, { text: 'two', city: '  umeå ', author: 'Frida', y: 900 })
    const three = note(doc, { text: 'three', city: 'Umeå', y: 1200 })
    createCluster(doc, {
      title: 'Health',
      column: 'what',
      x: 0,
      y: 0,
      w: 1,
      h: 1,
      noteIds: [three],
    })
    setVotes(doc, a, 'v1', 2)
    const out = md(doc)
    expect(out).toContain('- one — Umeå (Johan) · 2 votes\n')
    expect(out).toContain('- two — Umeå (Frida)\n')
    expect(out).toContain('- three — Umeå · theme “Health”\n')
  })

  it('[H9.3] a copy sent from another board names its room', () => {
    const a = { doc: newBoard({ title: 'Room A' }), boardId: 'a' }
    const p = { doc: newBoard({ title: 'Plenary' }), boardId: 'p' }
    const n = createNote(a.doc, { text: 'sent over', column: 'what', city: 'Lahti' })
    sendToBoard(p, a, { notes: [n] })
    expect(harvestToMarkdown(exportHarvest(p.doc, { boardId: 'p', now: () => T0 }))).toContain(
      '- sent over — Lahti · from Room A\n',
    )
  })

  it('[H9.5] the levers of change: ranked, the unused named, then each lever with its notes part by part', () => {
    const doc = newBoard()
    note(doc, { text: 'g now', lever: 'governance-policy', column: 'now-what', city: 'Nantes' })
    note(doc, { text: 'g what', lever: 'governance-policy', kind: 'early-outcome', city: 'Lahti' })
    note(doc, { text: 'f what', lever: 'finance-funding' })
    note(doc, { text: 'none' })
    const levers = between(md(doc), '## Levers of change', '## Levers by column')
    expect(levers).toContain(
      'Most discussed first: Governance and policy (2), Finance and funding (1). Not discussed: Technology and infrastructure, Democracy and participation, Social innovation, Learning, capabilities and skills. 1 note without a lever.',
    )
    expect(
      inOrder(levers, [
        '### Governance and policy\n\n2 notes · Lahti (1), Nantes (1)\n',
        '- g what — Lahti · What? · Early outcome\n',
        '- g now — Nantes · Now What?\n',
        '### Finance and funding',
        '- f what — What?',
      ]),
    ).toBe(true)
  })

  it('[H9.6] the lever × column table with totals', () => {
    const doc = newBoard()
    note(doc, { text: 'a', lever: 'finance-funding' })
    note(doc, { text: 'b', lever: 'finance-funding', column: 'now-what' })
    note(doc, { text: 'c', column: null })
    const out = md(doc)
    expect(out).toContain('| Lever | What? | So What? | Now What? | Parking lot | Total |')
    expect(out).toContain('| Finance and funding | 1 | 0 | 1 | 0 | 2 |')
    expect(out).toContain('| Untagged | 0 | 0 | 0 | 1 | 1 |')
    expect(out).toContain('| **Total** | 1 | 0 | 1 | 1 | 3 |')
  })

  it('[H9.2] [H9.7] the parking lot and the invalid entries appear only when there are any', () => {
    const doc = newBoard()
    note(doc, { text: 'later', column: null })
    const out = md(doc)
    expect(out).toContain('## Parking lot')
    expect(out).not.toContain('could not read')
    const other = newBoard()
    note(other, { text: 'x' })
    expect(md(other)).not.toContain('## Parking lot')
  })

  it('[H9.2] no blank line is doubled and the file ends with one line break', () => {
    const doc = newBoard()
    note(doc, { text: 'a', kind: 'early-outcome', lever: 'finance-funding' })
    note(doc, { text: 'b', column: null })
    const out = md(doc)
    expect(out).not.toMatch(/\n\n\n/)
    expect(out.endsWith('|\n')).toBe(true)
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
      out.indexOf(SO_WHAT),
    )
    expect(blockStarts(body)).toEqual([])
    expect(body.match(/^- /gm)).toHaveLength(1)
    expect(body).toContain('— Nantes')
  })

  it.each([
    ['*stars* and _under_', '\\*stars\\* and \\_under\\_'],
    ['`code`', '\\`code\\`'],
    ['[link](http://x)', '\\[link](http://x)'],
    ['a | b', 'a \\| b'],
    ['R&D', 'R&D'],
    ['Data & monitoring', 'Data & monitoring'],
    ['&amp; and &#38; and &#x26;', '\\&amp; and \\&#38; and \\&#x26;'],
    ['snake_case and _under_', 'snake_case and \\_under\\_'],
    ['a > b', 'a > b'],
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
    expect(out.split('\n')[0]).toBe('# Harvest: \\# \\<b>Board\\</b> second line')
    expect(out).toContain('- x — \\*Bold\\* city (\\[me](x))')
  })
})
