import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { transformIndex } from './caret'

/** Apply an edit to a Y.Text and return the delta its observer saw. */
function deltaOf(initial: string, edit: (t: Y.Text) => void) {
  const doc = new Y.Doc()
  const t = doc.getText('t')
  t.insert(0, initial)
  let delta: Array<{ retain?: number; insert?: unknown; delete?: number }> = []
  t.observe((e) => {
    delta = e.delta as typeof delta
  })
  edit(t)
  return delta
}

describe('caret across remote edits', () => {
  it.each([
    ['insert before the caret shifts it', (t: Y.Text) => t.insert(0, 'ab'), 5, 7],
    ['insert after the caret leaves it', (t: Y.Text) => t.insert(8, 'xy'), 5, 5],
    ['insert at the caret keeps it before the new text', (t: Y.Text) => t.insert(5, 'xy'), 5, 5],
    ['delete before the caret pulls it back', (t: Y.Text) => t.delete(1, 2), 5, 3],
    ['delete across the caret puts it at the cut', (t: Y.Text) => t.delete(3, 4), 5, 3],
    ['delete after the caret leaves it', (t: Y.Text) => t.delete(6, 2), 5, 5],
    ['caret at 0 never moves below 0', (t: Y.Text) => t.delete(0, 3), 0, 0],
  ])('%s', (_name, edit, caret, want) => {
    expect(transformIndex(caret, deltaOf('hello world', edit))).toBe(want)
  })
})
