/**
 * One join link: the address to copy, a Copy button, its QR code on demand, and (for a
 * facilitator) a way to revoke it: the old link stops working and a new one replaces it.
 */
import { useEffect, useId, useRef, useState } from 'react'
import { qrSvg } from './qr'

/** Copy to the clipboard; falls back to the selection where the Clipboard API is refused. */
async function copyText(text: string, input: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    if (!input) return false
    input.select()
    return document.execCommand('copy')
  }
}

export function QrCode({ text, label }: { text: string; label: string }) {
  const [svg, setSvg] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    qrSvg(text).then(
      (s) => live && setSvg(s),
      () => live && setSvg(null),
    )
    return () => {
      live = false
    }
  }, [text])
  if (!svg) return <div className="qr qr-loading" aria-hidden="true" />
  return (
    // The SVG comes from the qrcode package (paths only), never from user text.
    <div
      className="qr"
      role="img"
      aria-label={`QR code: ${label}`}
      // biome-ignore lint/security/noDangerouslySetInnerHtml: generated SVG, see above
      dangerouslySetInnerHTML={{ __html: svg }}
    />
  )
}

export function JoinLink({
  kind,
  label,
  hint,
  url,
  qrOpen = false,
  onRevoke,
}: {
  /** Which link this is (for tests and styling): a role, or session-wide. */
  kind: string
  label: string
  hint: string
  url: string
  /** Show the QR code at once (the link people join with). */
  qrOpen?: boolean
  /** Revoke the link and make a new one (the caller shows the new link). */
  onRevoke?: () => Promise<void>
}) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null)
  const [showQr, setShowQr] = useState(qrOpen)
  const input = useRef<HTMLInputElement>(null)

  useEffect(() => {
    if (copied === null) return
    const t = setTimeout(() => setCopied(null), 2500)
    return () => clearTimeout(t)
  }, [copied])

  return (
    <div className="join-link" data-link={kind}>
      <div className="join-link-head">
        <span className="join-link-role">{label}</span>
        <span className="join-link-hint">{hint}</span>
      </div>
      <div className="join-link-row">
        <input
          ref={input}
          readOnly
          value={url}
          aria-label={`${label} link`}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button
          type="button"
          className="btn small"
          onClick={async () => setCopied((await copyText(url, input.current)) ? 'yes' : 'no')}
        >
          {copied === 'yes' ? 'Copied' : 'Copy'}
        </button>
        <button
          type="button"
          className="btn small ghost"
          aria-expanded={showQr}
          aria-label={`${showQr ? 'Hide' : 'Show'} QR code: ${label}`}
          onClick={() => setShowQr((s) => !s)}
        >
          QR
        </button>
      </div>
      <span className="sr-only" role="status">
        {copied === 'yes' ? 'Link copied' : copied === 'no' ? 'Copy failed: select the link' : ''}
      </span>
      {showQr && <QrCode text={url} label={label} />}
      {onRevoke && <RevokeLink label={label} onRevoke={onRevoke} />}
    </div>
  )
}

/** "Revoke…", then a confirmation that says what it does, then the result. */
function RevokeLink({ label, onRevoke }: { label: string; onRevoke: () => Promise<void> }) {
  const [step, setStep] = useState<'idle' | 'confirm' | 'busy' | 'done'>('idle')
  const [error, setError] = useState<string | null>(null)
  const noteId = useId()
  if (step === 'idle' || step === 'done') {
    return (
      <div className="revoke-row">
        <button
          type="button"
          className="btn small ghost danger"
          data-action="revoke-link"
          onClick={() => {
            setError(null)
            setStep('confirm')
          }}
        >
          Revoke…<span className="sr-only"> the {label} link</span>
        </button>
        <span role="status" className="muted revoke-status">
          {step === 'done' ? 'Revoked: the link above is the new one.' : ''}
        </span>
      </div>
    )
  }
  return (
    <div className="revoke-confirm" aria-describedby={noteId}>
      <p id={noteId}>
        Revoke the {label.toLowerCase()} link? Everyone who joined with it is disconnected at once
        and needs the new link.
      </p>
      <div className="revoke-row">
        <button
          type="button"
          className="btn small danger"
          data-action="confirm-revoke"
          disabled={step === 'busy'}
          onClick={async () => {
            setStep('busy')
            try {
              await onRevoke()
              setStep('done')
            } catch (e) {
              setError(e instanceof Error ? e.message : String(e))
              setStep('confirm')
            }
          }}
        >
          Revoke and make a new link
        </button>
        <button type="button" className="btn small ghost" onClick={() => setStep('idle')}>
          Cancel
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}
