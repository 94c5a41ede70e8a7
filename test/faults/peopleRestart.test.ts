/**
 * Who writes survives a restart [F14.7], [F14.8]: the project's server as a child process on
 * a SQLite file, stopped and started again on the same data dir. A facilitator reads a note's
 * history before and after and restores an earlier text; a client id written by a person's
 * device before the restart stays that person's after it.
 */
import {
  API,
  apiPath,
  createNote,
  NoteHistoryAnswer,
  notesMap,
  readBoard,
  setText,
} from '@sensemaking/shared'
import { afterAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { encodeUpdate } from '../../server/src/protocol/messages'
import { replicaOf, updateOf } from './hostileAttacks'
import {
  type BoardClient,
  clientOf,
  createBoards,
  ServerUnderTest,
  type SignedPerson,
  signIn,
  waitFor,
} from './support'

const signed = (p: SignedPerson) => ({ authorId: p.id, author: p.name, city: p.city })
const textOf = (c: BoardClient, id: string) => readBoard(c.doc).notes.find((n) => n.id === id)?.text

describe('people across a restart', { timeout: 120_000 }, () => {
  const sut = new ServerUnderTest()
  const clients: BoardClient[] = []
  afterAll(async () => {
    for (const c of clients) c.destroy()
    await sut.dispose()
  })
  const open = async (
    board: Parameters<typeof clientOf>[1],
    name: string,
    person?: SignedPerson,
  ) => {
    const c = clientOf(sut, board, name, false, person?.credential)
    clients.push(c)
    await c.whenSynced(30_000)
    return c
  }
  const history = async (boardId: string, token: string) => {
    const res = await fetch(`${sut.url}${apiPath(API.noteHistory, boardId)}?note=n`, {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(res.status).toBe(200)
    return NoteHistoryAnswer.parse(await res.json()).changes
  }
  /** A raw connection of `person` that sends one update and reports how it was closed. */
  const sendAs = (boardId: string, token: string, person: SignedPerson, update: Uint8Array) => {
    const q = `token=${encodeURIComponent(token)}&person=${encodeURIComponent(person.credential)}`
    const ws = new WebSocket(`${sut.syncUrl}/${encodeURIComponent(boardId)}?${q}`)
    // Still open after 10 s: the write was taken (the test fails on it, not on its bound).
    const closed = new Promise<number | 'open'>((resolve) => {
      ws.once('close', (code) => resolve(code))
      setTimeout(() => resolve('open'), 10_000).unref()
    })
    ws.once('open', () => ws.send(encodeUpdate(update)))
    return { ws, closed }
  }

  it('[F14.8] [F14.7] a note’s history and the owners of client ids are read back after a restart; restore works; another person’s write under a device’s id is refused', async () => {
    await sut.start()
    const [board] = await createBoards(sut.server, 1)
    if (!board) throw new Error('no board')
    const facilitatorLink = { ...board, token: board.facilitatorToken }
    const [ana, bo, fia] = [
      await signIn(sut, 'Ana'),
      await signIn(sut, 'Bo'),
      await signIn(sut, 'Fia'),
    ]
    const a = await open(board, 'ana', ana)
    const f = await open(facilitatorLink, 'fia', fia)
    createNote(a.doc, { id: 'n', text: 'Shared bikes', column: 'what', ...signed(ana) })
    await waitFor('the note at the facilitator', () => textOf(f, 'n') === 'Shared bikes', 10_000)
    setText(a.doc, 'n', 'Shared bikes in Guimarães')
    await waitFor('Ana’s edit', () => textOf(f, 'n') === 'Shared bikes in Guimarães', 10_000)
    setText(f.doc, 'n', 'Bikes')
    await waitFor('the facilitator’s edit', () => textOf(a, 'n') === 'Bikes', 10_000)
    const before = await history(board.id, board.facilitatorToken)
    expect(before.map((c) => [c.name, c.role, c.personId, c.text])).toEqual([
      ['Ana', 'participant', ana.id, 'Shared bikes'],
      ['Ana', 'participant', ana.id, 'Shared bikes in Guimarães'],
      ['Fia', 'facilitator', fia.id, 'Bikes'],
    ])
    // Ana's device wrote under this client id; then every device goes.
    const anasId = a.doc.clientID
    for (const c of clients.splice(0)) c.destroy()

    await sut.restart()

    expect(await history(board.id, board.facilitatorToken)).toEqual(before)
    // Bo's modified client writes his own note at the next clocks of Ana's device: refused
    // whole (4422), as before the restart.
    const reader = await open(facilitatorLink, 'reader', fia)
    const forged = replicaOf(reader.doc)
    forged.clientID = anasId
    const update = updateOf(forged, (d) =>
      createNote(d, { id: 'forged', text: 'at Ana’s clocks', column: 'what', ...signed(bo) }),
    )
    const boWrites = sendAs(board.id, board.token, bo, update)
    expect(await boWrites.closed).toBe(4422)
    // Ana's next device (her credential) continues under the id her last one wrote.
    const again = replicaOf(reader.doc)
    again.clientID = anasId
    const hers = sendAs(
      board.id,
      board.token,
      ana,
      updateOf(again, (d) =>
        createNote(d, { id: 'again', text: 'Ana again', column: 'what', ...signed(ana) }),
      ),
    )
    await waitFor('Ana’s note under her id', () => notesMap(reader.doc).has('again'), 10_000)
    expect(notesMap(reader.doc).has('forged')).toBe(false)
    hers.ws.close()
    // The facilitator restores the first text: written again, recorded like any change.
    setText(reader.doc, 'n', before[0]!.text)
    const after = await waitFor(
      'the restore in the history',
      async () => {
        const h = await history(board.id, board.facilitatorToken)
        return h.length === 4 ? h : undefined
      },
      10_000,
      50,
    )
    expect(after.map((c) => [c.name, c.text])).toEqual([
      ['Ana', 'Shared bikes'],
      ['Ana', 'Shared bikes in Guimarães'],
      ['Fia', 'Bikes'],
      ['Fia', 'Shared bikes'],
    ])
    // What a fresh client reads is the restored text.
    const fresh = await open(board, 'fresh')
    expect(textOf(fresh, 'n')).toBe('Shared bikes')
  })
})
