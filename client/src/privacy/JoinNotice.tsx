/**
 * The join page's notice: what is stored, where, for how long, who sees it, in one short
 * paragraph (the operator's, if they replaced it), the day this session's boards are erased,
 * and a link to the fuller page. The link opens a new tab: this page holds the board's link.
 */

import type { Retention } from '@sensemaking/shared'
import { useEffect, useState } from 'react'
import { getPrivacyNotice } from './api'
import { formatDay } from './noticeText'
import './privacy.css'

export function JoinNotice({ retention }: { retention?: Retention | null }) {
  const [text, setText] = useState<string | null>(null)
  useEffect(() => {
    getPrivacyNotice().then(
      (n) => setText(n.short),
      () => setText(null),
    )
  }, [])
  return (
    <section className="join-notice" aria-label="Your data">
      {text && <p>{text}</p>}
      {retention && retention.erasedAt === null && (
        <p className="join-retention">
          This session’s boards are kept until <strong>{formatDay(retention.expiresAt)}</strong>,
          then erased.
        </p>
      )}
      <p>
        <a href="/privacy" target="_blank" rel="noopener">
          How your data is handled
        </a>
      </p>
    </section>
  )
}
