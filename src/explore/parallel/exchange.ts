import type { Interned } from '../encodedParts.js';
import type { StateEncoder } from '../StateEncoder.js';
import type { StepCache } from '../StepCache.js';
import type { World } from '../../shared/world.js';

/**
 * States one worker hands another to even out their next levels (rebalance.ts). Part codes are each worker's own (its encoder
 * interns parts in the order it meets them), so a state travels in the sender's codes and a code
 * travels with its part the first time the sender names it to that receiver (parts are few: after
 * the first levels a state is a few words). The receiver adopts each part (StateEncoder.adopt, by
 * canonical key, so by content hash) and keeps the sender's code -> its own code.
 */
export interface Batch {
  /** Per state: fingerprint (2), used (2), partition, length, the sender's fixed row, then `length` sender codes. */
  records: Int32Array;
  parts: { code: number; entry: Interned; real: unknown }[];
  /** The sender's table of partitions (a record's partition indexes it). */
  partitions: NonNullable<World['partition']>[];
}

export const RECORD_HEADER = 7;

export class Outbox {
  private records = new Int32Array(1 << 12);
  private end = 0;
  private parts: Batch['parts'] = [];
  /** Sender codes already named to this receiver. */
  private named = new Uint8Array(1 << 10);
  states = 0;
  bytes = 0;

  constructor(private readonly encoder: StateEncoder) {}

  /** A state as codes `codes[from..from + length)`, with its fingerprint and counters. */
  add(codes: Int32Array, from: number, length: number, high: number, low: number, usedLow: number, usedHigh: number, partition: number, row: number): void {
    if (this.end + RECORD_HEADER + length > this.records.length) {
      const grown = new Int32Array(Math.max(2 * this.records.length, this.end + RECORD_HEADER + length));
      grown.set(this.records.subarray(0, this.end));
      this.records = grown;
    }
    const r = this.records;
    let at = this.end;
    r[at++] = high;
    r[at++] = low;
    r[at++] = usedLow;
    r[at++] = usedHigh;
    r[at++] = partition;
    r[at++] = length;
    r[at++] = row;
    for (let i = 0; i < length; i++) {
      const code = codes[from + i];
      r[at++] = code;
      if (code >= this.named.length) {
        const grown = new Uint8Array(Math.max(2 * this.named.length, code + 1));
        grown.set(this.named);
        this.named = grown;
      }
      if (this.named[code] === 0) {
        this.named[code] = 1;
        this.parts.push({ code, ...this.encoder.partOf(code) });
      }
    }
    this.end = at;
    this.states++;
  }

  /** This level's batch (its records' buffer is transferred), and an empty box for the next. */
  take(partitions: NonNullable<World['partition']>[]): Batch {
    const batch: Batch = { records: this.records.slice(0, this.end), parts: this.parts, partitions };
    this.bytes += batch.records.byteLength;
    this.end = 0;
    this.parts = [];
    return batch;
  }
}

/** What a receiver keeps of one sender: the sender's code -> its own. */
export class Inbox {
  private local = new Int32Array(1 << 10).fill(-1);
  private rows = new Int32Array(1 << 10).fill(-1);
  private readonly row = new Int32Array(64);

  constructor(private readonly encoder: StateEncoder) {}

  /** Adopts the batch's new parts; then `translate` turns its records' codes into this worker's. */
  adoptParts(batch: Batch): void {
    for (const { code, entry, real } of batch.parts) {
      if (code >= this.local.length) {
        const grown = new Int32Array(Math.max(2 * this.local.length, code + 1)).fill(-1);
        grown.set(this.local);
        this.local = grown;
      }
      this.local[code] = this.encoder.adopt(entry, real);
    }
  }

  /** This worker's fixed row (StepCache) for the sender's row `row`, whose state's codes (translated) are `codes`. */
  rowOf(row: number, codes: Int32Array, cache: StepCache): number {
    if (row >= this.rows.length) {
      const grown = new Int32Array(Math.max(2 * this.rows.length, row + 1)).fill(-1);
      grown.set(this.rows);
      this.rows = grown;
    }
    if (this.rows[row] < 0) this.rows[row] = cache.rowOf(codes);
    return this.rows[row];
  }

  /** The record's codes in this worker's codes, as a view valid until the next call. */
  translate(records: Int32Array, from: number, length: number): Int32Array {
    const row = length <= this.row.length ? this.row : new Int32Array(length);
    for (let i = 0; i < length; i++) {
      const code = this.local[records[from + i]];
      if (code === undefined || code < 0) throw new Error(`explore: a parallel worker sent code ${records[from + i]} without its part`);
      row[i] = code;
    }
    return row.subarray(0, length);
  }
}
