import { MemoryStorage } from './memoryStorage'
import { storageContractSuite } from './storageContract'

storageContractSuite('memory', () => {
  const storage = new MemoryStorage()
  return {
    storage,
    corruptRow: (seq) => storage.corruptRow(seq),
    corruptSnapshot: (boardId) => storage.corruptSnapshot(boardId),
    cleanup: () => storage.close(),
  }
})
