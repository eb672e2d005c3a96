import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { MeView } from '../../src/modules/identity/index.ts';
import { api } from './api.ts';
import { firstData, firstUrls } from './first-data.ts';

/** Who I am and my communities (GET /api/v1/me, the identity module's answer). */
export type Me = MeView;
/** A role's name: the platform's and every installed module's. */
export type Role = MeView['communities'][number]['roles'][number];

interface SessionValue {
  me: Me | null;
  /** Reloads who I am (after logging in or out, joining, changing my name). */
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionValue>({ me: null, refresh: async () => {} });

export function SessionProvider({ children }: { children: ReactNode }) {
  // Sent with the page by the server, if it rendered this page; asked for otherwise.
  const [me, setMe] = useState<Me | null>(() => firstData<Me>(firstUrls.me()) ?? null);
  const refresh = useCallback(async () => {
    try {
      setMe(await api.get<Me>(firstUrls.me()));
    } catch {
      setMe({ user: null, communities: [] });
    }
  }, []);
  useEffect(() => {
    if (!firstData<Me>(firstUrls.me())) void refresh();
  }, [refresh]);
  return <SessionContext.Provider value={{ me, refresh }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  return useContext(SessionContext);
}

export function rolesIn(me: Me | null, slug: string): Role[] {
  return me?.communities.find((c) => c.slug === slug)?.roles ?? [];
}
