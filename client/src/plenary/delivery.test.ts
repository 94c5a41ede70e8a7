import type { SendToPlenaryResult } from '@sensemaking/shared'
import { describe, expect, it } from 'vitest'
import { describeDelivery } from './delivery'

type Outcome = SendToPlenaryResult['notes'][number]['outcome']
const item = (outcome: Outcome, id = 'x') => ({ id, copyId: 'c', outcome })
const result = (
  notes: Outcome[],
  themes: Array<{ outcome: Outcome; notes: Outcome[] }> = [],
): SendToPlenaryResult => ({
  plenary: 'p',
  from: 'a',
  notes: notes.map((o) => item(o)),
  themes: themes.map((t) => ({ ...item(t.outcome), notes: t.notes.map((o) => item(o)) })),
  summary: { sent: 0, refreshed: 0, skipped: 0 },
})

describe('what a send to the plenary tells the sender', () => {
  it.each([
    [result(['sent', 'sent']), 'Sent 2 notes to Plenary.'],
    [
      result(['sent'], [{ outcome: 'sent', notes: ['sent', 'sent'] }]),
      'Sent 1 theme and 3 notes to Plenary.',
    ],
    [result(['already-sent', 'already-sent']), '2 were there already.'],
    [result(['restored', 'already-sent']), 'Sent 1 note to Plenary. 1 was there already.'],
    [result(['changed-since-sent']), '1 copy changed here since sent: refresh it on Plenary.'],
    [result(['refreshed', 'refreshed']), 'Brought 2 copies up to date.'],
    [
      result(['not-found', 'from-target']),
      '1 item could not be found. 1 note came from Plenary and stayed.',
    ],
    [result([]), 'Nothing to send.'],
  ])('[SE2.1] %#: %s', (r, text) => {
    expect(describeDelivery(r, 'Plenary')).toBe(text)
  })
})
