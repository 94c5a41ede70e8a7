/**
 * What a start evaluates: `npm start` runs the bundle (`npm run build -w server`), whose entry
 * and the chunks it imports statically are evaluated before the server listens; everything
 * else is a chunk loaded by `import()` on first use. The bundle is built here as the build
 * script builds it (esbuild, code splitting, better-sqlite3 external), and the modules of the
 * start's chunks are read from esbuild's metafile. A module that joins the start costs every
 * server its memory for its whole life (zod alone some 5 MB of resident memory), so what one
 * node without requests never runs stays out: the request bodies' schemas and zod (the HTTP
 * API's chunk, and the writes' arguments as they cross between nodes), several nodes' code
 * (Redis, leases, the other nodes' rooms), PostgreSQL, prom-client. The API's chunk, loaded by
 * its first request, builds the request and answer schemas it reads with zod's mini API
 * (`zod/mini`: no methods attached to every schema, a third of the classic API's code), and
 * not the harvest's (some hundred more schemas that only an import of a harvest reads).
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

/** The input modules of the chunks loading `entryInput` evaluates (its chunk and static imports). */
function loadedModules(meta: Metafile, entryInput = 'src/main.ts'): string[] {
  const outputs = Object.entries(meta.outputs)
  const entry =
    outputs.find(([, o]) => o.entryPoint === entryInput) ??
    outputs.find(([, o]) => (o.inputs[entryInput]?.bytesInOutput ?? 0) > 0)
  if (!entry) throw new Error(`no output for ${entryInput}`)
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

/** The server's bundle as the build script makes it, with esbuild's metafile. */
async function bundle(): Promise<Metafile> {
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
  return metafile
}

describe('a start of the bundled server', () => {
  it('evaluates no schema library, cluster, PostgreSQL or metrics code', async () => {
    const modules = loadedModules(await bundle())
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

  it("builds its schemas with zod's mini API, and the harvest's on no request of the HTTP API", async () => {
    const modules = loadedModules(await bundle(), 'src/http/api/routes.ts')
    // The check reads what it should: the API's chunk holds its routes and the request bodies.
    expect(modules).toContain('src/http/api/sessions.ts')
    expect(modules.some((m) => m.endsWith('shared/src/api/schemas.ts'))).toBe(true)
    expect(modules.some((m) => m.endsWith('shared/src/harvest/export.ts'))).toBe(true)
    expect(
      modules.filter((m) => /shared\/src\/harvest\/(schema|import|jsonSchema)\.ts$/.test(m)),
    ).toEqual([])
    // zod's classic API (methods on every schema, 143 KB of the chunk against 46) stays out.
    expect(modules.some((m) => m.includes('node_modules/zod/v4/mini/'))).toBe(true)
    expect(modules.filter((m) => m.includes('node_modules/zod/v4/classic/'))).toEqual([])
  })
})
