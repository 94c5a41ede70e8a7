/**
 * `--board ID` and `--session ID`: the harvest command line reads the server's data dir, as a
 * child process, while the server runs (a second SQLite reader) and after it stopped.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createNote, HarvestSchema, SessionHarvestSchema } from '@sensemaking/shared'
import { afterAll, describe, expect, it } from 'vitest'
import { newTestServer } from '../testing/newTestServer'
import { waitFor } from '../testing/waitFor'
import { EXIT } from './exitCodes'

const script = fileURLToPath(new URL('./harvest.ts', import.meta.url))
const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

function run(env: Record<string, string>, ...args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', script, ...args],
      { timeout: 90_000, env: { PATH: process.env.PATH ?? '', ...env } },
      (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr })
      },
    )
  })
}

// Bounds, not timings: each run starts node and tsx, slow on a busy 2-core machine.
describe('harvest from the data dir', { timeout: 180_000 }, () => {
  it('exports a board and a session with the server running, and after it stopped', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'harvest-datadir-'))
    dirs.push(dataDir)
    const t = await newTestServer({ dataDir })
    try {
      const s = await t.createSession({ title: 'Cluster 2', boards: ['Mobility', 'Housing'] })
      const board = s.boards[0]!
      const c = t.client(board.id, board.links.participant.token)
      await c.synced
      createNote(c.doc, {
        text: 'Lahti: wellbeing moves commuters',
        column: 'what',
        city: 'Lahti',
        authorId: 'u-c',
      })
      // The server stores before it relays: once another client has the note, so has the disk.
      const watcher = t.client(board.id, board.links.observer.token)
      await waitFor(() => watcher.doc.getMap('notes').size === 1)
      const [live, md] = await Promise.all([
        run({ DATA_DIR: dataDir }, '--board', board.id),
        run({ DATA_DIR: dataDir }, '--session', s.id, '--format', 'md'),
      ])
      expect(live.code).toBe(EXIT.ok)
      expect(HarvestSchema.parse(JSON.parse(live.stdout)).board.id).toBe(board.id)
      expect(live.stdout).toContain('Lahti: wellbeing moves commuters')
      expect(md.code).toBe(EXIT.ok)
      expect(md.stdout).toContain('Lahti: wellbeing moves commuters')
      expect(md.stdout).toContain('Housing')

      await t.close()
      const after = await run({}, '--session', s.id, '--data-dir', dataDir)
      expect(after.code).toBe(EXIT.ok)
      const session = SessionHarvestSchema.parse(JSON.parse(after.stdout))
      expect(session.boards.map((b) => b.board.id)).toEqual(s.boards.map((b) => b.id))
      expect(after.stdout).toContain('Lahti: wellbeing moves commuters')

      const [missing, both, nowhere] = await Promise.all([
        run({ DATA_DIR: dataDir }, '--board', 'no-such-board'),
        run({ DATA_DIR: dataDir }, '--board', board.id, '--session', s.id),
        run({ DATA_DIR: join(dataDir, 'nope') }, '--board', board.id),
      ])
      expect(missing.code).toBe(EXIT.notFound)
      expect(missing.stderr).toMatch(/^harvest: no board "no-such-board" in .+\n$/)
      expect(both.code).toBe(EXIT.usage)
      expect(nowhere.code).toBe(EXIT.unreadable)
      expect(nowhere.stderr.split('\n').filter(Boolean)).toHaveLength(1)
    } finally {
      await t.close()
    }
  })
})
