/** What a page says when its link cannot open it: the key is missing, or the server refuses it. */
import type { ApiError } from './http'
import { Message } from './Message'

export function MissingToken() {
  return (
    <Message title="This link is incomplete">
      The link has lost its key (the part after <code>#t=</code>). Open the full link your
      facilitator sent you.
    </Message>
  )
}

export function LinkError({ error }: { error: ApiError }) {
  if (error.status === 404 || error.status === 401 || error.status === 403) {
    return (
      <Message title="This link does not work">
        It may have been replaced by a new one. Ask your facilitator for a fresh link.
      </Message>
    )
  }
  return (
    <Message
      title="The board cannot be reached"
      action={
        <button type="button" className="btn primary" onClick={() => window.location.reload()}>
          Try again
        </button>
      }
    >
      {error.message}
    </Message>
  )
}
