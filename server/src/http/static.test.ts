/**
 * The built client over real HTTP on 127.0.0.1: compressed copies written at build time are
 * sent when the browser accepts them (brotli first), never a stale one, with the cache
 * headers of hashed assets and pages.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pickEncoding } from './precompressed'
import { StaticFiles } from './static'

const BUNDLE = `console.log(${JSON.stringify('the board '.repeat(2000))})\n`
let dir: string
let server: Server
let base: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'static-'))
  mkdirSync(join(dir, 'assets'))
  const write = (name: string, data: string | Buffer) => writeFileSync(join(dir, name), data)
  write('index.html', `<!doctype html><title>Board</title>${'<p>x</p>'.repeat(100)}`)
  write('index.html.br', brotliCompressSync(Buffer.from('stale copy of an earlier build')))
  // The copy is older than the page: it belongs to an earlier build and must not be sent.
  utimesSync(join(dir, 'index.html.br'), new Date(1000), new Date(1000))
  write('assets/index-abc123.js', BUNDLE)
  write('assets/index-abc123.js.br', brotliCompressSync(Buffer.from(BUNDLE)))
  write('assets/index-abc123.js.gz', gzipSync(Buffer.from(BUNDLE)))
  write('assets/only-gzip-1.css', 'body{color:red}'.repeat(100))
  write('assets/only-gzip-1.css.gz', gzipSync(Buffer.from('body{color:red}'.repeat(100))))
  write('assets/font-1.woff2', Buffer.alloc(2000, 7))
  const files = new StaticFiles(dir)
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    if (!files.serve(req, res, path)) {
      res.writeHead(404)
      res.end()
    }
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise((r) => server.close(r))
  rmSync(dir, { recursive: true, force: true })
})

/** A GET with node:http, which (unlike fetch) hands over the body as sent, still encoded. */
function get(path: string, acceptEncoding?: string, method = 'GET') {
  return new Promise<{ status: number; body: Buffer; h(name: string): string | null }>(
    (resolve, reject) => {
      const req = request(
        base + path,
        {
          method,
          headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding },
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks),
              h: (n) => {
                const v = res.headers[n]
                return v === undefined ? null : String(v)
              },
            }),
          )
        },
      )
      req.on('error', reject)
      req.end()
    },
  )
}

describe('pickEncoding', () => {
  const both = new Set(['br', 'gzip'] as const)
  it.each([
    [undefined, null],
    ['', null],
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['gzip;q=1, br;q=0.5', 'gzip'],
    ['*', 'br'],
    ['*;q=0', null],
    ['identity', null],
    ['BR', 'br'],
    ['br;q=abc, gzip;q=0.1', 'gzip'],
  ] as const)('Accept-Encoding %j gives %j', (header, expected) => {
    expect(pickEncoding(header, both)).toBe(expected)
  })

  it('offers only the copies that exist', () => {
    expect(pickEncoding('br, gzip', new Set(['gzip'] as const))).toBe('gzip')
    expect(pickEncoding('br', new Set(['gzip'] as const))).toBe(null)
  })
})

describe('StaticFiles', () => {
  it('sends the brotli copy of a hashed bundle to a browser that accepts it, cached for a year', async () => {
    const { status, body, h } = await get('/assets/index-abc123.js', 'gzip, deflate, br, zstd')
    expect(status).toBe(200)
    expect(h('content-encoding')).toBe('br')
    expect(h('vary')).toBe('accept-encoding')
    expect(h('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(Number(h('content-length'))).toBe(body.length)
    expect(body.length).toBeLessThan(BUNDLE.length / 10)
    expect(brotliDecompressSync(body).toString()).toBe(BUNDLE)
  })

  it('sends gzip where brotli is not accepted, and the file itself where nothing is', async () => {
    const gz = await get('/assets/index-abc123.js', 'gzip')
    expect(gz.h('content-encoding')).toBe('gzip')
    expect(gunzipSync(gz.body).toString()).toBe(BUNDLE)
    const plain = await get('/assets/index-abc123.js', 'identity')
    expect(plain.h('content-encoding')).toBeNull()
    expect(plain.body.toString()).toBe(BUNDLE)
    const css = await get('/assets/only-gzip-1.css', 'br, gzip')
    expect(css.h('content-encoding')).toBe('gzip')
  })

  it('never sends a copy older than its file, and pages are not cached', async () => {
    const { h, body } = await get('/b/some-board', 'br')
    expect(h('content-encoding')).toBeNull()
    expect(body.toString()).toContain('<title>Board</title>')
    expect(h('cache-control')).toBe('no-cache')
  })

  it('leaves files that are compressed already alone', async () => {
    const { h } = await get('/assets/font-1.woff2', 'br, gzip')
    expect(h('content-encoding')).toBeNull()
    expect(h('vary')).toBeNull()
  })

  it('answers HEAD with the headers of the copy it would send', async () => {
    const { h, body } = await get('/assets/index-abc123.js', 'br', 'HEAD')
    expect(h('content-encoding')).toBe('br')
    expect(Number(h('content-length'))).toBeLessThan(BUNDLE.length / 10)
    expect(body.length).toBe(0)
  })
})
