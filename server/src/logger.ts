import pino from 'pino'

/**
 * The server's logger. Log lines carry no personal data: no names, cities or note text (the
 * code logs ids and counts), no tokens or author keys (paths that could hold one are redacted,
 * URLs with query strings are never logged), and no network addresses unless the operator
 * asks for them (LOG_IP=1). `destination` is for tests, which read what was logged.
 */
export function createLogger(level = 'info', destination?: pino.DestinationStream): pino.Logger {
  const options: pino.LoggerOptions = {
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
        'headers["x-author-key"]',
        '*.headers["x-author-key"]',
      ],
      censor: '[redacted]',
    },
  }
  return destination ? pino(options, destination) : pino(options)
}
