/**
 * The person's own name and city, editable at any time (remembered on this device), and their
 * own notes on the board (download or erase them), and their other devices [F14.4].
 */
import { useState } from 'react'
import { useBoard } from '../board/BoardContext'
import { JoinForm } from '../join/JoinForm'
import { LinkDevice } from '../people/LinkDevice'
import { MyData } from '../privacy/MyData'

export function UserMenu() {
  const { user, role } = useBoard()
  const [editing, setEditing] = useState(false)
  return (
    <div className="menu">
      <button
        type="button"
        className="btn ghost"
        onClick={() => setEditing(true)}
        title="Change your name or city"
      >
        <span className="dot" style={{ background: user.color }} aria-hidden="true" />
        {user.name}
        {user.city && <span className="muted user-city"> · {user.city}</span>}
      </button>
      {editing && (
        <div className="modal-backdrop">
          <div className="card" role="dialog" aria-modal="true" aria-label="Your name and city">
            <JoinForm
              role={role}
              showRole={false}
              submitLabel="Save"
              onDone={() => setEditing(false)}
              onCancel={() => setEditing(false)}
            />
            <MyData />
            <LinkDevice />
          </div>
        </div>
      )}
    </div>
  )
}
