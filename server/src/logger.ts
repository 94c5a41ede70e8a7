import pino from 'pino'

/**
 * The server's logger. Tokens never reach a log: paths that could hold one are redacted, and
 * the code logs board and session ids, never URLs with query strings.
 */
export function createLogger(level = 'info'): pino.Logger {
  return pino({
    level,
    redact: {
      paths: [
        'token',
        '*.token',
        'req.url',
        'url',
        '*.url',
        'headers.authorization',
        '*.headers.authorization',
      ],
      censor: '[redacted]',
    },
  })
}
