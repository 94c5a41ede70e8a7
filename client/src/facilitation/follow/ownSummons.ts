/** The summons this tab made: the facilitator who brings everyone is already there. */
export const ownSummons = new Set<number>()
