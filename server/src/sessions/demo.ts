/**
 * The demo session made on a first start: two breakout boards with a few example notes, so a
 * newcomer sees a board in use. Facts from the programme's year-one report, in our own words.
 */
import { createNote } from '@sensemaking/shared'
import type * as Y from 'yjs'
import type { BoardStorage } from '../storage/types'
import { createSession } from './createSession'

interface DemoNote {
  column: 'what' | 'so-what' | 'now-what'
  text: string
  city: string
  lever: string
  /** A kind of the column (F2.8): what a harvester would tag it as. */
  kind: string
}

export const DEMO_TITLE = 'Demo: climate-neutral cities'

const BOARDS: { name: string; notes: DemoNote[] }[] = [
  {
    name: 'Citizen action',
    notes: [
      {
        column: 'what',
        text: 'Climate Challenges run through local associations: groups design their own actions on waste, food and mobility.',
        city: 'Nantes',
        lever: 'democracy-participation',
        kind: 'early-outcome',
      },
      {
        column: 'what',
        text: 'Worked with companies in our biggest emitting sectors. Small firms are still hard to reach.',
        city: 'Turku',
        lever: 'governance-policy',
        kind: 'early-outcome',
      },
      {
        column: 'what',
        text: 'Co-creation workshops with students; a citizens’ assembly is in preparation.',
        city: 'Guimarães',
        lever: 'democracy-participation',
        kind: 'early-outcome',
      },
      {
        column: 'so-what',
        text: 'We all struggle to reach beyond the usual suspects. Talking about health and meeting neighbours works better than talking about limits.',
        city: 'Aachen',
        lever: 'social-innovation',
        kind: 'challenge',
      },
      {
        column: 'so-what',
        text: 'The plan has to survive a change of mayor: build commitment across parties early.',
        city: 'Guimarães',
        lever: 'governance-policy',
        kind: 'insight',
      },
      {
        column: 'now-what',
        text: 'Share behaviour-change tools between our three cities instead of building each one three times.',
        city: 'Mannheim',
        lever: 'learning-capabilities',
        kind: 'synergy',
      },
      {
        column: 'now-what',
        text: 'Ask a few large companies to act as ambassadors towards smaller ones.',
        city: 'Nantes',
        lever: 'social-innovation',
        kind: 'idea',
      },
    ],
  },
  {
    name: 'Financing the transition',
    notes: [
      {
        column: 'what',
        text: 'Three instruments in the making: a community investment vehicle, a venture fund, and developer contributions.',
        city: 'Bristol',
        lever: 'finance-funding',
        kind: 'early-outcome',
      },
      {
        column: 'what',
        text: 'A resident survey showed which building types and groups to target first for home renovation.',
        city: 'Budapest',
        lever: 'technology-infrastructure',
        kind: 'strategic-learning',
      },
      {
        column: 'so-what',
        text: 'Funding schemes reward new pilots, not scaling what already works.',
        city: 'Eindhoven',
        lever: 'finance-funding',
        kind: 'challenge',
      },
      {
        column: 'so-what',
        text: 'Bringing new partners together took far more effort than planned: trust first, then money.',
        city: 'Dijon',
        lever: 'democracy-participation',
        kind: 'insight',
      },
      {
        column: 'now-what',
        text: 'Bundle investments (for example with the energy grid) so investors carry less risk.',
        city: 'Bristol',
        lever: 'finance-funding',
        kind: 'idea',
      },
      {
        column: 'now-what',
        text: 'Our transition team is small and stretched: share knowledge across departments before people burn out.',
        city: 'Budapest',
        lever: 'learning-capabilities',
        kind: 'risk-or-need',
      },
    ],
  },
]

function populate(doc: Y.Doc, index: number): void {
  for (const n of BOARDS[index]?.notes ?? []) {
    createNote(
      doc,
      {
        text: n.text,
        column: n.column,
        lever: n.lever,
        kind: n.kind,
        city: n.city,
        author: 'Demo',
        authorId: 'demo',
      },
      { origin: 'demo' },
    )
  }
}

/** Create the demo session. */
export function createDemoSession(storage: BoardStorage, now?: () => number) {
  return createSession(
    storage,
    { title: DEMO_TITLE, boards: BOARDS.map((b) => b.name), template: 'w3' },
    { now, populate },
  )
}
