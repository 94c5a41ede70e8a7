/**
 * The reference server of the benchmark: y-websocket 1.5.4's own `setupWSConnection`
 * (bin/utils.js, installed as `y-websocket-ref`) on the same yjs 13 as the project, behind
 * `ws` on 127.0.0.1. It keeps documents in memory only (YPERSISTENCE stays unset) and checks
 * no token. Room names come from `/sync/<boardId>` like the project's server.
 *
 * Env: PORT (required), HOST (default 127.0.0.1). Prints `listening <port>` once ready.
 */
'use strict'
const http = require('node:http')
const { WebSocketServer } = require('ws')

if (process.env.YPERSISTENCE) {
  console.error('referenceServer: unset YPERSISTENCE, the reference must store nothing')
  process.exit(2)
}
const { setupWSConnection } = require('y-websocket-ref/bin/utils')

const port = Number(process.env.PORT)
const host = process.env.HOST || '127.0.0.1'
if (!Number.isInteger(port) || port < 0) {
  console.error('referenceServer: PORT must be a port number')
  process.exit(2)
}

const server = http.createServer((req, res) => {
  if (req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end('{"status":"ok"}')
    return
  }
  res.writeHead(404)
  res.end()
})
const wss = new WebSocketServer({ noServer: true })
server.on('upgrade', (req, socket, head) => {
  const path = (req.url || '').split('?')[0]
  const match = /^\/sync\/([^/]+)$/.exec(path)
  if (!match) {
    socket.destroy()
    return
  }
  wss.handleUpgrade(req, socket, head, (conn) => {
    setupWSConnection(conn, req, { docName: decodeURIComponent(match[1]) })
  })
})
server.listen(port, host, () => {
  console.log(`listening ${server.address().port}`)
})
const stop = () => {
  for (const c of wss.clients) c.terminate()
  server.close(() => process.exit(0))
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
