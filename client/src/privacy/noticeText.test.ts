import { describe, expect, it } from 'vitest'
import { daysUntil, noticeBlocks } from './noticeText'

describe('the notice as blocks', () => {
  it('reads headings and paragraphs from plain text, folding lines', () => {
    expect(
      noticeBlocks(
        '# What is stored\nYour name\nand city.\n\n\n# Where\nHere.\r\n\r\nMore <b>text</b>.',
      ),
    ).toEqual([
      { kind: 'heading', text: 'What is stored' },
      { kind: 'paragraph', text: 'Your name and city.' },
      { kind: 'heading', text: 'Where' },
      { kind: 'paragraph', text: 'Here.' },
      { kind: 'paragraph', text: 'More <b>text</b>.' },
    ])
    expect(noticeBlocks('')).toEqual([])
  })

  it('counts days left, a part of a day as one, never below 0', () => {
    const day = 86_400_000
    expect(daysUntil(10 * day, 0)).toBe(10)
    expect(daysUntil(10 * day + 1, 0)).toBe(11)
    expect(daysUntil(0, 5)).toBe(0)
  })
})
