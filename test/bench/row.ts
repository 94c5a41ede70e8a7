/** A row of the benchmark's table: a figure of the project beside the reference's, and their ratio. */
import type { Row } from './report'

export const row = (
  scenario: string,
  figure: string,
  unit: string,
  project: number,
  reference: number | null,
): Row => ({
  scenario,
  figure,
  unit,
  project,
  reference,
  ratio:
    reference === null || reference === 0 || !Number.isFinite(reference)
      ? null
      : project / reference,
})
