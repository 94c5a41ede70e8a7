import { describe, expect, it } from 'vitest'
import { undoKeyOf } from './keys'

const k = (
  key: string,
  mods: Partial<Record<'ctrl' | 'meta' | 'shift' | 'alt', boolean>> = {},
  code?: string,
) => ({
  key,
  code,
  ctrlKey: !!mods.ctrl,
  metaKey: !!mods.meta,
  shiftKey: !!mods.shift,
  altKey: !!mods.alt,
})

describe('undo keys', () => {
  it.each([
    ['Ctrl+Z', k('z', { ctrl: true }), 'undo'],
    ['Cmd+Z', k('z', { meta: true }), 'undo'],
    ['Ctrl+Shift+Z', k('Z', { ctrl: true, shift: true }), 'redo'],
    ['Cmd+Shift+Z', k('Z', { meta: true, shift: true }), 'redo'],
    ['Ctrl+Y', k('y', { ctrl: true }), 'redo'],
    ['Cmd+Y is not redo on a Mac', k('y', { meta: true }), null],
    ['Z alone', k('z'), null],
    ['Ctrl+Alt+Z', k('z', { ctrl: true, alt: true }), null],
    ['Ctrl+Z on a Cyrillic layout', k('я', { ctrl: true }, 'KeyZ'), 'undo'],
    ['Ctrl+Z on AZERTY (the key says w, code KeyZ)', k('w', { ctrl: true }, 'KeyZ'), null],
  ] as const)('%s', (_name, e, want) => {
    expect(undoKeyOf(e)).toBe(want)
  })
})
