/**
 * The server as a person (or the fault and bench suites) runs it: `node --import tsx
 * server/src/main.ts` configured by environment, stopped with SIGTERM.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CLOSE } from '@sensemaking/shared'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { waitFor } from './testing/waitFor'

const entry = fileURLToPath(new URL('./main.ts', import.meta.url))
const cleanup: (() => void)[] = []
afterEach(() => {
  for (const f of cleanup.splice(0)) f()
})

function start(env: Record<string, string>) {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.on('data', (b: Buffer) => {
    out += b.toString()
  })
  child.stderr!.on('data', (b: Buffer) => {
    out += b.toString()
  })
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  )
  cleanup.push(() => child.kill('SIGKILL'))
  return { child, exited, output: () => out }
}

describe('main.ts', () => {
  it('starts from the environment, prints its links, and stops cleanly on SIGTERM (1012)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'board-main-'))
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }))
    const s = start({
      DATA_DIR: dataDir,
      PUBLIC_URL: 'https://boards.example.org',
      LOG_LEVEL: 'info',
    })
    await waitFor(() => /facilitator link:\n\s+\S+/.test(s.output()), 20_000, 'the demo link')
    const out = s.output()
    const port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1])
    expect(out).toContain(`Admin token made and kept in ${join(dataDir, 'admin-token')}`)
    const admin = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim()
    const link = /facilitator link:\n\s+https:\/\/boards\.example\.org\/s\/(\w+)#t=(\S+)/.exec(out)
    expect(admin).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect(link).not.toBeNull()
    expect(out).toMatch(/TLDRAW_LICENSE_KEY is not set/)
    expect(statSync(join(dataDir, 'admin-token')).mode & 0o777).toBe(0o600)
    expect(statSync(join(dataDir, 'server-secret')).mode & 0o777).toBe(0o600)

    // The demo session holds two boards with notes; connect to one of them.
    expect(out).toContain('Links use https://boards.example.org')
    const http = `http://127.0.0.1:${port}`
    const session = (await (
      await fetch(`${http}/api/sessions/${link![1]}`, {
        headers: { authorization: `Bearer ${link![2]}` },
      })
    ).json()) as { title: string; boards: { id: string; notes: { total: number } }[] }
    expect(session.title).toBe('Demo: climate-neutral cities')
    expect(session.boards).toHaveLength(2)
    expect(session.boards.every((b) => b.notes.total >= 5)).toBe(true)
    const ws = new WebSocket(
      `ws://127.0.0.1:${port}/sync/${session.boards[0]!.id}?token=${link![2]}`,
    )
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
    await new Promise((resolve) => ws.once('open', resolve))

    s.child.kill('SIGTERM')
    expect(await closed).toBe(CLOSE.shuttingDown.code)
    expect(await s.exited).toBe(0)
    // [G11] Info logs of all that never carry a token; the facilitator link is printed once,
    // the admin token never (the banner names its file).
    const count = (x: string) => s.output().split(x).length - 1
    expect([count(link![2]!), count(admin)]).toEqual([1, 0])

    // A second start on the same data dir keeps its admin token and makes no second demo; this
    // one with the operator's retention and privacy notice [R5, R8].
    const noticeFile = join(dataDir, 'notice.txt')
    writeFileSync(noticeFile, '# Our rules\nKept {days} days; warned {warnDays} days before.\n')
    const again = start({
      DATA_DIR: dataDir,
      RETENTION_DAYS: '12',
      RETENTION_WARN_DAYS: '3',
      PRIVACY_NOTICE: 'The city of Lahti keeps this board {days} days.',
      PRIVACY_NOTICE_FILE: noticeFile,
    })
    await waitFor(() => /Create a session at/.test(again.output()), 20_000, 'the second start')
    expect(again.output()).not.toContain('Demo session')
    expect(again.output()).toContain(`Admin token kept in ${join(dataDir, 'admin-token')}`)
    expect(again.output()).not.toContain(admin)
    const base = `http://127.0.0.1:${/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(again.output())?.[1]}`
    expect(await (await fetch(`${base}/api/privacy`)).json()).toEqual({
      short: 'The city of Lahti keeps this board 12 days.',
      full: '# Our rules\nKept 12 days; warned 3 days before.',
      retentionDays: 12,
      custom: true,
    })
    const made = (await (
      await fetch(`${base}/api/sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Retention from the environment', boards: 1 }),
      })
    ).json()) as { id: string; links: { facilitator: { token: string } } }
    const figures = (await (
      await fetch(`${base}/api/sessions/${made.id}`, {
        headers: { authorization: `Bearer ${made.links.facilitator.token}` },
      })
    ).json()) as { retention: { days: number; expiresAt: number; warnFrom: number } }
    expect(figures.retention.days).toBe(12)
    expect(figures.retention.expiresAt - figures.retention.warnFrom).toBe(3 * 24 * 60 * 60 * 1000)
    again.child.kill('SIGINT')
    expect(await again.exited).toBe(0)
  })

  it('[G11] refuses a short ADMIN_TOKEN with one line', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'board-main-'))
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }))
    const s = start({ ADMIN_TOKEN: 'letmein', DATA_DIR: dataDir })
    expect(await s.exited).toBe(1)
    expect(s.output().trim()).toBe(
      'board server: ADMIN_TOKEN must be at least 22 characters (it guards session creation and metrics)',
    )
  })

  it('refuses a bad PORT with one line', async () => {
    const s = start({ PORT: 'eighty', DATA_DIR: join(tmpdir(), 'never-made') })
    expect(await s.exited).toBe(1)
    expect(s.output().trim()).toBe('board server: PORT must be a port number, not "eighty"')
  })

  // A bound, not a timing: two runs of node and tsx, slow on a busy 2-core machine.
  it('[R5, R8] refuses a bad retention or an unreadable notice with one line', {
    timeout: 120_000,
  }, async () => {
    const never = join(tmpdir(), 'never-made')
    const [days, file] = [
      start({ RETENTION_DAYS: 'a month', DATA_DIR: never }),
      start({ PRIVACY_NOTICE_FILE: join(never, 'notice.txt'), DATA_DIR: never }),
    ]
    expect(await days.exited).toBe(1)
    expect(days.output().trim()).toBe(
      'board server: RETENTION_DAYS must be a whole number of days from 1 to 3650, not "a month"',
    )
    expect(await file.exited).toBe(1)
    expect(file.output().trim()).toBe('board server: PRIVACY_NOTICE_FILE cannot be read: ENOENT')
  })
})
