/**
 * A y-websocket client in Node (the same provider the browser uses), for seeding boards and
 * for watching a board's document from outside the browser.
 */
import { WebSocket as WsWebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import type { Person } from './browser'
import { waitFor } from './waitFor'

export interface NodeClient {
  doc: Y.Doc
  provider: WebsocketProvider
  /** Document updates received from the server since connecting. */
  updates: number
  close(): void
}

export async function connectNode(
  serverUrl: string,
  boardId: string,
  token: string,
  /** A person the server signed (`signIn`): the client presents their credential [F14.2]. */
  person?: Person,
): Promise<NodeClient> {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(`${serverUrl.replace(/^http/, 'ws')}/sync`, boardId, doc, {
    params: person?.credential ? { token, person: person.credential } : { token },
    WebSocketPolyfill: WsWebSocket as unknown as typeof WebSocket,
    disableBc: true,
  })
  const client: NodeClient = {
    doc,
    provider,
    updates: 0,
    close() {
      provider.destroy()
      doc.destroy()
    },
  }
  doc.on('update', (_u: Uint8Array, origin: unknown) => {
    if (origin === provider) client.updates++
  })
  await waitFor(() => provider.synced, { what: `sync of board ${boardId}`, timeoutMs: 15_000 })
  return client
}

/** Run writes on a fresh connection and wait until a second connection sees their result. */
export async function seedBoard(
  serverUrl: string,
  boardId: string,
  token: string,
  write: (doc: Y.Doc) => void,
  check: (doc: Y.Doc) => boolean,
): Promise<void> {
  const writer = await connectNode(serverUrl, boardId, token)
  write(writer.doc)
  try {
    await waitFor(
      async () => {
        const reader = await connectNode(serverUrl, boardId, token)
        try {
          return check(reader.doc)
        } finally {
          reader.close()
        }
      },
      { what: 'the seeded board on the server', timeoutMs: 30_000, intervalMs: 200 },
    )
  } finally {
    writer.close()
  }
}
