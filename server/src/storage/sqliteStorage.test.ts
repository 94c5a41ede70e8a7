import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { corruptSqliteRow, corruptSqliteSnapshot } from '../testing/corrupt'
import { openSqliteStorage } from './sqliteStorage'
import { storageContractSuite } from './storageContract'
import type { BoardStorage } from './types'

storageContractSuite('SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'board-sqlite-'))
  let storage: BoardStorage = openSqliteStorage(dir)
  return {
    get storage() {
      return storage
    },
    corruptRow: (seq) => corruptSqliteRow(dir, seq),
    corruptSnapshot: (boardId) => corruptSqliteSnapshot(dir, boardId),
    reopen() {
      storage.close()
      storage = openSqliteStorage(dir)
      return storage
    },
    cleanup() {
      storage.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
})
