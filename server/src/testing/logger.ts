import pino from 'pino'

/** Tests run quiet. */
export const silentLogger = () => pino({ level: 'silent' })
