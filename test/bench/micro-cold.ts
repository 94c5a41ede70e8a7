/**
 * The cold open of one board in rounds, builds alternating (diagnostics):
 *
 *   npx tsx test/bench/micro-cold.ts [rounds] [notes] --variant "" --variant server/dist/other.mjs
 *
 * Each round writes a board of `notes` notes (default 2,000) into a fresh server of the build,
 * restarts it on its data dir and times a fresh client's first full sync, as `npm run bench`'s
 * cold open does. "" is the current bundle (`npm run build -w server` first); another build is
 * kept in server/dist with its chunks. Prints the open, the connect and the server's CPU
 * beside the machine's load average.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { REPO_ROOT, startChild } from './childServer'
import { coldOpenRound } from './coldOpen'
import { FULL } from './config'
import { forkWorkers } from './workerPool'

const args = process.argv.slice(2)
const variants: string[] = []
for (let i = 0; i < args.length; i++) if (args[i] === '--variant') variants.push(args[++i] ?? '')
const plain = args.filter((a, i) => a !== '--variant' && args[i - 1] !== '--variant')
const rounds = Number(plain[0] ?? 3)
const notes = Number(plain[1] ?? FULL.coldOpen.notes)
if (variants.length === 0) variants.push('')

const [opener] = await forkWorkers(1, 2000)
try {
  for (let r = 0; r < rounds; r++) {
    for (const v of variants) {
      const bundle = v ? resolve(REPO_ROOT, v) : undefined
      const dataDir = mkdtempSync(join(tmpdir(), 'micro-cold-'))
      let s = await startChild({
        kind: 'project',
        dataDir,
        runtime: 'bundle',
        ...(bundle ? { bundle } : {}),
      })
      try {
        const x = await coldOpenRound(s, notes, FULL.coldOpen.writers, opener!, bundle)
        s = x.server
        const o = x.round
        console.log(
          `round ${r + 1} [${v || 'default'}] open ${o.openMs.toFixed(1)} ms (connect ${o.connectMs.toFixed(1)}, first message ${o.firstMessageMs.toFixed(1)}, ` +
            `synced ${o.syncedMs.toFixed(1)}, client apply ${o.clientApplyMs.toFixed(1)}), ` +
            `server ${o.serverCpuMs.toFixed(0)} ms CPU, load ${loadavg()[0]!.toFixed(2)}`,
        )
      } finally {
        await s.stop()
        rmSync(dataDir, { recursive: true, force: true })
      }
    }
  }
} finally {
  await opener!.close()
}
