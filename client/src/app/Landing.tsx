/** The short landing page at `/`. */
export function Landing() {
  return (
    <main className="page-message">
      <div className="card landing">
        <h1>Sensemaking board</h1>
        <p>
          A shared board for <strong>What? / So What? / Now What?</strong> sessions: post stickies
          into three columns, tag each with a lever of change, cluster them into themes, and export
          a structured harvest.
        </p>
        <p>
          To join a session, open the link your facilitator sent you. Facilitators create a session
          with the server's admin token: <a href="/new">create a session</a>.
        </p>
      </div>
    </main>
  )
}
