/**
 * Compressed copies of the built client: the build writes `x.br` and `x.gz` beside each
 * compressible file (client/build/precompress.ts), and the server answers with one of them
 * when the browser accepts it. Nothing is compressed per request, so a 1.8 MB bundle costs
 * the event loop no more than a read.
 */
import { statSync } from 'node:fs'

/** The encodings the build writes, best first, with the suffix of their files. */
export const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const

export type Encoding = (typeof ENCODINGS)[number]['name']

/** Types worth compressing (text); images, fonts and the like are compressed already. */
export const COMPRESSIBLE = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.json',
  '.svg',
  '.txt',
  '.webmanifest',
  '.map',
  '.wasm',
])

/**
 * The q-value `Accept-Encoding` gives an encoding (RFC 9110 §12.5.3): its own entry, else
 * `*`'s, else 0 (not acceptable). Malformed q-values read as 0.
 */
function quality(header: string, name: string): number {
  let star: number | null = null
  for (const part of header.split(',')) {
    const [token = '', ...params] = part.trim().toLowerCase().split(';')
    let q = 1
    for (const p of params) {
      const m = /^\s*q\s*=\s*(.*?)\s*$/.exec(p)
      if (m) q = /^[0-9.]+$/.test(m[1]!) ? Number.parseFloat(m[1]!) : Number.NaN
    }
    if (!Number.isFinite(q) || q < 0 || q > 1) q = 0
    const t = token.trim()
    if (t === name) return q
    if (t === '*') star = q
  }
  return star ?? 0
}

/**
 * The encoding to answer with: among those `available`, the one the header accepts with the
 * highest q-value (brotli first on a tie), or null (send the file as it is).
 */
export function pickEncoding(
  acceptEncoding: string | undefined,
  available: ReadonlySet<Encoding>,
): Encoding | null {
  if (!acceptEncoding) return null
  let best: { name: Encoding; q: number } | null = null
  for (const e of ENCODINGS) {
    if (!available.has(e.name)) continue
    const q = quality(acceptEncoding, e.name)
    if (q > 0 && (!best || q > best.q)) best = { name: e.name, q }
  }
  return best?.name ?? null
}

interface Siblings {
  key: string
  sizes: Map<Encoding, number>
}

/**
 * Which compressed copies a file has, and their sizes, remembered per file and version (its
 * size and mtime), so a request costs no more stat calls than the file's own.
 */
export class PrecompressedFiles {
  private readonly known = new Map<string, Siblings>()

  constructor(private readonly maxEntries = 2000) {}

  siblings(file: string, st: { size: number; mtimeMs: number }): Map<Encoding, number> {
    const key = `${st.size}:${st.mtimeMs}`
    const hit = this.known.get(file)
    if (hit?.key === key) return hit.sizes
    const sizes = new Map<Encoding, number>()
    for (const e of ENCODINGS) {
      try {
        const s = statSync(file + e.suffix)
        // A copy older than its file is of an earlier build: never send it.
        if (s.isFile() && s.mtimeMs >= st.mtimeMs) sizes.set(e.name, s.size)
      } catch {
        // No copy in this encoding.
      }
    }
    if (this.known.size >= this.maxEntries) this.known.clear()
    this.known.set(file, { key, sizes })
    return sizes
  }
}
