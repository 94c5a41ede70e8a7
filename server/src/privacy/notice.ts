/**
 * The privacy notice: a short paragraph on the join page and a fuller page (`/privacy`), both
 * replaceable by the operator (PRIVACY_NOTICE, PRIVACY_NOTICE_FILE). Plain text: paragraphs
 * separated by a blank line, a paragraph starting with `# ` is a heading; `{days}` and
 * `{warnDays}` stand for the default retention period and the dashboard's warning.
 */
import type { RetentionPolicy } from './retention'

export interface NoticeText {
  /** One short paragraph for the join page. */
  short: string
  /** The fuller page. */
  full: string
  /** True when the operator replaced any of it. */
  custom: boolean
}

const SHORT = `This board stores what you give it: your name and city, the notes you write and the dots you place. It is kept on this server, run by the session's organisers, for {days} days after the session is created (the date is below), then erased. Everyone with a link to this board sees your notes with your name and city, live. You can download or erase your own notes at any time from the board's menu.`

const FULL = `# What is stored
Your name and your city, as you type them when you join; the notes you write, with their column, lever and kind, where they sit on the board and when they were written and changed; the dots you place in a vote. Your device gets a random author id that marks your notes as yours; no account, no e-mail address, no password.

# Where
On the server that serves this page, run by the organisers of the session, in one database file. Your name and city are also remembered in this browser, so the next board does not ask again, and a copy of each board you open is kept in this browser so it works offline.

# How long
A session's boards are kept for {days} days after the session is created, unless the organisers chose another period: the join page shows the date. Then every note, theme and dot of the session's boards is erased. The facilitators are warned {warnDays} days before and can download the harvest (the structured summary of the session) first.

# Who sees it
Everyone who has a link to a board: the other participants, observers, facilitators and harvesters of the session. They see your notes with your name and city next to them, live. The harvest that facilitators download after the session lists the notes with their cities and authors.

# Your notes, your choice
From the board's menu you can download everything you wrote on the board (a JSON file) and erase your own notes and dots in one step. Erased means gone: not only hidden, but removed from the server's storage, its history and its files, and from the other devices' copies when they next connect. A facilitator can also erase a note, all notes of one person, or a whole board, for instance when you ask them to. Only the device that wrote the notes can erase them itself; from another device, ask a facilitator.

# What is not kept
The server keeps no record of who connected from where: its logs hold no names, cities, note text, links or network addresses. There are no advertising or tracking cookies.`

/** The notice with the operator's replacements, `{days}` filled in. */
export function privacyNotice(
  p: Pick<RetentionPolicy, 'days' | 'warnDays'>,
  custom: Partial<NoticeText> = {},
): NoticeText {
  const fill = (t: string) =>
    t.replaceAll('{days}', String(p.days)).replaceAll('{warnDays}', String(p.warnDays)).trim()
  return {
    short: fill(custom.short ?? SHORT),
    full: fill(custom.full ?? FULL),
    custom: custom.short !== undefined || custom.full !== undefined,
  }
}
