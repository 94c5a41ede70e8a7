/** A harvest in the format asked for, as the text to write. */
import {
  type Harvest,
  harvestToCsv,
  harvestToMarkdown,
  type SessionHarvest,
  sessionHarvestToCsv,
  sessionHarvestToMarkdown,
} from '@sensemaking/shared'
import type { Format } from './args'

export function render(h: Harvest, format: Format): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(h, null, 2)}\n`
    case 'md':
      return harvestToMarkdown(h)
    case 'csv':
      return harvestToCsv(h)
  }
}

export function renderSession(h: SessionHarvest, format: Format): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(h, null, 2)}\n`
    case 'md':
      return sessionHarvestToMarkdown(h)
    case 'csv':
      return sessionHarvestToCsv(h)
  }
}
