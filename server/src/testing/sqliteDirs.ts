/**
 * SQLite stores in temporary folders for a describe block: each opened store is closed and
 * each folder removed after every test.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import { openSqliteStorage } from '../storage/sqliteStorage'
import type { BoardStorage } from '../storage/types'

/** Call inside a describe: `newDir()` makes a folder named `prefix…`, `open(dir)` a store in it. */
export function sqliteDirs(prefix: string) {
  const dirs: string[] = []
  const stores: BoardStorage[] = []
  afterEach(() => {
    for (const s of stores.splice(0)) s.close()
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })
  return {
    newDir(): string {
      const d = mkdtempSync(join(tmpdir(), prefix))
      dirs.push(d)
      return d
    },
    open(dir: string): BoardStorage {
      const s = openSqliteStorage(dir)
      stores.push(s)
      return s
    },
  }
}
