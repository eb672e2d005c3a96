import { useEffect } from 'react';
import { navigate, useLocation } from '../../router.tsx';
import { useSession } from '../../session.tsx';

/** Whether someone is signed in; someone signed out is sent to log in and brought back here (with the query). */
export function useSignedIn(): boolean {
  const { me } = useSession();
  const { path, search } = useLocation();
  const query = search.toString();
  const signedOut = me !== null && me.user === null;
  useEffect(() => {
    if (signedOut) navigate(`/login?next=${encodeURIComponent(query ? `${path}?${query}` : path)}`, { replace: true });
  }, [signedOut, path, query]);
  return Boolean(me?.user);
}
