import { api } from '../../api.ts';
import type { UnreadView } from '../../../../src/modules/notifications/index.ts';

// My unread count, shared by the header's badge and the inbox page (in the app's chunk, with the badge):
// the inbox tells the badge the count the server answered after marking read, without asking again.

type Listener = (unread: number) => void;
const listeners = new Set<Listener>();
/** Counts announced so far: a count fetched before the latest announcement is stale. */
let announced = 0;

function publish(unread: number) {
  for (const listener of listeners) listener(unread);
}

export function onUnread(listener: Listener): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** The count after a change of mine (marking read): the server's answer to it. */
export function announceUnread(unread: number) {
  announced += 1;
  publish(unread);
}

/** Asks the server for the count; an answer overtaken by an announcement is dropped. */
export async function refreshUnread(): Promise<void> {
  const seen = announced;
  const { unread } = await api.get<UnreadView>('/api/v1/me/notifications/unread');
  if (seen === announced) publish(unread);
}
