/**
 * The built client (client/dist): its files, and index.html for every page route (the client
 * routes on location.pathname). Hashed assets are cached for a year; index.html never. Text
 * files go out brotli- or gzip-compressed when the browser accepts it, from the copies the
 * build wrote beside them (precompressed.ts).
 */
import { createReadStream, existsSync, statSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import { PAGE_CSP } from './headers'
import { COMPRESSIBLE, ENCODINGS, PrecompressedFiles, pickEncoding } from './precompressed'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
}

/** Paths that are pages of the single-page app. */
export function isPageRoute(pathname: string): boolean {
  return (
    pathname === '/' ||
    pathname === '/new' ||
    pathname === '/privacy' ||
    /^\/b\/[^/]+\/?$/.test(pathname) ||
    /^\/s\/[^/]+\/?$/.test(pathname)
  )
}

export class StaticFiles {
  private readonly compressed = new PrecompressedFiles()

  constructor(private readonly dir: string) {}

  get built(): boolean {
    return existsSync(join(this.dir, 'index.html'))
  }

  /** Answer a GET/HEAD for a page or a file; false when the path is neither. */
  serve(req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
    const page = isPageRoute(pathname)
    if (!page && !extname(pathname)) return false
    if (!this.built) {
      res.writeHead(503, {
        'content-type': 'text/plain; charset=utf-8',
        'cache-control': 'no-store',
      })
      res.end('The client is not built yet: run `npm run build` (or `npm start`), then reload.\n')
      return true
    }
    const file = page ? join(this.dir, 'index.html') : this.resolve(pathname)
    if (!file) return false
    let size: number
    let mtimeMs: number
    try {
      const st = statSync(file)
      if (!st.isFile()) return false
      size = st.size
      mtimeMs = st.mtimeMs
    } catch {
      return false
    }
    const hashed = pathname.startsWith('/assets/')
    if (page) res.setHeader('content-security-policy', PAGE_CSP)
    const ext = extname(file).toLowerCase()
    const compressible = COMPRESSIBLE.has(ext)
    const copies = compressible ? this.compressed.siblings(file, { size, mtimeMs }) : null
    const encoding = copies
      ? pickEncoding(req.headers['accept-encoding'], new Set(copies.keys()))
      : null
    const body = encoding ? file + ENCODINGS.find((e) => e.name === encoding)!.suffix : file
    if (encoding) size = copies!.get(encoding)!
    if (compressible) res.setHeader('vary', 'accept-encoding')
    if (encoding) res.setHeader('content-encoding', encoding)
    res.writeHead(200, {
      'content-type': TYPES[ext] ?? 'application/octet-stream',
      'content-length': size,
      'cache-control': page
        ? 'no-cache'
        : hashed
          ? 'public, max-age=31536000, immutable'
          : 'public, max-age=3600',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    })
    if (req.method === 'HEAD') res.end()
    else {
      // A file removed under us (a rebuild) ends this answer, not the server.
      createReadStream(body)
        .on('error', () => res.destroy())
        .pipe(res)
    }
    return true
  }

  /** A file inside the client dir, never outside it. */
  private resolve(pathname: string): string | null {
    let rel: string
    try {
      rel = decodeURIComponent(pathname)
    } catch {
      return null
    }
    if (rel.includes('\0')) return null
    const file = normalize(join(this.dir, rel))
    return file.startsWith(this.dir.endsWith(sep) ? this.dir : this.dir + sep) ? file : null
  }
}
