/**
 * The privacy command line on a real data dir: erasing offline as the HTTP API does online
 * [F13], refused beside a running server; the list of sessions that will expire; one line and
 * an exit code for every failure (docs/privacy-cli.md).
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type CreatedSession, createNote, erasedIds, readBoard } from '@sensemaking/shared'
import { afterEach, describe, expect, it } from 'vitest'
import { converge, newTestServer, type TestServer } from '../testing/newTestServer'
import { EXIT } from './exitCodes'
import { runPrivacy } from './privacy'

const script = fileURLToPath(new URL('./privacy.ts', import.meta.url))
let t: TestServer | null = null
const dirs: string[] = []
afterEach(async () => {
  await t?.close()
  t = null
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** Run the command in this process; what it printed and its exit code. */
async function run(...argv: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await runPrivacy(argv, {
    stdout: (s) => {
      stdout += s
    },
    stderr: (s) => {
      stderr += s
    },
    env: {},
  })
  return { code, stdout, stderr }
}

function expectOneLine(
  r: { code: number; stdout: string; stderr: string },
  code: number,
  m: RegExp,
) {
  expect(r.code).toBe(code)
  const lines = r.stderr.split('\n').filter((l) => l !== '')
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(/^privacy: /)
  expect(lines[0]).toMatch(m)
  expect(r.stderr).not.toMatch(/^\s+at /m)
}

const holds = (dir: string, text: string) =>
  readdirSync(dir).some((f) => readFileSync(join(dir, f)).includes(Buffer.from(text)))

/** A data dir with a session of two boards: Léa's notes and Aino's on the first. */
async function dataDir() {
  const dir = mkdtempSync(join(tmpdir(), 'privacy-cli-'))
  dirs.push(dir)
  t = await newTestServer({ dataDir: dir })
  const s: CreatedSession = await t.createSession({ title: 'Cluster 4', boards: 2 })
  const board = s.boards[0]!
  // Two people's notes in one connection: an import, through the facilitator's link [F14.3].
  const c = t.client(board.id, board.links.facilitator.token)
  await c.synced
  const lea = ['Léa offline words one', 'Léa offline words two'].map((text) =>
    createNote(c.doc, { text, column: 'what', author: 'Léa Marchetti', authorId: 'u-lea' }),
  )
  createNote(c.doc, { text: 'Aino stays', column: 'what', author: 'Aino', authorId: 'u-aino' })
  const check = t.client(board.id, board.links.observer.token)
  await converge(
    [c.doc, check.doc],
    (d) => readBoard(d).notes.length,
    (n) => n === 3,
  )
  return { dir, s, board, lea }
}

describe('privacy command line', () => {
  it('[F13.3, R7] erases a person offline; refuses while the server runs; the server then serves the new epoch', async () => {
    const { dir, board, lea } = await dataDir()
    const beside = await run('erase', '--board', board.id, '--author', 'u-lea', '--data-dir', dir)
    expectOneLine(beside, EXIT.serverRunning, /serves .*HTTP API/)
    await t!.close()
    t = null
    expect(holds(dir, 'Léa offline words one')).toBe(true)

    const r = await run('erase', '--board', board.id, '--author', 'u-lea', '--data-dir', dir)
    expect(r).toMatchObject({ code: EXIT.ok, stderr: '' })
    expect(r.stdout).toBe(`board ${board.id}: erased 2 notes, 0 themes, 0 dots (epoch 1)\n`)
    for (const text of ['Léa offline words', 'Marchetti']) expect(holds(dir, text)).toBe(false)
    expect(holds(dir, 'Aino stays')).toBe(true)
    const again = await run('erase', '--board', board.id, '--author', 'u-lea', '--data-dir', dir)
    expect(again.stdout).toBe(`board ${board.id}: nothing to erase\n`)

    t = await newTestServer({ dataDir: dir })
    const c = t.client(board.id, board.links.participant.token)
    await c.synced
    expect(readBoard(c.doc).notes.map((n) => n.text)).toEqual(['Aino stays'])
    expect(erasedIds(c.doc)).toEqual(new Set(lea))
  })

  it('[R7] erases one note, then a whole session, and says which sessions will expire', async () => {
    const { dir, s, lea } = await dataDir()
    const list = await run('expiring', '--within', '31', '--data-dir', dir)
    expect(list.code).toBe(EXIT.ok)
    expect(list.stdout).toMatch(new RegExp(`${s.id}\\s+2\\s+Cluster 4`))
    const none = await run('expiring', '--within', '5', '--data-dir', dir)
    expect(none.stdout).toBe('No session expires within 5 days.\n')
    await t!.close()
    t = null
    const one = await run('erase', '--board', s.boards[0]!.id, '--note', lea[0]!, '--data-dir', dir)
    expect(one.stdout).toBe(
      `board ${s.boards[0]!.id}: erased 1 notes, 0 themes, 0 dots (epoch 1)\n`,
    )
    expect(holds(dir, 'Léa offline words one')).toBe(false)
    expect(holds(dir, 'Léa offline words two')).toBe(true)
    const r = await run('erase', '--session', s.id, '--all', '--data-dir', dir)
    expect(r.code).toBe(EXIT.ok)
    expect(r.stdout.split('\n').filter(Boolean)).toEqual([
      `board ${s.boards[0]!.id}: erased 2 notes, 0 themes, 0 dots (epoch 2)`,
      `board ${s.boards[1]!.id}: nothing to erase`,
    ])
    expect(holds(dir, 'Aino stays')).toBe(false)
  })

  it('[R7] gives one line and an exit code for every mistake', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'privacy-cli-empty-'))
    dirs.push(dir)
    expectOneLine(await run(), EXIT.usage, /usage: npm run privacy/)
    expectOneLine(await run('forget'), EXIT.usage, /unknown command "forget"/)
    expectOneLine(await run('erase', '--board', 'b'), EXIT.usage, /one of --note/)
    expectOneLine(
      await run('erase', '--board', 'b', '--all', '--author', 'u'),
      EXIT.usage,
      /one of/,
    )
    expectOneLine(await run('erase', '--all'), EXIT.usage, /--board ID or --session ID/)
    expectOneLine(
      await run('erase', '--session', 's', '--note', 'n'),
      EXIT.usage,
      /--note needs --board/,
    )
    expectOneLine(await run('expiring', '--within', 'soon'), EXIT.usage, /--within/)
    expectOneLine(await run('expiring', '--data-dir', dir), EXIT.unreadable, /no board database/)
    const made = await dataDir()
    await t!.close()
    t = null
    expectOneLine(
      await run('erase', '--board', 'nope', '--all', '--data-dir', made.dir),
      EXIT.notFound,
      /no board "nope"/,
    )
  })

  // A bound, not a timing: the run starts node and tsx, slow on a busy 2-core machine.
  it('[R7] runs as a program', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'privacy-cli-prog-'))
    dirs.push(dir)
    const r = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        ['--import', 'tsx', script, 'expiring', '--data-dir', dir],
        { timeout: 90_000 },
        (err, _stdout, stderr) =>
          resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stderr }),
      ),
    )
    expect(r.code).toBe(EXIT.unreadable)
    expect(r.stderr).toMatch(/^privacy: cannot read .*: no board database in it/)
  })
})
