/**
 * Harvest downloads. Facilitators get the server's harvest (the board as everyone saw it);
 * others, and anyone whose link stopped working, get one computed from the copy on this
 * device with the same pure functions.
 */
import {
  exportHarvest,
  type HarvestFormat,
  harvestToCsv,
  harvestToMarkdown,
} from '@sensemaking/shared'
import type * as Y from 'yjs'
import { fetchHarvest } from '../lib/api'
import { downloadBlob, fileStem } from './download'

const TYPES: Record<HarvestFormat, string> = {
  json: 'application/json',
  md: 'text/markdown;charset=utf-8',
  csv: 'text/csv;charset=utf-8',
}

/** The harvest of the local document in one format. */
export function localHarvest(doc: Y.Doc, boardId: string, format: HarvestFormat): Blob {
  const h = exportHarvest(doc, { boardId })
  const text =
    format === 'json'
      ? `${JSON.stringify(h, null, 2)}\n`
      : format === 'md'
        ? harvestToMarkdown(h)
        : harvestToCsv(h)
  return new Blob([text], { type: TYPES[format] })
}

export interface HarvestSource {
  doc: Y.Doc
  boardId: string
  token: string
  title: string
  /** Use the server's harvest (facilitator tokens). */
  fromServer: boolean
}

/** Download the harvest; falls back to the local copy when the server cannot answer. */
export async function downloadHarvest(src: HarvestSource, format: HarvestFormat): Promise<void> {
  let blob: Blob
  if (src.fromServer) {
    try {
      blob = await fetchHarvest(src.boardId, src.token, format)
    } catch {
      blob = localHarvest(src.doc, src.boardId, format)
    }
  } else {
    blob = localHarvest(src.doc, src.boardId, format)
  }
  downloadBlob(blob, `${fileStem(src.title)}-harvest.${format}`)
}
