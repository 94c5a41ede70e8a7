/**
 * A Vite plugin that writes brotli (`x.br`) and gzip (`x.gz`) copies beside each compressible
 * file of the build, so the server sends them as they are (server/src/http/precompressed.ts)
 * and never compresses per request. Files under 256 bytes, and copies that save under a tenth,
 * are left out (index.html is over it).
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { extname, join, resolve } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import type { Plugin } from 'vite'

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt', '.wasm'])
const MIN_BYTES = 256
const MIN_SAVING = 0.1

function* filesUnder(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) yield* filesUnder(path)
    else yield path
  }
}

/** Write the compressed copies of every compressible file under `dir`; returns what it did. */
export function precompressDir(dir: string): { files: number; bytes: number; brotli: number } {
  let files = 0
  let bytes = 0
  let brotli = 0
  for (const file of [...filesUnder(dir)]) {
    if (!COMPRESSIBLE.has(extname(file).toLowerCase())) continue
    const data = readFileSync(file)
    if (data.length < MIN_BYTES) continue
    const br = brotliCompressSync(data, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    })
    const gz = gzipSync(data, { level: 9 })
    const keep = (c: Buffer) => c.length <= data.length * (1 - MIN_SAVING)
    if (keep(br)) writeFileSync(`${file}.br`, br)
    if (keep(gz)) writeFileSync(`${file}.gz`, gz)
    files++
    bytes += data.length
    brotli += keep(br) ? br.length : data.length
  }
  return { files, bytes, brotli }
}

export function precompress(): Plugin {
  let outDir = 'dist'
  return {
    name: 'sensemaking-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir)
    },
    closeBundle() {
      const r = precompressDir(outDir)
      const mb = (n: number) => (n / 1e6).toFixed(2)
      this.info?.(`precompressed ${r.files} files: ${mb(r.bytes)} MB → ${mb(r.brotli)} MB (brotli)`)
    },
  }
}
