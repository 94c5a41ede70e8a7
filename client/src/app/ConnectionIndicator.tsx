/**
 * The connection in words: live, reconnecting, offline (notes kept on this device), or a
 * link that no longer works, with the local notes downloadable as a harvest.
 */

import { useBoard } from '../board/BoardContext'
import { describeConnection } from '../board/connectionStatus'
import { downloadHarvest } from '../export/harvest'

export function ConnectionIndicator() {
  const { connection } = useBoard()
  const { label, detail } = describeConnection(connection.status, connection.closeCode)
  return (
    <div className={`connection status-${connection.status}`} title={detail}>
      <span className="connection-dot" aria-hidden="true" />
      <span className="connection-label" role="status" aria-live="polite">
        {label}
      </span>
    </div>
  )
}

/** A banner under the top bar when the board is not live. */
export function ConnectionBanner({ title }: { title: string }) {
  const { connection, doc, boardId, token } = useBoard()
  const { detail } = describeConnection(connection.status, connection.closeCode)
  if (connection.status === 'offline' || connection.status === 'reconnecting') {
    return (
      <div className="banner banner-warn" role="status">
        {detail}
      </div>
    )
  }
  if (connection.status !== 'revoked') return null
  return (
    <div className="banner banner-error" role="alert">
      <span>{detail}</span>
      <button
        type="button"
        className="btn small"
        onClick={() => downloadHarvest({ doc, boardId, token, title, fromServer: false }, 'json')}
      >
        Download my notes
      </button>
    </div>
  )
}
