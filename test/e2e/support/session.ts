/**
 * A board as a real session has it by the middle of a round, for the end-to-end tests of the
 * first ten minutes: notes in every column with levers (a few untagged, a few long), a theme,
 * and, on demand, every facilitation state on at once.
 */
import {
  createCluster,
  createNote,
  readMeta,
  setBroadcast,
  setPhase,
  setTimer,
  setVote,
  startPrivateWriting,
  tidyColumn,
  timerTransitions,
  W3_TEMPLATE,
} from '@sensemaking/shared'
import type * as Y from 'yjs'

const FAC = { origin: 'e2e-facilitator' }

const TEXTS = [
  'Bike lanes doubled in two years',
  'Citizen assemblies decided where a fifth of the climate budget goes',
  'Green bonds need a pipeline of projects',
  'The heat pump subsidy ran out in March',
  'District heating is now 40 % renewable',
  'Procurement rules slowed the e-bus tender by a year',
  'The youth council co-wrote the mobility plan',
  'Data sharing with the utility is still blocked by old contracts',
  'A one-stop shop for retrofits opened in the old library',
  'Schools teach energy literacy with a live dashboard of their own buildings',
]

/** A note long enough that no sticky shows all of it. */
export const LONG_TEXT =
  'Schools teach energy literacy with a city dashboard of live consumption data, and the ' +
  'pupils now run the heating schedule of two of the buildings themselves, which cut use by a ' +
  'tenth in the first winter; the caretakers were sceptical at first and are now the ones who ' +
  'explain it to visitors from the twin cities, and the council wants every school on it by ' +
  'next year, which needs a budget line nobody has found yet.'

export const PEOPLE = [
  { author: 'Aino Virtanen', city: 'Lahti', authorId: 'u-aino-seed' },
  { author: 'Léa Martin', city: 'Nantes', authorId: 'u-lea-seed' },
  { author: 'Jonas Berg', city: 'Umeå', authorId: 'u-jonas-seed' },
]

/**
 * `n` notes spread over the three columns (every seventh untagged, every eleventh long) and a
 * theme around the first two notes of What?. Returns the ids of the notes.
 */
export function seedNotes(doc: Y.Doc, n: number): string[] {
  const ids: string[] = []
  const levers = W3_TEMPLATE.tags.map((t) => t.id)
  for (let i = 0; i < n; i++) {
    ids.push(
      createNote(
        doc,
        {
          column: W3_TEMPLATE.columns[i % 3]!.id,
          text: i % 11 === 5 ? LONG_TEXT : TEXTS[i % TEXTS.length]!,
          lever: i % 7 === 6 ? null : levers[i % levers.length]!,
          ...PEOPLE[i % PEOPLE.length]!,
        },
        FAC,
      ),
    )
  }
  return ids
}

/**
 * A theme of notes `ids` of What?, laid out as the facilitator's "Tidy column" does: the
 * theme's notes on rows of their own with its frame around them, then the rest [F7.6].
 */
export function seedTheme(doc: Y.Doc, title: string, ids: string[]): void {
  createCluster(doc, { title, column: 'what', x: 0, y: 0, w: 400, h: 300, noteIds: ids }, FAC)
  tidyColumn(doc, 'what', FAC)
}

/** Phase, a running timer, private writing, an open dot vote and a message, all at once. */
export function everythingOn(doc: Y.Doc, now = Date.now()): void {
  doc.transact(() => {
    setPhase(doc, 'so-what', FAC)
    setTimer(doc, timerTransitions.start(10 * 60_000, now), FAC)
    startPrivateWriting(doc, FAC)
    setVote(doc, { status: 'open', dotsPerPerson: 3, round: 1 }, FAC)
    setBroadcast(
      doc,
      {
        message: 'Write alone for three minutes, then we share what surprised you in plenary',
        from: 'Dana',
        at: now,
        phase: readMeta(doc).phase,
        timerOn: true,
      },
      FAC,
    )
  }, FAC.origin)
}
