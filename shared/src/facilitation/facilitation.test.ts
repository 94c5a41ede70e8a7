import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { setLocked } from '../board/meta'
import { createNote, moveNotes, setLever } from '../board/notes'
import { readBoard, readMeta } from '../board/read'
import { newBoard, replica } from '../testing/board'
import { setItemsLocked } from './locks'
import {
  type Broadcast,
  broadcastExpired,
  draftsRevealed,
  readBroadcast,
  readPrivateWriting,
  readVote,
  revealPrivateWriting,
  setBroadcast,
  setVote,
  startPrivateWriting,
} from './session'
import {
  clockOffset,
  readTimer,
  setTimer,
  timerTransitions as T,
  type TimerState,
  timerRemaining,
} from './timer'
import { createUndoManager } from './undo'

describe('timer', () => {
  const t0 = 1_000_000
  it.each<[string, () => TimerState, number, number]>([
    ['start 5 min', () => T.start(300_000, t0), t0 + 60_000, 240_000],
    ['paused after 1 min', () => T.pause(T.start(300_000, t0), t0 + 60_000), t0 + 600_000, 240_000],
    [
      'resumed',
      () => T.resume(T.pause(T.start(300_000, t0), t0 + 60_000), t0 + 120_000),
      t0 + 180_000,
      180_000,
    ],
    [
      'plus a minute while running',
      () => T.addTime(T.start(60_000, t0), 60_000, t0),
      t0 + 30_000,
      90_000,
    ],
    [
      'plus a minute after it ran out',
      () => T.addTime(T.start(60_000, t0), 60_000, t0 + 120_000),
      t0 + 120_000,
      60_000,
    ],
    [
      'plus a minute while paused',
      () => T.addTime(T.pause(T.start(60_000, t0), t0), 60_000, t0),
      t0 + 999_999,
      120_000,
    ],
    ['over', () => T.start(60_000, t0), t0 + 61_000, 0],
    ['stopped', () => T.stop(), t0, 0],
  ])('[F8.1] %s', (_n, make, at, remaining) => {
    expect(timerRemaining(make(), at)).toBe(remaining)
  })

  it('[F8.1] the timer round-trips through the document and malformed reads as idle', () => {
    const doc = newBoard()
    expect(readTimer(doc)).toEqual({ status: 'idle' })
    setTimer(doc, T.start(60_000, 5))
    expect(readTimer(replica(doc))).toEqual({
      status: 'running',
      endsAt: 60_005,
      durationMs: 60_000,
    })
    doc.getMap('board').set('timer', { status: 'running', endsAt: 'soon' })
    expect(readTimer(doc)).toEqual({ status: 'idle' })
  })

  it('[F8.1] clockOffset takes the server time as read half-way through the round trip', () => {
    // local clock 3 minutes behind the server; 200 ms round trip
    const serverNow = 10_000_000
    const local = serverNow - 180_000
    expect(clockOffset(local - 100, serverNow, local + 100)).toBe(180_000)
  })
})

describe('votes, private writing', () => {
  it('[F8.2] a vote opens with N dots and closes', () => {
    const doc = newBoard()
    expect(readVote(doc)).toEqual({ status: 'none' })
    setVote(doc, { status: 'open', dotsPerPerson: 5, round: 1 })
    expect(readVote(doc)).toEqual({ status: 'open', dotsPerPerson: 5, round: 1 })
    setVote(doc, { status: 'closed', dotsPerPerson: 5, round: 1 })
    expect(readVote(doc).status).toBe('closed')
  })

  it('[F8.3] drafts of a round are revealed when that round ends, not before', () => {
    const doc = newBoard()
    startPrivateWriting(doc)
    const p1 = readPrivateWriting(doc)
    expect(p1).toEqual({ on: true, round: 1 })
    expect(draftsRevealed(p1, 1)).toBe(false)
    revealPrivateWriting(doc)
    expect(draftsRevealed(readPrivateWriting(doc), 1)).toBe(true)
    startPrivateWriting(doc)
    // a writer who was offline through round 1's reveal still reveals round-1 drafts
    expect(draftsRevealed(readPrivateWriting(doc), 1)).toBe(true)
    expect(draftsRevealed(readPrivateWriting(doc), 2)).toBe(false)
  })
})

describe("the facilitators' message", () => {
  const idle: TimerState = { status: 'idle' }
  const sent: Broadcast = {
    message: 'Write for five minutes',
    from: 'Dana',
    at: 1000,
    phase: 'what',
  }

  it('[F8.4] keeps the phase and timer it was sent in, and reads older messages without them', () => {
    const doc = newBoard()
    setBroadcast(doc, { ...sent, timerOn: true })
    expect(readBroadcast(doc)).toEqual({ ...sent, timerOn: true })
    doc.getMap('board').set('broadcast', { message: 'Hello', from: 'Dana', at: 5, phase: 3 })
    expect(readBroadcast(doc)).toEqual({ message: 'Hello', from: 'Dana', at: 5 })
  })

  it.each([
    ['the phase it was sent in', false, sent, 'what', idle],
    ['a timer started after it', false, sent, 'what', T.start(60_000, 2000)],
    ['another phase', true, sent, 'so-what', idle],
    ['no phase any more', true, sent, null, idle],
    ['a run that ran out after it', true, sent, 'what', T.start(500, 1000)],
    ['a run that ran out before it', false, sent, 'what', T.start(100, 800)],
    ['a stopped timer that was on', true, { ...sent, timerOn: true }, 'what', idle],
    [
      'a paused timer that was on',
      false,
      { ...sent, timerOn: true },
      'what',
      T.pause(T.start(60_000, 0), 1),
    ],
    [
      'an older message in any phase',
      false,
      { message: 'x', from: '', at: 1000 },
      'now-what',
      idle,
    ],
  ] as const)(
    '[F8.4] with %s, the message has run its course: %s',
    (_, expired, b, phase, timer) => {
      expect(broadcastExpired(b, { phase, timer, serverNow: 3000 })).toBe(expired)
    },
  )
})

describe('locks and undo', () => {
  it('[F8.5] notes and clusters lock one by one', () => {
    const doc = newBoard()
    const a = createNote(doc, { text: 'a', column: 'what' })
    const b = createNote(doc, { text: 'b', column: 'what' })
    setItemsLocked(doc, { notes: [a] }, true)
    expect(readBoard(doc).notes.map((n) => [n.id === a, n.locked])).toContainEqual([true, true])
    expect(readBoard(doc).notes.find((n) => n.id === b)!.locked).toBe(false)
    expect(() => setItemsLocked(doc, { notes: ['nope'] }, true)).toThrow(/Unknown note/)
  })

  it('[F8.7] undo reverts only my own note changes, never the lock or others', () => {
    const doc = newBoard()
    const mine = { view: 'me' }
    const undo = createUndoManager(doc, [mine])
    const other = replica(doc)
    const id = createNote(doc, { text: 'mine', column: 'what' }, { origin: mine })
    undo.stopCapturing()
    setLever(doc, id, 'finance-funding', { origin: mine })
    undo.stopCapturing()
    setLocked(doc, true, { origin: mine })
    // someone else moves my note
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
    moveNotes(other, [{ id, x: 333, y: 444 }])
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other), 'remote')

    undo.undo()
    const n = readBoard(doc).notes.find((x) => x.id === id)!
    expect(n.lever).toBeNull()
    expect([n.x, n.y]).toEqual([333, 444])
    expect(readMeta(doc).locked).toBe(true)
    undo.redo()
    expect(readBoard(doc).notes.find((x) => x.id === id)!.lever).toBe('finance-funding')
  })
})
