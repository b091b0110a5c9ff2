import type { InFlight, World } from '../shared/world.js';
import { findMessage } from '../world/world.js';
import type { MessageRef } from './labels.js';

/**
 * The messages of one candidate's replay, by the event that sent them: resolves a MessageRef to
 * the message it names in this world, and names each message sent for the labels of events that
 * repair inserts. A ref names its message by slot first; when the sender now sends a different
 * list (a smaller cluster broadcasts to fewer peers, so every later slot moves), the first
 * message of that sender with the same sender, receiver and type still in flight stands in.
 */
export class RefTable {
  private readonly sentBy = new Map<number, InFlight[]>();
  private readonly refs = new Map<number, MessageRef>();

  noteBoot(network: readonly InFlight[]): void {
    this.noteSent(-1, network);
  }

  noteSent(sender: number, sent: readonly InFlight[], copyOf?: MessageRef): void {
    if (sent.length === 0) return;
    this.sentBy.set(sender, [...sent]);
    sent.forEach((m, slot) => {
      this.refs.set(m.id, { sender, slot, from: m.from, to: m.to, type: m.msg.type, ...(copyOf === undefined ? {} : { copyOf }) });
    });
  }

  /** The ref of a message sent in this replay. */
  refOf(id: number): MessageRef | undefined {
    return this.refs.get(id);
  }

  /** The in-flight message a ref names; a removed duplicate's copy falls back to the message it copied. */
  resolve(world: World, ref: MessageRef): InFlight | undefined {
    const sent = this.sentBy.get(ref.sender);
    if (sent === undefined) return ref.copyOf === undefined ? undefined : this.resolve(world, ref.copyOf);
    const same = (m: InFlight | undefined): m is InFlight => m !== undefined && m.from === ref.from && m.to === ref.to && m.msg.type === ref.type;
    const bySlot = sent[ref.slot];
    if (same(bySlot)) return findMessage(world, bySlot.id);
    for (const m of sent) if (same(m)) return findMessage(world, m.id);
    return undefined;
  }
}
