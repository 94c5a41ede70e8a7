/**
 * Build script (`npm run schema -w shared`): writes shared/harvest.schema.json from the zod
 * source [H1]. The only file under shared/src that touches the file system.
 */
import { harvestJsonSchemaText } from './jsonSchema'

// `shared` compiles without Node's types (it is pure code); this script runs under Node, so
// it declares the little of Node it uses.
declare const process: {
  argv: string[]
  getBuiltinModule(id: 'node:fs'): { writeFileSync(path: string, data: string): void }
  stdout: { write(text: string): void }
}

const script = process.argv[1] ?? ''
const target = script.replace(/src[\\/]harvest[\\/]writeSchema\.ts$/, 'harvest.schema.json')
if (target === script) throw new Error(`Run this file by its path, not from ${script}`)
process.getBuiltinModule('node:fs').writeFileSync(target, harvestJsonSchemaText())
process.stdout.write(`wrote ${target}\n`)
