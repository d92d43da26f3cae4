import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Scope, Session } from './api/types';

/**
 * Who is signed in, in which workspace, and what their role lets them do.
 * Pages hide or disable what the session's scopes do not allow; the API
 * refuses it anyway.
 */
export interface SessionState {
  session: Session;
  can(scope: Scope): boolean;
  /** After sign-in, a workspace switch or any answer that is a new Session. */
  replace(session: Session): void;
  signOut(): Promise<void>;
}

export const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession() outside a signed-in page');
  return state;
}
