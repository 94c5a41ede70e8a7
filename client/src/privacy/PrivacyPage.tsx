/** `/privacy`: the fuller notice (what is stored, where, how long, who sees it, your choices). */

import type { PrivacyNotice } from '@sensemaking/shared'
import { useEffect, useState } from 'react'
import { getPrivacyNotice } from './api'
import { noticeBlocks } from './noticeText'
import './privacy.css'

export function PrivacyPage() {
  const [notice, setNotice] = useState<PrivacyNotice | null>(null)
  const [failed, setFailed] = useState(false)
  useEffect(() => {
    document.title = 'Your data · Sensemaking board'
    getPrivacyNotice().then(setNotice, () => setFailed(true))
  }, [])
  return (
    <main className="page-message">
      <article className="card privacy-page" aria-labelledby="privacy-h">
        <p className="eyebrow">Sensemaking board</p>
        <h1 id="privacy-h">How this board handles your data</h1>
        {failed && (
          <p className="form-error" role="alert">
            The notice could not be loaded: the server cannot be reached.
          </p>
        )}
        {!notice && !failed && <p className="muted">Loading…</p>}
        {notice &&
          noticeBlocks(notice.full).map((b, i) =>
            b.kind === 'heading' ? (
              // biome-ignore lint/suspicious/noArrayIndexKey: the blocks never move
              <h2 key={i}>{b.text}</h2>
            ) : (
              // biome-ignore lint/suspicious/noArrayIndexKey: the blocks never move
              <p key={i}>{b.text}</p>
            ),
          )}
      </article>
    </main>
  )
}
