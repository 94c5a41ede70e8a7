/**
 * What a start evaluates: `npm start` runs the bundle (`npm run build -w server`), whose entry
 * and the chunks it imports statically are evaluated before the server listens; everything
 * else is a chunk loaded by `import()` on first use. The bundle is built here as the build
 * script builds it (esbuild, code splitting, better-sqlite3 external), and the modules of the
 * start's chunks are read from esbuild's metafile. A module that joins the start costs every
 * server its memory for its whole life (zod alone some 5 MB of resident memory), so what one
 * node without requests never runs stays out: the request bodies' schemas and zod (the HTTP
 * API's chunk, and the writes' arguments as they cross between nodes), several nodes' code
 * (Redis, leases, the other nodes' rooms), PostgreSQL, prom-client.
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Metafile } from 'esbuild'
import { describe, expect, it } from 'vitest'

const SERVER = join(dirname(fileURLToPath(import.meta.url)), '..')

/** The build script's esbuild command for the server's entry. */
function buildCommand(): string {
  const pkg = JSON.parse(readFileSync(join(SERVER, 'package.json'), 'utf8')) as {
    scripts: { build: string }
  }
  const cmd = pkg.scripts.build.split('&&').find((c) => c.includes('src/main.ts'))
  if (!cmd) throw new Error('the build script does not bundle src/main.ts')
  return cmd
}

/** The input modules of the chunks a start evaluates (the entry and its static imports). */
function startModules(meta: Metafile): string[] {
  const outputs = Object.entries(meta.outputs)
  const entry = outputs.find(([, o]) => o.entryPoint === 'src/main.ts')
  if (!entry) throw new Error('no output for src/main.ts')
  const seen = new Set<string>([entry[0]])
  const queue = [entry[0]]
  while (queue.length > 0) {
    const out = meta.outputs[queue.shift()!]!
    for (const i of out.imports) {
      if (i.kind !== 'import-statement' || i.external || seen.has(i.path)) continue
      seen.add(i.path)
      queue.push(i.path)
    }
  }
  return [...seen].flatMap((o) =>
    Object.entries(meta.outputs[o]!.inputs)
      .filter(([, v]) => v.bytesInOutput > 0)
      .map(([input]) => input),
  )
}

describe('a start of the bundled server', () => {
  it('evaluates no schema library, cluster, PostgreSQL or metrics code', async () => {
    const cmd = buildCommand()
    expect(cmd).toContain('--splitting')
    expect(cmd).toContain('--external:better-sqlite3')
    const { metafile } = await build({
      absWorkingDir: SERVER,
      entryPoints: ['src/main.ts'],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      splitting: true,
      outdir: 'dist-test-unused',
      outExtension: { '.js': '.mjs' },
      external: ['better-sqlite3'],
      write: false,
      metafile: true,
      logLevel: 'silent',
    })
    const modules = startModules(metafile)
    // The check reads what it should: the start holds the rooms, the sync endpoint and Yjs.
    expect(modules).toContain('src/rooms/Room.ts')
    expect(modules).toContain('src/ws/syncServer.ts')
    expect(modules.some((m) => m.includes('node_modules/yjs/'))).toBe(true)
    const unwanted = modules.filter((m) =>
      /node_modules\/(zod|ioredis|pg|prom-client)\/|src\/cluster\/(cluster|leases|remoteRooms|rotatedLinks|personCodes)\.ts|src\/http\/(api\/routes|boardWriteArgs)\.ts|src\/storage\/pg\//.test(
        m,
      ),
    )
    expect(unwanted).toEqual([])
  })
})
