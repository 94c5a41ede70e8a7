/**
 * Which process serves a data dir: the server keeps its process id in `DATA_DIR/server.pid`
 * while it runs, so the command line refuses to erase offline beside it (the server's rooms
 * hold documents in memory that would write the erased words back).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const PID_FILE = 'server.pid'

/** Record that this process serves `dataDir`; returns the release. */
export function holdDataDir(dataDir: string): () => void {
  const path = join(dataDir, PID_FILE)
  writeFileSync(path, `${process.pid}\n`)
  return () => {
    try {
      if (readFileSync(path, 'utf8').trim() === String(process.pid)) rmSync(path)
    } catch {
      // Gone already.
    }
  }
}

/** The process id of a server running on `dataDir`, or null (none, or a stale file). */
export function serverOn(dataDir: string): number | null {
  let pid: number
  try {
    pid = Number(readFileSync(join(dataDir, PID_FILE), 'utf8').trim())
  } catch {
    return null
  }
  if (!Number.isInteger(pid) || pid <= 0) return null
  if (pid === process.pid) return pid
  try {
    process.kill(pid, 0)
    return pid
  } catch (e) {
    // EPERM: a process of another user has that id, alive.
    return (e as NodeJS.ErrnoException).code === 'EPERM' ? pid : null
  }
}
