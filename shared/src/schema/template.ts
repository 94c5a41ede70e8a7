/** Board templates: the column definitions and the tag set a board is seeded with [F2]. */

/** A kind of note a column offers (an early outcome, a blind spot…) [F2.8]. */
export interface KindDef {
  id: string
  title: string
}

export interface ColumnDef {
  id: string
  title: string
  prompt: string
  order: number
  /** The kinds of note this column offers, in display order; none when absent [F2.8]. */
  kinds?: KindDef[]
  /** The heading of this column's part in the harvest report; the title when absent [F2.9]. */
  heading?: string
}

export interface TagDef {
  id: string
  label: string
  color: string
}

export interface Template {
  id: string
  name: string
  columns: ColumnDef[]
  tags: TagDef[]
}

/**
 * The six levers of change (ids as used in data). The colours are told apart by people with
 * deuteranopia or protanopia too (CIEDE2000 ≥ 15 between every pair, see the client's
 * levers test) and each stands out against white paper (3:1 or more).
 */
export const LEVERS: TagDef[] = [
  { id: 'technology-infrastructure', label: 'Technology and infrastructure', color: '#0b5fe8' },
  { id: 'democracy-participation', label: 'Democracy and participation', color: '#583d6b' },
  { id: 'finance-funding', label: 'Finance and funding', color: '#26775e' },
  { id: 'governance-policy', label: 'Governance and policy', color: '#af1010' },
  { id: 'social-innovation', label: 'Social innovation', color: '#c98000' },
  { id: 'learning-capabilities', label: 'Learning, capabilities and skills', color: '#2da1aa' },
]

/** What? / So What? / Now What?, with the prompts of the harvest template. */
export const W3_TEMPLATE: Template = {
  id: 'w3',
  name: 'What? / So What? / Now What?',
  columns: [
    {
      id: 'what',
      title: 'What?',
      prompt: 'Looking back: primary discussions, significant developments, barriers and enablers.',
      order: 0,
      heading: 'Looking back (What?) – early outcomes and strategic learnings',
      kinds: [
        { id: 'early-outcome', title: 'Early outcome' },
        { id: 'strategic-learning', title: 'Strategic learning' },
      ],
    },
    {
      id: 'so-what',
      title: 'So What?',
      prompt:
        'Key insights and emerging patterns: common challenges, aha moments, possibilities, blind spots.',
      order: 1,
      heading:
        'Emerging patterns (So What?) – common challenges, insights and aha moments, possibilities, blind spots',
      kinds: [
        { id: 'challenge', title: 'Common challenge' },
        { id: 'insight', title: 'Insight or aha moment' },
        { id: 'possibility', title: 'Possibility' },
        { id: 'blind-spot', title: 'Blind spot' },
      ],
    },
    {
      id: 'now-what',
      title: 'Now What?',
      prompt:
        'Looking ahead: ideas, synergies, revised actions, and the enablers, risks and needs anticipated.',
      order: 2,
      heading:
        'Looking ahead (Now What?) – ideas, synergies, revised actions or outcomes, risks or needs',
      kinds: [
        { id: 'idea', title: 'Idea' },
        { id: 'synergy', title: 'Synergy' },
        { id: 'revised-action', title: 'Revised action or outcome' },
        { id: 'risk-or-need', title: 'Risk or need' },
      ],
    },
  ],
  tags: LEVERS,
}

/** A second template, to show that views and the harvest follow a board's own definitions. */
export const RETRO_TEMPLATE: Template = {
  id: 'retro',
  name: 'Went well / To improve / Actions',
  columns: [
    { id: 'went-well', title: 'Went well', prompt: 'What worked for us?', order: 0 },
    { id: 'to-improve', title: 'To improve', prompt: 'What got in the way?', order: 1 },
    { id: 'actions', title: 'Actions', prompt: 'What will we try next?', order: 2 },
  ],
  tags: [
    { id: 'people', label: 'People', color: '#0b5fe8' },
    { id: 'process', label: 'Process', color: '#c98000' },
    { id: 'tools', label: 'Tools', color: '#26775e' },
  ],
}

export const DEFAULT_TEMPLATE = W3_TEMPLATE

export const TEMPLATES: Readonly<Record<string, Template>> = {
  [W3_TEMPLATE.id]: W3_TEMPLATE,
  [RETRO_TEMPLATE.id]: RETRO_TEMPLATE,
}
