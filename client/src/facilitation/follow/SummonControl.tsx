/**
 * "Bring everyone to me" [F8.6]: the facilitator's canvas viewport becomes everyone's, once.
 * Only with the canvas shown (the columns view has no viewport to share).
 */
import { setSummon } from '@sensemaking/shared'
import { useBoard } from '../../board/BoardContext'
import { FACILITATION_ORIGIN } from '../origin'
import { serverNow } from '../timer/serverClock'
import { useFollowStore } from './followStore'
import { ownSummons } from './ownSummons'
import { roundViewport } from './viewport'

export function SummonControl() {
  const { doc, user } = useBoard()
  const editor = useFollowStore((s) => s.editor)
  return (
    <fieldset className="fac-group">
      <legend>Everyone's view</legend>
      <div className="fac-row">
        <button
          type="button"
          className="btn small"
          disabled={!editor}
          data-action="summon"
          onClick={() => {
            if (!editor) return
            const at = Math.round(serverNow())
            ownSummons.add(at)
            const v = roundViewport(editor.getViewportPageBounds())
            setSummon(doc, { ...v, by: user.name, at }, { origin: FACILITATION_ORIGIN })
          }}
        >
          Bring everyone to me
        </button>
      </div>
      {!editor && <p className="fac-hint">Open the canvas to share your view.</p>}
    </fieldset>
  )
}
