import type { ReactNode } from 'react'

/** A full-page message: errors, empty states, pages still to come. */
export function Message({
  title,
  children,
  action,
}: {
  title: string
  children?: ReactNode
  action?: ReactNode
}) {
  return (
    <main className="page-message">
      <div className="card">
        <h1>{title}</h1>
        {children && <p>{children}</p>}
        {action}
      </div>
    </main>
  )
}
