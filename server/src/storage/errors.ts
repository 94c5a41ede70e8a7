/** A write refused because another node owns the board under a later epoch (several nodes). */
export class FencedWrite extends Error {
  constructor(readonly boardId: string) {
    super(`board ${boardId} is owned by another node now`)
    this.name = 'FencedWrite'
  }
}
