/**
 * The built client is served compressed: the page and its bundles go out with brotli (or
 * gzip) when the browser accepts it, from the copies the build wrote, byte for byte the files
 * of client/dist once decoded; hashed bundles are cached for a year, the page never.
 * Needs `npm run build` first.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLIENT_DIST, startTestServer, type TestServer } from './support/server'

let server: TestServer

/** A GET as a browser sends it, the body kept as it came (node:http does not decode). */
function get(path: string, acceptEncoding: string) {
  return new Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }>(
    (resolve, reject) => {
      const req = request(
        `${server.url}${path}`,
        { headers: { 'accept-encoding': acceptEncoding } },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }))
        },
      )
      req.on('error', reject)
      req.end()
    },
  )
}

beforeAll(async () => {
  server = await startTestServer()
})

afterAll(async () => {
  await server?.close()
})

describe('the client, compressed', () => {
  it('sends the page and every bundle it loads brotli-compressed to a browser that takes it', async () => {
    const page = await get('/b/some-board', 'gzip, deflate, br, zstd')
    expect(page.headers['content-encoding']).toBe('br')
    expect(page.headers['cache-control']).toBe('no-cache')
    const html = brotliDecompressSync(page.body).toString()
    expect(html).toBe(readFileSync(join(CLIENT_DIST, 'index.html'), 'utf8'))

    const bundles = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map(
      (m) => m[1]!,
    )
    // The canvas's code, loaded when the canvas opens: the biggest file of the build.
    bundles.push(
      ...readdirSync(join(CLIENT_DIST, 'assets'))
        .filter((f) => /^CanvasView-.*\.js$/.test(f))
        .map((f) => `/assets/${f}`),
    )
    expect(bundles.length).toBeGreaterThan(0)
    for (const path of bundles) {
      const res = await get(path, 'gzip, deflate, br, zstd')
      const raw = readFileSync(join(CLIENT_DIST, path))
      expect(res.headers['content-encoding'], path).toBe('br')
      expect(res.headers.vary).toBe('accept-encoding')
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable')
      expect(brotliDecompressSync(res.body).equals(raw), path).toBe(true)
      console.log(`[e2e] ${path}: ${raw.length} bytes, ${res.body.length} sent (brotli)`)
    }
  })

  it('sends gzip to a browser without brotli, and the file itself to one that takes neither', async () => {
    const html = await get('/', 'identity')
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html.body.toString())![1]!
    const raw = readFileSync(join(CLIENT_DIST, script))
    const gz = await get(script, 'gzip')
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gz.body).equals(raw)).toBe(true)
    const plain = await get(script, 'identity')
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body.equals(raw)).toBe(true)
  })
})
