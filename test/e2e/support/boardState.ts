/**
 * What a board holds, as tests read it: live note texts of a replica, the texts of the board's
 * harvest as the server exports it, and the private-draft counts people publish in awareness.
 */
import { type Harvest, liveNotes, readBoard, readPresence } from '@sensemaking/shared'
import type * as Y from 'yjs'
import type { NodeClient } from './nodeClient'
import type { CreatedSession, TestServer } from './server'

/** Texts of the notes of `doc` that are not deleted. */
export const liveTexts = (doc: Y.Doc): string[] =>
  liveNotes(readBoard(doc).notes).map((n) => n.text)

/** Every note text of a board's harvest (columns and parking lot), fetched as a facilitator. */
export async function harvestTexts(
  server: TestServer,
  board: CreatedSession['boards'][number],
): Promise<string[]> {
  const h = await server.getJson<Harvest>(
    `/api/boards/${board.id}/harvest?format=json`,
    board.links.facilitator.token,
  )
  return [...h.columns.flatMap((c) => c.notes), ...h.parkingLot].map((n) => n.text)
}

/** The `drafts` count a person publishes in awareness, as `watcher`'s client sees it. */
export function draftsOf(watcher: NodeClient, personId: string): number | undefined {
  for (const s of watcher.provider.awareness.getStates().values()) {
    const p = readPresence(s)
    if (p.user?.id === personId) return p.drafts
  }
  return undefined
}
