/** "Follow" on a person of the people list: their canvas viewport becomes ours (canvas only). */
import { useFollowStore } from './followStore'

export function FollowButton({ personId, name }: { personId: string; name: string }) {
  const canvas = useFollowStore((s) => s.editor !== null)
  const following = useFollowStore((s) => s.following === personId)
  if (!canvas) return null
  return (
    <button
      type="button"
      className="btn small follow-btn"
      aria-pressed={following}
      data-follow={personId}
      onClick={() => {
        const st = useFollowStore.getState()
        if (following) st.stop()
        else st.follow(personId, name)
      }}
    >
      {following ? 'Stop following' : 'Follow'}
      <span className="sr-only"> {name}</span>
    </button>
  )
}
