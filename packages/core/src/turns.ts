/**
 * Callers that share a key take turns: `run` starts `fn` once every earlier call with that key
 * (in this thread) has settled, whatever its outcome. A read-modify-write of one file or one
 * registry tag is then never interleaved with another of this process.
 */
export class Turns {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const turn = (this.tails.get(key) ?? Promise.resolve()).then(fn);
    const settled = turn.catch(() => undefined);
    this.tails.set(key, settled);
    try {
      return await turn;
    } finally {
      if (this.tails.get(key) === settled) this.tails.delete(key);
    }
  }
}
