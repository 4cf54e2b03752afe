/**
 * A fixed set of equal-sized buffers handed out and given back, so a writer that fills 4 MiB
 * blocks for 1 GB of input allocates a handful of them, not 250 that wait for a garbage
 * collection (external memory is what drove the kit builder past 400 MB RSS; bench/ouk).
 */
export class BlockPool {
  private readonly free: Buffer[] = [];
  private readonly out = new Map<ArrayBufferLike, Buffer>();
  private readonly waiting: ((b: Buffer) => void)[] = [];
  private created = 0;
  private disposed = false;

  constructor(
    readonly blockSize: number,
    private readonly capacity: number,
  ) {}

  /** A whole block (its previous content is garbage); waits while every block is out. */
  acquire(): Promise<Buffer> {
    const b = this.free.pop() ?? (this.created < this.capacity ? this.create() : undefined);
    if (b) return Promise.resolve(this.lend(b));
    return new Promise((resolve) => this.waiting.push((x) => resolve(this.lend(x))));
  }

  /** Gives back the block `view` is part of; views of buffers that are not ours are ignored. */
  release(view: Uint8Array): void {
    const b = this.out.get(view.buffer);
    if (!b) return;
    this.out.delete(view.buffer);
    if (this.disposed) return void free(b);
    const next = this.waiting.shift();
    if (next) next(b);
    else this.free.push(b);
  }

  /**
   * Frees every block now (and each block still lent out when it comes back) instead of at
   * some later garbage collection: a kit build's dead 4 MiB blocks were tens of MB of its peak RSS.
   */
  dispose(): void {
    this.disposed = true;
    for (const b of this.free.splice(0)) free(b);
  }

  private create(): Buffer {
    this.created++;
    // Its own ArrayBuffer (never the shared allocUnsafe pool), so `view.buffer` names the block.
    return Buffer.from(new ArrayBuffer(this.blockSize));
  }

  private lend(b: Buffer): Buffer {
    this.out.set(b.buffer, b);
    return b;
  }
}

/** Frees the memory under `b` at once (`ArrayBuffer.prototype.transfer(0)` detaches it); `b` is empty after. */
export function free(b: Uint8Array): void {
  // ES2024 (Node >= 21); the project's lib is ES2023.
  (b.buffer as ArrayBuffer & { transfer(length: number): ArrayBuffer }).transfer(0);
}
