import pino from 'pino'
import { createLogger } from '../logger'

/** Tests run quiet. */
export const silentLogger = () => pino({ level: 'silent' })

/** The server's own logger at debug level, every line kept for the test to read. */
export function capturingLogger(): { logger: pino.Logger; lines: string[] } {
  const lines: string[] = []
  const logger = createLogger('debug', { write: (line: string) => void lines.push(line) })
  return { logger, lines }
}
