import { columnRegion, readMeta, seedBoard } from '@sensemaking/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { columnOfKey, targetColumn } from './placement'
import { noteBackground, noteFontSize } from './shapes/noteStyle'

const doc = new Y.Doc()
seedBoard(doc, { title: 'Keys' })
const meta = readMeta(doc)

describe('where a new note goes', () => {
  const now = columnRegion(meta.columns, 'now-what')
  it.each([
    [
      'the active question first',
      { ...meta, phase: 'so-what' },
      { x: now.x + 500, y: 800 },
      'so-what',
    ],
    ['else the column in the middle of the view', meta, { x: now.x + 500, y: 800 }, 'now-what'],
    ['else the first column', meta, { x: -5000, y: -5000 }, 'what'],
  ])('%s', (_name, m, centre, want) => {
    expect(targetColumn(m, centre)).toBe(want)
  })

  it.each([
    ['1', 'what'],
    ['2', 'so-what'],
    ['3', 'now-what'],
    ['4', undefined],
    ['n', undefined],
    ['0', undefined],
  ])('key %s → %s', (key, want) => {
    expect(columnOfKey(meta, key)).toBe(want)
  })
})

describe('how a sticky looks', () => {
  it('uses smaller type for longer notes, never below 13 px', () => {
    const sizes = [5, 60, 120, 250, 900].map((n) => noteFontSize('x'.repeat(n)))
    expect([...sizes].sort((a, b) => b - a)).toEqual(sizes)
    expect(new Set(sizes).size).toBe(4)
    expect(Math.min(...sizes)).toBe(13)
  })
  it('tints the paper with the lever colour', () => {
    expect(noteBackground('#1e8e3e')).toContain('#1e8e3e')
    expect(noteBackground('')).toBe('#fff8d6')
  })
})
