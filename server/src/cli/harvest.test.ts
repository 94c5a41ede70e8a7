/**
 * The harvest command line as a person runs it: a real child process on files in a temp dir.
 * Cites the exit codes of docs/harvest-cli.md and rule [H13] of shared/HARVEST-SPEC.md.
 */
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BOM, createNote, HarvestSchema, parseCsv, seedBoard, setVotes } from '@sensemaking/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { EXIT } from './exitCodes'

const script = fileURLToPath(new URL('./harvest.ts', import.meta.url))
let dir = ''

interface Run {
  code: number
  stdout: string
  stderr: string
}

/** Run the CLI with `node --import tsx`, bounded in time. */
function run(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', script, ...args],
      { timeout: 90_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0
        resolve({ code, stdout, stderr })
      },
    )
  })
}

/** One line on stderr, naming the program, with no stack frame in it. */
function expectOneLineError(r: Run, code: number, message: RegExp) {
  expect(r.code).toBe(code)
  expect(r.stdout).toBe('')
  const lines = r.stderr.split('\n').filter((l) => l !== '')
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(/^harvest: /)
  expect(lines[0]).toMatch(message)
  expect(r.stderr).not.toMatch(/\bat .+:\d+:\d+/)
  expect(r.stderr).not.toMatch(/^\s+at /m)
}

function boardBytes(): Uint8Array {
  const doc = new Y.Doc()
  const now = () => Date.UTC(2026, 0, 15, 9, 0, 0)
  seedBoard(doc, { title: 'Breakout "B"', sessionId: 's1', sessionTitle: 'Round 2' }, { now })
  createNote(doc, { id: 'a', text: '=1+1', column: 'what', city: 'Umeå', authorId: 'u1' }, { now })
  createNote(
    doc,
    { id: 'b', text: 'two\nlines', column: 'so-what', lever: 'finance-funding' },
    { now },
  )
  setVotes(doc, 'b', 'v1', 2)
  return Y.encodeStateAsUpdate(doc)
}

/** An update whose structs wait for an earlier update that is not in the file. */
function pendingBytes(): Uint8Array {
  const doc = new Y.Doc()
  seedBoard(doc, { title: 'x' })
  const before = Y.encodeStateVector(doc)
  createNote(doc, { text: 'later', column: 'what' })
  return Y.encodeStateAsUpdate(doc, before)
}

function notABoardBytes(): Uint8Array {
  const doc = new Y.Doc()
  doc.getMap('settings').set('theme', 'dark')
  doc.getText('notes').insert(0, 'a text document')
  return Y.encodeStateAsUpdate(doc)
}

const file = (name: string) => join(dir, name)

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'harvest-cli-'))
  await writeFile(file('room-1.bin'), boardBytes())
  await writeFile(file('pending.bin'), pendingBytes())
  await writeFile(file('other.bin'), notABoardBytes())
  await writeFile(file('empty.bin'), new Uint8Array())
  await writeFile(file('text.json'), '{"format": "sensemaking-harvest"}')
  await writeFile(
    file('noise.bin'),
    Uint8Array.from({ length: 200 }, (_, i) => (i * 7919 + 13) % 256),
  )
  await mkdir(file('a-directory'))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

// Bounds, not timings: each run starts node and tsx, slow on a busy 2-core machine.
describe.concurrent('harvest command line', { timeout: 120_000 }, () => {
  it('[H13.1] exports JSON to stdout by default, named after the file', async () => {
    const r = await run(file('room-1.bin'))
    expect(r.stderr).toBe('')
    expect(r.code).toBe(EXIT.ok)
    const h = HarvestSchema.parse(JSON.parse(r.stdout))
    expect(h.board).toMatchObject({ id: 'room-1', title: 'Breakout "B"', session: { id: 's1' } })
    expect(h.summary.notes).toBe(2)
  })

  it('[H13.1] --format md writes the Markdown report', async () => {
    const r = await run(file('room-1.bin'), '--format', 'md')
    expect(r.code).toBe(EXIT.ok)
    expect(r.stdout.split('\n')[0]).toBe('# Harvest: Breakout "B"')
    expect(r.stdout).toContain('- two\\\n  lines')
  })

  it('[H13.1] --format=csv --out FILE writes the CSV to the file, nothing to stdout', async () => {
    const out = file('room-1.csv')
    const r = await run(file('room-1.bin'), '--format=csv', '--out', out)
    expect(r).toEqual({ code: EXIT.ok, stdout: '', stderr: '' })
    const text = await readFile(out, 'utf8')
    expect(text.startsWith(BOM)).toBe(true)
    const rows = parseCsv(text)
    expect(rows).toHaveLength(3)
    expect(rows[1]).toContain('=1+1')
    expect(text).toContain("'=1+1")
  })

  it.each([
    ['no arguments', [], /no board file given; usage: /],
    ['an unknown format', ['x.bin', '--format', 'pdf'], /unknown format "pdf"/],
    ['a format without a value', ['x.bin', '--format'], /--format needs a value/],
    ['an unknown option', ['x.bin', '--bored'], /unknown option "--bored"/],
    ['two files', ['a.bin', 'b.bin'], /one board file only/],
  ])('[H13.1] exit 2 for %s', async (_, args, message) => {
    expectOneLineError(await run(...args), EXIT.usage, message)
  })

  it.each([
    ['a missing file', 'missing.bin', /cannot read .*missing\.bin: no such file or directory/],
    ['a directory', 'a-directory', /cannot read .*a-directory: it is a directory/],
  ])('[H13.1] exit 3 for %s', async (_, name, message) => {
    expectOneLineError(await run(file(name)), EXIT.unreadable, message)
  })

  it.each([
    ['an empty file', 'empty.bin'],
    ['a JSON text', 'text.json'],
    ['random bytes', 'noise.bin'],
  ])('[H13.1] exit 4 for %s (bytes that do not decode)', async (_, name) => {
    expectOneLineError(await run(file(name)), EXIT.notYjs, /is not a Yjs update/)
  })

  it.each([
    ['a Yjs document that is no board', 'other.bin', /has no formatVersion/],
    [
      'an update with structs left pending',
      'pending.bin',
      /refers to updates that are not in the file/,
    ],
  ])('[H13.1] exit 5 for %s', async (_, name, message) => {
    expectOneLineError(await run(file(name)), EXIT.notBoard, message)
  })

  it('[H13.1] exit 6 when the output cannot be written', async () => {
    const r = await run(file('room-1.bin'), '--out', join(dir, 'no-such-dir', 'h.json'))
    expectOneLineError(r, EXIT.writeFailed, /cannot write .*h\.json: no such file or directory/)
  })
})
