/**
 * The policy table [F12], run against the server's check and the views' questions: each case
 * (role × board state × change) gives the reason each refuses it, or none. The same table runs
 * against the server's write path in server/src/integration/policyTable.test.ts.
 */
import { describe, expect, it } from 'vitest'
import { caseTitle, POLICY_CASES } from '../testing/policyCases'
import { askServer, askViews } from '../testing/policyUnits'
import { REFUSAL, RULES, refusalOfEveryChange } from './rules'

describe('the policy table [F12]', () => {
  for (const c of POLICY_CASES) {
    it(`${caseTitle(c)}: server ${c.server ?? 'allows'}, views ${c.views ?? 'allow'}`, () => {
      expect(askServer(c)?.code ?? null).toBe(c.server)
      expect(askViews(c)?.code ?? null).toBe(c.views)
    })
  }

  it('the views refuse everything the server refuses: they differ only on rows the views alone check', () => {
    const viewsOnly = new Set(RULES.filter((r) => r.checker === 'views').map((r) => r.code))
    for (const c of POLICY_CASES) {
      if (c.server !== null) expect(c.views, caseTitle(c)).not.toBeNull()
      if (c.server !== c.views) {
        const first = c.views ?? c.server
        expect(viewsOnly.has(first!), caseTitle(c)).toBe(true)
      }
    }
  })

  it('every rule of the table has a case that meets it', () => {
    const met = new Set(POLICY_CASES.flatMap((c) => [c.server, c.views]))
    for (const r of RULES) expect(met.has(r.code), r.rule).toBe(true)
    for (const c of POLICY_CASES) {
      const cited = RULES.filter((r) => r.rule === c.rule).map((r) => r.code)
      // A case cites the rule that gives its reason, or F12.1 / a format rule when allowed.
      if (c.views !== null && cited.length > 0) expect(cited, caseTitle(c)).toContain(c.views)
    }
  })

  it('[F12.2] a change refused whatever it holds is an observer’s alone, and its reason is the one the table gives', () => {
    expect(refusalOfEveryChange({ role: 'observer', person: null })?.code).toBe(REFUSAL.observer)
    expect(refusalOfEveryChange({ role: 'participant', person: null })).toBeNull()
    expect(refusalOfEveryChange({ role: 'facilitator', person: null })).toBeNull()
    for (const c of POLICY_CASES) {
      const every = refusalOfEveryChange({ role: c.role, person: null })
      if (every) expect(askServer(c)?.code ?? null, caseTitle(c)).toBe(every.code)
    }
  })
})
