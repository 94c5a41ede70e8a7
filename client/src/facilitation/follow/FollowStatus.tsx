/** While following someone: whose view this is, and a way back to one's own. */
import { useEffect } from 'react'
import { useFollowStore } from './followStore'

export function FollowStatus() {
  const following = useFollowStore((s) => s.following)
  const name = useFollowStore((s) => s.followingName)
  const stop = useFollowStore((s) => s.stop)
  useEffect(() => {
    if (!following) return
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') stop()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [following, stop])
  if (!following) return null
  return (
    <span className="follow-chip" role="status" data-testid="following">
      Following {name}
      <button type="button" className="btn ghost small" onClick={stop}>
        Stop
      </button>
    </span>
  )
}
